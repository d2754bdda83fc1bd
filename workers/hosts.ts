import type { BackgroundTask } from './task';

// Placeholder until this worker is written.
export async function start(): Promise<BackgroundTask> {
  return { name: 'hosts', close: async () => {} };
}
