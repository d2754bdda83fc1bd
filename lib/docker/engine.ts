import type Docker from 'dockerode';
import { withTimeout } from './connect';

export type EngineInfo = { NCPU?: number; MemTotal?: number; ServerVersion?: string; Name?: string };

/** `docker info`, bounded by `timeoutMs`. */
export async function engineInfo(docker: Docker, timeoutMs: number): Promise<EngineInfo> {
  return (await withTimeout(docker.info(), timeoutMs, 'docker info')) as EngineInfo;
}
