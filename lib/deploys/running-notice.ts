/**
 * An in-process notice that one of an app's instances just became RUNNING. The waker holds
 * requests for a waking app until its web instance is RUNNING; when the START deployment runs in
 * the same process (the usual case: the leader worker runs deploy jobs and the waker), this tells
 * it at once instead of at its next poll of the row. Only a hint: the listener still reads the
 * row, and polls anyway, for a deploy that ran in another worker process.
 */
const waiters = new Map<string, Set<() => void>>();

/** Called after the instance's RUNNING status is written. */
export function announceRunning(appId: string): void {
  const set = waiters.get(appId);
  if (!set) return;
  waiters.delete(appId);
  for (const wake of set) wake();
}

/**
 * Resolves at the app's next announcement or after `ms`, whichever comes first. Subscribe before
 * reading the row, then await: an announcement between the read and the wait is not missed.
 */
export function nextRunningNotice(appId: string, ms: number): { wait: () => Promise<void>; cancel: () => void } {
  let wake!: () => void;
  const done = new Promise<void>((resolve) => (wake = resolve));
  const timer = setTimeout(wake, ms);
  let set = waiters.get(appId);
  if (!set) waiters.set(appId, (set = new Set()));
  set.add(wake);
  const cancel = () => {
    clearTimeout(timer);
    const current = waiters.get(appId);
    current?.delete(wake);
    if (current?.size === 0) waiters.delete(appId);
    wake();
  };
  return { wait: () => done.then(cancel), cancel };
}
