import { AppError } from '../errors';

/** Largest JSON body any API route accepts (env values, TLS material and SSH keys fit easily). */
export const JSON_BODY_LIMIT = 1024 * 1024;

const tooLarge = (maxBytes: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `Request body is larger than ${maxBytes} bytes`);

/**
 * The request body, never more than `maxBytes` of it. A declared Content-Length over the limit is
 * refused before a byte is read; a chunked (or lying) body is read as it streams and refused the
 * moment it passes the limit, and the rest is never buffered. PAYLOAD_TOO_LARGE maps to 413.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** A JSON body of at most `maxBytes`; malformed or empty JSON is a 400, an oversized body a 413. */
export async function readJsonBody(request: Request, maxBytes = JSON_BODY_LIMIT): Promise<unknown> {
  const bytes = await readBodyBytes(request, maxBytes);
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new AppError('BAD_REQUEST', 'Request body must be JSON');
  }
}

/** Like readJsonBody, but an absent or malformed body is null (still 413 when oversized). */
export async function readOptionalJsonBody(request: Request, maxBytes = JSON_BODY_LIMIT): Promise<unknown> {
  const bytes = await readBodyBytes(request, maxBytes);
  if (bytes.length === 0) return null;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
}
