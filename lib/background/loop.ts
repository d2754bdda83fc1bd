import { describeError } from '../errors';
import { systemClock, type Clock } from './clock';

/**
 * The one shape for periodic background work (host heartbeats, reconcile, the build outbox, log
 * scans, metrics, retention) and for serialised, coalesced work (proxy sync):
 *  - a run never overlaps the previous one;
 *  - the next periodic run starts `intervalMs` after the previous one ended;
 *  - `wake()` asks for a run now: when one is in progress, exactly one more follows it, however
 *    many wake-ups arrive meanwhile (they coalesce);
 *  - time comes from an injectable Clock, so tests advance it instead of sleeping;
 *  - a failed run is reported (`onError`, default: logged) and the loop goes on;
 *  - `close()` stops the timer, aborts the run's signal and waits for the run in progress.
 */
export type LoopOptions = {
  /** For logs: `[name] failed: …`. */
  name: string;
  /** One pass. `signal` aborts when the loop closes. */
  run: (signal: AbortSignal) => Promise<unknown>;
  /** Pause between the end of a run and the next one; omit for a loop that runs only when woken. */
  intervalMs?: number;
  /** Run once right away (default), or only after the first interval or wake-up. */
  runAtStart?: boolean;
  clock?: Clock;
  /** A failed run's error; the default logs it. */
  onError?: (error: unknown) => void;
};

export type Loop = {
  /** Ask for a run now (coalesced); never throws, failures go to `onError`. */
  wake(): void;
  /**
   * Like `wake()`, and resolves once a run that STARTED after this call has finished (rejects
   * with that run's error). Callers during one run share the run after it.
   */
  next(): Promise<void>;
  close(): Promise<void>;
};

type Deferred = { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void };

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => undefined); // wake()-only callers never look at it
  return { promise, resolve, reject };
}

export function startLoop(opts: LoopOptions): Loop {
  const clock = opts.clock ?? systemClock;
  const onError = opts.onError ?? ((error: unknown) => console.error(`[${opts.name}] failed: ${describeError(error)}`));
  const stop = new AbortController();
  let inProgress: Promise<void> | null = null; // settles (never rejects) when the current run ends
  let queued: Deferred | null = null; // the one run asked for while another was in progress
  let cancelTimer: (() => void) | null = null;

  function begin(): Promise<void> {
    cancelTimer?.();
    cancelTimer = null;
    // Started on the next microtask, so `inProgress` is set before the run can wake the loop itself.
    const run = Promise.resolve()
      .then(() => opts.run(stop.signal))
      .then(() => undefined);
    inProgress = run.then(
      () => undefined,
      (error: unknown) => onError(error),
    ).then(ended);
    return run;
  }

  function ended() {
    inProgress = null;
    const waiting = queued;
    queued = null;
    if (stop.signal.aborted) waiting?.reject(new Error(`${opts.name} closed`));
    else if (waiting) begin().then(waiting.resolve, waiting.reject);
    else if (opts.intervalMs !== undefined) cancelTimer = clock.schedule(opts.intervalMs, tick);
  }

  function tick() {
    cancelTimer = null;
    loop.wake();
  }

  function request(): Promise<void> {
    if (stop.signal.aborted) return Promise.reject(new Error(`${opts.name} closed`));
    if (!inProgress) return begin();
    queued ??= deferred();
    return queued.promise;
  }

  const loop: Loop = {
    wake: () => void request().catch(() => undefined),
    next: request,
    close: async () => {
      stop.abort();
      cancelTimer?.();
      cancelTimer = null;
      await inProgress;
    },
  };

  if (opts.runAtStart ?? true) loop.wake();
  else if (opts.intervalMs !== undefined) cancelTimer = clock.schedule(opts.intervalMs, tick);
  return loop;
}
