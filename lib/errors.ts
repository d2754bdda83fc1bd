/**
 * The one error type of the domain. `lib` throws AppError with a code; route handlers map the
 * code to an HTTP status once (lib/http/respond.ts) and server actions to a message.
 */
export type ErrorCode =
  | 'BAD_REQUEST' // 400: invalid input; `fields` says which
  | 'UNAUTHENTICATED' // 401
  | 'FORBIDDEN' // 403
  | 'NOT_FOUND' // 404, also for another team's resources
  | 'CONFLICT' // 409: duplicate name, wrong state
  | 'PAYLOAD_TOO_LARGE' // 413: request body over its limit
  | 'UNSUPPORTED_MEDIA_TYPE' // 415: a browser request that is not application/json
  | 'RATE_LIMITED' // 429
  | 'UNAVAILABLE' // 503: a dependency (Docker host, registry) cannot be reached
  | 'INTERNAL'; // 500

export const httpStatusOf: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, fields?: Record<string, string>) =>
  new AppError('BAD_REQUEST', message, fields);
export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const conflict = (message: string) => new AppError('CONFLICT', message);
export const forbidden = (message = 'You are not allowed to do that') => new AppError('FORBIDDEN', message);
export const unauthenticated = (message = 'Sign in required') => new AppError('UNAUTHENTICATED', message);

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Plain words for anything thrown, for logs, events and build/deploy failure reasons. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
