import type Docker from 'dockerode';

/** Whether an engine has an image by name; other errors (engine down) propagate. */
export async function hasImage(docker: Docker, imageTag: string): Promise<boolean> {
  try {
    await docker.getImage(imageTag).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}
