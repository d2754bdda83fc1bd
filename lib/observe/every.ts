/**
 * Runs `fn` now and then every `ms` after each run finishes (never overlapping itself);
 * failures are logged and the loop goes on. `close` waits for a run in progress.
 */
export function every(ms: number, name: string, fn: () => Promise<unknown>): { close: () => Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = fn()
      .catch((error) => console.error(`[observe] ${name} failed: ${(error as Error).message}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, ms);
      });
  };
  tick();
  return {
    close: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
