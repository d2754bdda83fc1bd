/**
 * The one polling helper of the integration tests: calls `check` until it returns a truthy value
 * (which is returned) or `timeoutMs` has passed (throws "timed out waiting for <what>"). A check
 * that throws fails the wait at once, unless `ignoreErrors` (a service being restarted answers
 * with errors for a while: that is "not yet").
 *
 * Polled every 200 ms by default: the checks are a query or a request on loopback, and every
 * millisecond between the event and the next poll is time each test waits for nothing.
 */
export type WaitOptions = { intervalMs?: number; ignoreErrors?: boolean };
/** What a passing check returned: `row.status === 'X' && row` gives the row. */
export type Truthy<T> = Exclude<T, null | undefined | false | 0 | ''>;

export async function waitFor<T>(
  check: () => Promise<T>,
  timeoutMs = 30_000,
  what = 'condition',
  opts: WaitOptions = {},
): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = opts.ignoreErrors ? await check().catch(() => null) : await check();
    if (value) return value as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 200));
  }
}
