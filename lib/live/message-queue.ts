/** One pub/sub message as received: which channel, and its raw text. */
export type LiveMessage = { channel: string; raw: string };

/**
 * Messages that arrived and are not read yet, oldest first, plus a sleep they cut short. Readers
 * take one message at a time, so one that stops early (a terminal message) leaves the rest for
 * whoever reads next.
 */
export class MessageQueue {
  private readonly queue: LiveMessage[] = [];
  private wake: (() => void) | null = null;
  private closed = false;

  push(message: LiveMessage): void {
    if (this.closed) return;
    this.queue.push(message);
    this.wake?.();
  }

  /** The oldest unread message, if any. */
  next(): LiveMessage | undefined {
    return this.queue.shift();
  }

  /** Resolves when a message is waiting, after `ms` (none when not finite), on abort or close. */
  wait(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.queue.length > 0 || this.closed || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = Number.isFinite(ms) ? setTimeout(done, Math.max(0, ms)) : undefined;
      signal?.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.wake?.();
  }
}
