import type { FailureText } from '../model/deploy-failure';

/**
 * A failed health check in words a developer can act on (Heroku's R10 "Web process failed to
 * bind to $PORT"): the port Berth expected, the app's last log lines quoted, and — when nothing
 * answered — the advice to listen on $PORT, naming the port the log mentions if it mentions one.
 */
export type HealthFailureInput = {
  kind: 'no-answer' | 'status' | 'stopped';
  /** The health check's own words ("health check failed: GET / failed: socket hang up within 60 s"). */
  problem: string;
  /** The container port the app must listen on ($PORT). */
  port: number;
  /** "web.1", for the log section's title. */
  instance: string;
  /** The last lines the container printed, oldest first. */
  logTail: string[];
};

const QUOTE_MAX = 160;

export function healthFailureText(input: HealthFailureInput): FailureText {
  const lines = input.logTail.map((l) => l.replace(/\s+$/, '')).filter((l) => l.trim() !== '');
  const last = lines.at(-1);
  const quote = (line: string) => JSON.stringify(line.length > QUOTE_MAX ? `${line.slice(0, QUOTE_MAX - 1)}…` : line);
  let reason: string;
  if (input.kind === 'no-answer') {
    const other = mentionedPort(lines, input.port);
    reason =
      `health check failed: nothing answered HTTP on port ${input.port} ($PORT) in time — ` +
      (other !== null
        ? `the app's log mentions port ${other.port} (${quote(other.line)}): make it listen on $PORT (${input.port}) instead`
        : `make the web process listen on $PORT (${input.port})${last ? `; its last log line: ${quote(last)}` : ', it printed nothing'}`);
  } else {
    reason = `${input.problem}${last ? `; the app's last log line: ${quote(last)}` : ''}`;
  }
  const detail = [
    input.problem,
    lines.length ? `Last log lines of ${input.instance}:\n${lines.map((l) => `  ${l}`).join('\n')}` : `${input.instance} printed nothing.`,
  ].join('\n\n');
  return { reason, detail };
}

/** The last log line naming a port other than `expected` ("listening on 3999", ":8080"), if any. */
export function mentionedPort(lines: string[], expected: number): { port: number; line: string } | null {
  // host:port only where the host looks like one (an IPv4 address, a name with a letter, [v6], *):
  // a time of day ("10:47:08") is not a port, hence also no ":" or "." straight after the digits.
  const pattern =
    /(?:\bport\b\D{0,12}|listen(?:ing)?\b\D{0,20}|https?:\/\/[^\s/:]*:|(?:^|\s)(?:\d{1,3}(?:\.\d{1,3}){3}|[a-z][\w.-]*|\[[\d:a-f]*\]|\*):)(\d{2,5})\b(?![:.]\d)/gi;
  for (let i = lines.length - 1; i >= 0; i--) {
    for (const m of lines[i].matchAll(pattern)) {
      const port = Number(m[1]);
      if (port > 0 && port < 65536 && port !== expected) return { port, line: lines[i] };
    }
  }
  return null;
}
