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
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new AppError('BAD_REQUEST', 'Request body must be JSON');
  }
  return refuseNul(value);
}

/**
 * PostgreSQL text cannot hold U+0000 (the query fails: a 500). No Berth value needs it, so a
 * body with one anywhere, in a key or a string, is refused at the edge with a reason.
 */
function refuseNul(value: unknown): unknown {
  let nul: boolean;
  try {
    nul = hasNul(value);
  } catch {
    throw new AppError('BAD_REQUEST', 'Request body is nested too deeply'); // RangeError: call stack
  }
  if (nul) throw new AppError('BAD_REQUEST', 'Text must not contain NUL characters (\\u0000)');
  return value;
}

function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v));
  return false;
}

/** Like readJsonBody, but an absent or malformed body is null (still 413 when oversized). */
export async function readOptionalJsonBody(request: Request, maxBytes = JSON_BODY_LIMIT): Promise<unknown> {
  const bytes = await readBodyBytes(request, maxBytes);
  if (bytes.length === 0) return null;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  return refuseNul(value);
}
