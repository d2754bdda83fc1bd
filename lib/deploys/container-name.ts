import { config } from '../config';

/**
 * The Docker name of an app instance: berth-<installation>-<app>-v<version>-<process>-<index>.
 * Deterministic (app + release + process + index) so a retried deploy finds and reuses the
 * container it created before instead of starting a second one.
 */
export function containerName(input: { app: string; version: number; processType: string; index: number }): string {
  const process = input.processType.replace(/[^a-z0-9]/gi, '').toLowerCase() || 'web';
  return `berth-${config().BERTH_INSTALLATION}-${input.app}-v${input.version}-${process}-${input.index}`;
}

/** The port every app container listens on ($PORT); the host side is allocated per instance. */
export const CONTAINER_PORT = 5000;
