import { describe, expect, it } from 'vitest';
import { describeDockerError, failureText, hintFor } from './failure';

describe('build failure words', () => {
  it('turns docker step errors into the command and exit code', () => {
    expect(describeDockerError("The command '/bin/sh -c npm ci --omit=dev' returned a non-zero code: 1")).toBe(
      '`npm ci --omit=dev` exited with code 1',
    );
    expect(describeDockerError('pull access denied for node')).toBe('pull access denied for node');
  });
  it('puts step words first and the log tail last', () => {
    expect(failureText('compile', '`javac` exited with code 1', ['Main.java:3: error: x'], null)).toBe(
      'Compiling the app failed: `javac` exited with code 1\n\nLast log lines:\nMain.java:3: error: x',
    );
  });
  it('explains unreachable registries and untrusted certificates', () => {
    expect(hintFor('install dependencies', 'JAVA', ['[ERROR] mvn ... repo.maven.apache.org'])).toMatch(/Maven Central/);
    expect(hintFor('install dependencies', 'NODE', ['npm ERR! code SELF_SIGNED_CERT_IN_CHAIN', 'self signed certificate'])).toMatch(
      /BERTH_BUILD_CA_DIR/,
    );
    expect(hintFor('compile', 'NODE', ['something else'])).toBeNull();
  });
});
