import type Docker from 'dockerode';

/**
 * A Docker engine that has just restarted (or is saturated) sometimes drops a request's
 * connection before answering: "socket hang up" / ECONNRESET, seen on the first deploy after an
 * engine restart. A call that has the same effect when sent twice is sent again — at most
 * `RETRIES` more times, after a short pause — instead of failing a whole deploy or reconcile pass.
 * Everything else (create, remove, exec, builds, streams, hijacked connections) is never repeated.
 */
export const RETRIES = 2;
const PAUSE_MS = 200;

/** The subset of docker-modem's dial() options this decision reads. */
export type DialOptions = {
  method?: string;
  path?: string;
  isStream?: boolean;
  hijack?: boolean;
  openStdin?: boolean;
  file?: unknown;
  options?: Record<string, unknown>;
  [key: string]: unknown;
};
type DialCallback = (error: unknown, data: unknown) => void;

/** Reads (GET, HEAD) and start/stop of a container: repeating them changes nothing. */
export function isIdempotentCall(options: DialOptions): boolean {
  if (options.isStream || options.hijack || options.openStdin || options.file !== undefined) return false;
  const method = (options.method ?? 'GET').toUpperCase();
  if (method === 'GET' || method === 'HEAD') return true;
  return method === 'POST' && /^\/containers\/[^/?]+\/(start|stop)(\?|$)/.test(options.path ?? '');
}

/** The connection went away before an answer (not a timeout, an abort or an HTTP error). */
export function isConnectionDrop(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e) return false;
  return e.code === 'ECONNRESET' || e.code === 'EPIPE' || e.message === 'socket hang up';
}

/** Wraps `docker`'s modem so idempotent calls survive a dropped connection; returns `docker`. */
export function retryIdempotentCalls<D extends Docker>(docker: D, pauseMs = PAUSE_MS): D {
  const modem = docker.modem as unknown as { dial(options: DialOptions, callback: DialCallback): unknown };
  const dial = modem.dial.bind(modem);
  modem.dial = (options: DialOptions, callback: DialCallback) => {
    if (!isIdempotentCall(options)) return dial(options, callback);
    // dial() edits its options (path prefix, removed query fields): each attempt gets a fresh copy.
    const pristine = { ...options, options: options.options ? { ...options.options } : options.options };
    let attempt = 0;
    const once = () =>
      dial({ ...pristine, options: pristine.options ? { ...pristine.options } : pristine.options }, (error, data) => {
        if (error && isConnectionDrop(error) && attempt < RETRIES) {
          attempt++;
          setTimeout(once, pauseMs * attempt);
          return;
        }
        callback(error, data);
      });
    return once();
  };
  return docker;
}
