import { describe, expect, it } from 'vitest';
import { classFilePath, decodeReply, encodeJob, MalformedReply } from './protocol';

const reply = (head: string, ...rest: (string | Buffer)[]) => Buffer.concat([Buffer.from(head), ...rest.map((r) => (typeof r === 'string' ? Buffer.from(r) : r))]);

describe('warm javac protocol', () => {
  it('frames every source by byte length (multi-byte UTF-8 and newlines inside sources)', () => {
    const main = 'class Main { String s = "é"; }\n';
    const job = encodeJob([
      { path: 'src/Main.java', content: Buffer.from(main) },
      { path: 'src/a b/B.java', content: Buffer.from('class B {}') },
    ]);
    expect(Buffer.byteLength(main)).toBe(main.length + 1);
    expect(job.toString()).toBe(`BERTH-JAVAC 1 2\n${main.length + 1} src/Main.java\n${main}10 src/a b/B.java\nclass B {}`);
  });

  it('refuses a path with a line break rather than desynchronise the stream', () => {
    expect(() => encodeJob([{ path: 'src/x\n1 y.java', content: Buffer.from('') }])).toThrow(/cannot send/);
  });

  it('decodes classes (binary bytes intact) and diagnostics', () => {
    const bytes = Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0x0a, 0x00]);
    const decoded = decodeReply(reply('BERTH-JAVAC 1 OK 1 9\n', 'warning\n\n', `${bytes.length} com.example.App$1\n`, bytes));
    expect(decoded.ok).toBe(true);
    expect(decoded.diagnostics).toBe('warning\n\n');
    expect(decoded.classes).toEqual([{ name: 'com.example.App$1', bytes }]);
  });

  it('decodes a failure', () => {
    expect(decodeReply(reply('BERTH-JAVAC 1 FAIL 0 8\n', '1 error\n'))).toEqual({ ok: false, diagnostics: '1 error\n', classes: [] });
  });

  it.each([
    ['no header', ''],
    ['another protocol', 'HTTP/1.1 200 OK\n'],
    ['a size past the end', 'BERTH-JAVAC 1 OK 1 0\n99 A\nxx'],
    ['fewer classes than announced', 'BERTH-JAVAC 1 OK 2 0\n1 A\nx'],
    ['data after the last class', 'BERTH-JAVAC 1 OK 0 0\ntrailing'],
  ])('refuses a reply with %s', (_, text) => {
    expect(() => decodeReply(Buffer.from(text))).toThrow(MalformedReply);
  });

  it('maps binary names to class files, and refuses names that could be paths', () => {
    expect(classFilePath('Main')).toBe('Main.class');
    expect(classFilePath('com.example.App$Inner')).toBe('com/example/App$Inner.class');
    for (const bad of ['..', '../x', 'a..b', '/etc/passwd', 'a/b', 'a\\b', '', 'ünï', 'a.', '.a'])
      expect(classFilePath(bad), bad).toBeNull();
  });
});
