import { describe, expect, it } from 'vitest';
import { failPushAtEnd, isSideband, sidebandErrorPacket } from './sideband-verdict';

const pkt = (band: number, text: string) => {
  const payload = Buffer.concat([Buffer.from([band]), Buffer.from(text)]);
  return Buffer.concat([Buffer.from((payload.length + 4).toString(16).padStart(4, '0')), payload]);
};

async function run(chunks: Buffer[], failure: string | null): Promise<Buffer> {
  const source = new ReadableStream<Uint8Array>({
    start(c) {
      for (const chunk of chunks) c.enqueue(new Uint8Array(chunk));
      c.close();
    },
  });
  const out: Uint8Array[] = [];
  const reader = source.pipeThrough(failPushAtEnd(() => failure)).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    out.push(value);
  }
  return Buffer.concat(out);
}

describe('failPushAtEnd', () => {
  const body = Buffer.concat([pkt(1, '000eunpack ok\n0000'), pkt(2, 'remote says hi\n'), Buffer.from('0000')]);

  it('passes a successful push through byte for byte, however it is chunked', async () => {
    expect(await run([body], null)).toEqual(body);
    const split = [body.subarray(0, 3), body.subarray(3, 30), body.subarray(30, body.length - 2), body.subarray(body.length - 2)];
    expect(await run(split, null)).toEqual(body);
  });

  it('replaces the closing flush with a fatal-error packet when the push failed', async () => {
    const out = await run([body.subarray(0, 10), body.subarray(10)], 'build failed');
    expect(out.subarray(0, body.length - 4)).toEqual(body.subarray(0, body.length - 4));
    expect(out.subarray(body.length - 4).toString('latin1')).toBe('0012\u0003build failed\n');
  });

  it('leaves a response without side-band alone', async () => {
    const plain = Buffer.from('000eunpack ok\n0019ok refs/heads/main\n0000');
    expect(await run([plain], 'build failed')).toEqual(plain);
  });
});

describe('sideband helpers', () => {
  it('recognises a side-band stream by its first packet', () => {
    expect(isSideband(pkt(1, 'x'))).toBe(true);
    expect(isSideband(Buffer.from('000eunpack ok\n'))).toBe(false);
    expect(isSideband(Buffer.from('0000'))).toBe(false);
  });

  it('cuts an overlong message to one packet', () => {
    const packet = sidebandErrorPacket('x'.repeat(70_000));
    expect(packet.length).toBe(65520);
    expect(packet.subarray(0, 4).toString()).toBe('fff0');
  });
});
