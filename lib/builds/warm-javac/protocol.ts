/**
 * The wire format of the warm javac (lib/templates/runtimes/java/BerthJavac.java), one job per
 * connection. Request: "BERTH-JAVAC 1 <files>\n", then per file "<bytes> <path>\n<source>".
 * Reply: "BERTH-JAVAC 1 OK|FAIL <classes> <diagnostic bytes>\n<diagnostics>", then per class
 * "<bytes> <binary name>\n<class file>". The reply comes from a container that compiled
 * attacker-written code, so it is parsed as untrusted: sizes bounded, names checked.
 */
export type JavacSource = { path: string; content: Buffer };
export type JavacClass = { name: string; bytes: Buffer };
export type JavacReply = { ok: boolean; diagnostics: string; classes: JavacClass[] };

const MAGIC = 'BERTH-JAVAC 1';
const MAX_HEADER = 4096;

/** A path the request line can carry: no line break (git allows one in a name). */
export const sendablePath = (path: string) => !/[\n\r]/.test(path);

export function encodeJob(sources: JavacSource[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`${MAGIC} ${sources.length}\n`)];
  for (const source of sources) {
    if (!sendablePath(source.path)) throw new Error(`cannot send ${JSON.stringify(source.path)}`);
    parts.push(Buffer.from(`${source.content.length} ${source.path}\n`), source.content);
  }
  return Buffer.concat(parts);
}

export class MalformedReply extends Error {
  constructor(why: string) {
    super(`malformed warm javac reply: ${why}`);
    this.name = 'MalformedReply';
  }
}

export function decodeReply(data: Buffer): JavacReply {
  let at = 0;
  const line = (): string => {
    const end = data.indexOf(0x0a, at);
    if (end < 0 || end - at > MAX_HEADER) throw new MalformedReply('no line end');
    const text = data.subarray(at, end).toString('utf8');
    at = end + 1;
    return text;
  };
  const bytes = (size: number): Buffer => {
    if (!Number.isSafeInteger(size) || size < 0 || at + size > data.length) throw new MalformedReply('size past the end');
    const out = data.subarray(at, at + size);
    at += size;
    return out;
  };
  const head = /^BERTH-JAVAC 1 (OK|FAIL) (\d+) (\d+)$/.exec(line());
  if (!head) throw new MalformedReply('bad header');
  const diagnostics = bytes(Number(head[3])).toString('utf8');
  const classes: JavacClass[] = [];
  for (let i = 0; i < Number(head[2]); i++) {
    const entry = /^(\d+) (.+)$/.exec(line());
    if (!entry) throw new MalformedReply('bad class line');
    classes.push({ name: entry[2], bytes: bytes(Number(entry[1])) });
  }
  if (at !== data.length) throw new MalformedReply('data after the last class');
  return { ok: head[1] === 'OK', diagnostics, classes };
}

/**
 * `com.example.App$1` → `com/example/App$1.class`; null for a name that is not plain ASCII
 * identifier parts (javac accepts Unicode identifiers: those apps compile in the image build).
 */
export function classFilePath(binaryName: string): string | null {
  const parts = binaryName.split('.');
  if (parts.length > 64 || !parts.every((p) => /^[A-Za-z0-9_$]{1,200}$/.test(p))) return null;
  return `${parts.join('/')}.class`;
}
