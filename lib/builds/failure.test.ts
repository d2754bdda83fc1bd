import { describe, expect, it } from 'vitest';
import { describeDockerError, failureText, hintFor, isNoSpace, noSpaceText } from './failure';

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
  it('recognises a full build directory, also wrapped as a cause, and names the directory', () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(isNoSpace(full)).toBe(true);
    expect(isNoSpace(new Error('export failed', { cause: full }))).toBe(true);
    expect(isNoSpace(new Error('EACCES'))).toBe(false);
    expect(isNoSpace(null)).toBe(false);
    expect(noSpaceText('/var/lib/berth/tmp')).toMatch(/^no space left on device in the build directory \/var\/lib\/berth\/tmp: free space/);
  });
});
