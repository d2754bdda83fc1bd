import { httpStatusOf, type ErrorCode } from '../errors';

/**
 * The browser side of the API edge — the one place client components call Berth's JSON API.
 * Sends JSON, and decodes the error body every route answers with (lib/http/respond.ts:
 * `{ error: { code, message, fields? } }`) into a typed ApiError. No server imports: safe in
 * client components.
 *
 *   try {
 *     const app = await apiFetch<{ name: string }>('/api/apps', { method: 'POST', body: { name } });
 *   } catch (error) {
 *     if (error instanceof ApiError) showFieldErrors(error.fields);
 *   }
 */

/** What a failing API route answers. */
export type ApiErrorBody = { error: { code: ErrorCode; message: string; fields?: Record<string, string> } };

export const UNREACHABLE = 'Berth could not be reached';

/** A failed call: HTTP status (0 when Berth could not be reached), error code, message, field messages. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message with the field messages after it: `Invalid input (key: is required)`. */
  get detail(): string {
    const fields = Object.entries(this.fields).map(([field, problem]) => `${field}: ${problem}`);
    return fields.length ? `${this.message} (${fields.join('; ')})` : this.message;
  }
}

export type ApiRequest = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON (with `content-type: application/json`) when given. */
  body?: unknown;
  signal?: AbortSignal;
};

/**
 * Calls a Berth API route and returns its JSON (undefined for 204 or an empty body). Throws
 * ApiError for any non-2xx answer, and ApiError `NETWORK` when Berth cannot be reached. An abort
 * through `signal` rejects with the AbortError as fetch does.
 */
export async function apiFetch<T = unknown>(url: string, request: ApiRequest = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method ?? 'GET',
      headers: request.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: request.signal,
      cache: 'no-store',
    });
  } catch (error) {
    if (request.signal?.aborted) throw error;
    throw new ApiError(0, 'NETWORK', UNREACHABLE);
  }
  const text = response.status === 204 ? '' : await response.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) throw apiErrorFrom(response.status, body);
  return body as T;
}

/** Decodes an error response body; anything unexpected still becomes an ApiError. */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const error = (body as Partial<ApiErrorBody> | undefined)?.error;
  const code = typeof error?.code === 'string' && error.code in httpStatusOf ? error.code : codeOfStatus(status);
  const message = typeof error?.message === 'string' && error.message ? error.message : `Request failed (${status})`;
  const fields = error?.fields && typeof error.fields === 'object' ? error.fields : {};
  return new ApiError(status, code, message, fields);
}

/** Words for anything an API call threw: the ApiError's detail, else the error's message. */
export function describeApiError(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof Error) return error.message;
  return String(error);
}

function codeOfStatus(status: number): ErrorCode {
  const known = (Object.entries(httpStatusOf) as [ErrorCode, number][]).find(([, s]) => s === status);
  return known ? known[0] : status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
}
