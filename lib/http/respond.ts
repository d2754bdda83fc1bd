import { NextResponse } from 'next/server';
import { z } from 'zod';
import { httpStatusOf, isAppError } from '../errors';
import { readJsonBody } from './read-body';
import { unavailableService } from './unavailable';

/** JSON error body shared by every API route: { error: { code, message, fields? } }. */
export function errorResponse(error: unknown): NextResponse {
  if (error instanceof z.ZodError) {
    const fields: Record<string, string> = {};
    for (const issue of error.issues) fields[issue.path.join('.') || '_'] ??= issue.message;
    return NextResponse.json(
      { error: { code: 'BAD_REQUEST', message: 'Invalid input', fields } },
      { status: 400 },
    );
  }
  if (isAppError(error)) {
    return NextResponse.json(
      { error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } },
      { status: httpStatusOf[error.code] },
    );
  }
  // A backing service is down (PostgreSQL or Redis restarting): say so, with a retry hint, instead
  // of a 500 — the request may well succeed in a few seconds.
  const down = unavailableService(error);
  if (down) {
    console.warn(`[api] ${down.service} unavailable: ${error instanceof Error ? error.message : String(error)}`);
    return NextResponse.json({ error: { code: 'UNAVAILABLE', message: down.message } }, { status: 503, headers: { 'retry-after': '5' } });
  }
  if (isTextRefusedByDatabase(error)) {
    // Backstop for a NUL (or invalid UTF-8) that reached a query through a path or query parameter.
    return NextResponse.json({ error: { code: 'BAD_REQUEST', message: 'Text must not contain NUL characters (\\u0000)' } }, { status: 400 });
  }
  console.error('[api] unexpected error', error);
  return NextResponse.json({ error: { code: 'INTERNAL', message: 'Internal error' } }, { status: 500 });
}

/** PostgreSQL's "invalid byte sequence for encoding UTF8: 0x00" (SQLSTATE 22021), however Prisma wraps it. */
function isTextRefusedByDatabase(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e = error as { message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } } | undefined; e && !seen.has(e); ) {
    seen.add(e);
    if (typeof e.message === 'string' && /invalid byte sequence for encoding/.test(e.message)) return true;
    e = (e.meta?.driverAdapterError ?? e.cause) as typeof e;
  }
  return false;
}

/** Wraps a route handler so every thrown error is mapped once, in one place. */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/**
 * Parses a JSON body with a zod schema; malformed JSON is a 400, not a 500, and a body over
 * JSON_BODY_LIMIT a 413 before it is read in full (lib/http/read-body.ts).
 */
export async function parseBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  return schema.parse(await readJsonBody(request));
}
