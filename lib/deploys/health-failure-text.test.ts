import { describe, expect, it } from 'vitest';
import { healthFailureText, mentionedPort } from './health-failure-text';

describe('healthFailureText', () => {
  const base = { port: 5000, instance: 'web.1', problem: 'health check failed: GET / failed: socket hang up within 60 s' };

  it('an app listening on another port: names $PORT, the port its log mentions, and quotes the line', () => {
    const text = healthFailureText({ ...base, kind: 'no-answer', logTail: ['booting', 'listening on 3999', ''] });
    expect(text.reason).toBe(
      'health check failed: nothing answered HTTP on port 5000 ($PORT) in time — the app\'s log mentions port 3999 ("listening on 3999"): make it listen on $PORT (5000) instead',
    );
    expect(text.detail).toContain('GET / failed: socket hang up');
    expect(text.detail).toContain('Last log lines of web.1:\n  booting\n  listening on 3999');
  });

  it('no port in the log: suggests $PORT and quotes the last line', () => {
    const text = healthFailureText({ ...base, kind: 'no-answer', logTail: ['Server ready on port 5000', 'still warming up'] });
    expect(text.reason).toContain('make the web process listen on $PORT (5000); its last log line: "still warming up"');
  });

  it('an app that printed nothing says so', () => {
    const text = healthFailureText({ ...base, kind: 'no-answer', logTail: [] });
    expect(text.reason).toMatch(/listen on \$PORT \(5000\), it printed nothing$/);
    expect(text.detail).toContain('web.1 printed nothing.');
  });

  it('a wrong status keeps the check\'s words and adds the last log line', () => {
    const text = healthFailureText({
      ...base,
      kind: 'status',
      problem: 'health check failed: GET /health answered 404, expected 200 (3 attempts)',
      logTail: ['GET /health 404'],
    });
    expect(text.reason).toBe('health check failed: GET /health answered 404, expected 200 (3 attempts); the app\'s last log line: "GET /health 404"');
  });

  it('cuts a very long log line in the reason', () => {
    const text = healthFailureText({ ...base, kind: 'stopped', problem: 'the container stopped during the health check (exit code 1)', logTail: ['x'.repeat(500)] });
    expect(text.reason.length).toBeLessThan(260);
    expect(text.detail).toContain('x'.repeat(500));
  });
});

describe('mentionedPort', () => {
  it.each([
    ['listening on 3999', 3999],
    ['Listening at http://0.0.0.0:8080/', 8080],
    ['Started server on port=3000', 3000],
    [' * Running on 127.0.0.1:8000', 8000],
  ])('%s → %d', (line, port) => {
    expect(mentionedPort([line], 5000)?.port).toBe(port);
  });

  it('a time of day is not a port (gunicorn prints one on every line)', () => {
    expect(mentionedPort(['[2026-12-01 10:47:08 +0000] [109] [INFO] Worker exiting (pid: 109)', 'at 10:48:33 ready'], 5000)).toBeNull();
    expect(mentionedPort(['[2026-12-01 10:47:08 +0000] [7] [INFO] Listening at: http://0.0.0.0:8000 (7)'], 5000)?.port).toBe(8000);
  });

  it('ignores the expected port and lines without one', () => {
    expect(mentionedPort(['listening on 5000', 'took 3999 ms'], 5000)).toBeNull();
  });
});
