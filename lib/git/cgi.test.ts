import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cgiResponse } from './cgi';

describe('cgiResponse', () => {
  it('parses Status and headers and streams the body as it arrives', async () => {
    const out = new PassThrough();
    const pending = cgiResponse(out, () => {});
    out.write('Status: 403 Forbidden\r\nContent-Type: text/plain\r\n');
    out.write('Expires: Fri, 01 Jan 1980 00:00:00 GMT\r\n\r\nfirst ');
    const res = await pending;
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('text/plain');
    out.end('second');
    expect(await res.text()).toBe('first second');
  });

  it('defaults to 200 and accepts bare LF separators', async () => {
    const out = new PassThrough();
    const pending = cgiResponse(out, () => {});
    out.end('Content-Type: application/x-git-upload-pack-advertisement\n\n001e# service=git-upload-pack\n');
    const res = await pending;
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('service=git-upload-pack');
  });

  it('rejects when the program ends without headers', async () => {
    const out = new PassThrough();
    const pending = cgiResponse(out, () => {});
    out.end('garbage');
    await expect(pending).rejects.toThrow(/without a response/);
  });
});
