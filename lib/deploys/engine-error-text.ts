import type { FailureText } from '../model/deploy-failure';

/**
 * Docker engine errors in one sentence. dockerode's messages read like
 * "(HTTP code 500) server error - driver failed programming external connectivity on endpoint
 * berth-…: Bind for 127.0.0.1:20001 failed: port is already allocated": true, but not what a
 * person scanning a status column needs. The sentence says what went wrong; the raw text stays
 * in `detail` for a collapsible section.
 */
const KNOWN: { test: RegExp; say: (m: RegExpExecArray) => string }[] = [
  { test: /port is already allocated|address already in use/i, say: () => 'the host port picked for this instance is already in use by another program' },
  { test: /no such image|pull access denied|manifest unknown/i, say: () => "the app's image is missing on the host" },
  { test: /no space left on device/i, say: () => 'the host is out of disk space' },
  { test: /executable file not found in \$PATH|no such file or directory.*exec|exec format error/i, say: () => "the container's command could not be run (missing or built for another CPU)" },
  { test: /OCI runtime create failed|failed to create (?:shim|task)/i, say: () => 'the container runtime could not create the container' },
  { test: /is not running|is restarting/i, say: () => 'the container stopped while Berth was starting it' },
  { test: /Conflict\. The container name .* is already in use/i, say: () => 'a container with the same name is still being removed' },
  { test: /ECONNREFUSED|connect ENOENT|socket hang up|EHOSTUNREACH|ETIMEDOUT|timeout/i, say: () => 'the Docker engine did not answer' },
];

const ENGINE = /^\(HTTP code \d+\)|ECONNREFUSED .*docker|connect ENOENT .*docker\.sock/i;

/** Whether an error came from the Docker engine (dockerode's HTTP errors, an unreachable socket). */
export function isEngineError(error: unknown): boolean {
  const e = error as { statusCode?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  return typeof e.statusCode === 'number' || (typeof e.message === 'string' && ENGINE.test(e.message));
}

export function engineErrorText(raw: string): FailureText {
  for (const known of KNOWN) {
    const m = known.test.exec(raw);
    if (m) return { reason: `Docker could not start the instance: ${known.say(m)}`, detail: raw };
  }
  // Unknown: the engine's own words without the HTTP prefix, cut at the first clause.
  const words = raw.replace(/^\(HTTP code \d+\)\s*(?:[a-z ]+ - )?/i, '').split(/:\s|\n/)[0].trim();
  const short = words.length > 120 ? `${words.slice(0, 117)}…` : words;
  return { reason: `Docker refused to start the instance${short ? `: ${short}` : ''}`, detail: raw };
}
