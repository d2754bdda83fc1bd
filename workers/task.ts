/** What each worker module's `start()` returns: a name for logs and a graceful close. */
export type BackgroundTask = { name: string; close: () => Promise<void> };
