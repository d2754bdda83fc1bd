import type Docker from 'dockerode';
import { engineInfo } from '../docker/engine';

export type HostProbe = {
  cpuTotal: number; // millicores
  memoryTotalMb: number;
  dockerVersion: string;
  name: string;
};

export const PROBE_TIMEOUT_MS = 5_000;

/** `docker info` on an engine: NCPU → millicores, MemTotal → MB. Rejects after the timeout. */
export async function probeHost(docker: Docker, timeoutMs = PROBE_TIMEOUT_MS): Promise<HostProbe> {
  const info = await engineInfo(docker, timeoutMs);
  return {
    cpuTotal: Math.round((info.NCPU ?? 0) * 1000),
    memoryTotalMb: Math.floor((info.MemTotal ?? 0) / (1024 * 1024)),
    dockerVersion: info.ServerVersion ?? 'unknown',
    name: info.Name ?? '',
  };
}
