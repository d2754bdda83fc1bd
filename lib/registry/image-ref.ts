/** "berth/shop:abc123" → { repo: "berth/shop", tag: "abc123" } (tag defaults to latest). */
export function splitImageTag(imageTag: string): { repo: string; tag: string } {
  const slash = imageTag.lastIndexOf('/');
  const colon = imageTag.lastIndexOf(':');
  if (colon > slash) return { repo: imageTag.slice(0, colon), tag: imageTag.slice(colon + 1) };
  return { repo: imageTag, tag: 'latest' };
}

/** The image's name in the registry: "<registry>/<repo>:<tag>". */
export function registryRef(registry: string, imageTag: string): string {
  const { repo, tag } = splitImageTag(imageTag);
  return `${registry}/${repo}:${tag}`;
}
