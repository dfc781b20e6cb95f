/**
 * The error catalogue: every error the API answers has a stable code, an HTTP status and a
 * default message. Handlers throw `new AppError('code', 'specific message')`; nothing else
 * decides a status.
 */
export const ERROR_CATALOGUE = {
  bad_request: { status: 400, message: 'The request is malformed.' },
  invalid_json: { status: 400, message: 'The request body is not valid JSON.' },
  validation_failed: { status: 400, message: 'The request does not match the expected shape.' },
  invalid_cursor: { status: 400, message: 'The pagination cursor is not valid.' },
  unauthenticated: { status: 401, message: 'Sign in or send an API token.' },
  invalid_credentials: { status: 401, message: 'Email or password is wrong.' },
  session_expired: { status: 401, message: 'Your session has expired; sign in again.' },
  token_invalid: { status: 401, message: 'The API token is not valid.' },
  token_revoked: { status: 401, message: 'The API token has been revoked.' },
  token_expired: { status: 401, message: 'The API token has expired.' },
  csrf_failed: { status: 403, message: 'Missing or wrong CSRF token (send the x-csrf-token header).' },
  forbidden: { status: 403, message: 'You are not allowed to do this.' },
  not_found: { status: 404, message: 'Not found.' },
  method_not_allowed: { status: 405, message: 'Method not allowed.' },
  conflict: { status: 409, message: 'This conflicts with the current state.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  unsupported_media_type: { status: 415, message: 'Unsupported content type; send application/json.' },
  rate_limited: { status: 429, message: 'Too many requests; slow down.' },
  internal: { status: 500, message: 'Something went wrong on our side.' },
  service_unavailable: { status: 503, message: 'A backing service is unavailable; try again shortly.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? ERROR_CATALOGUE[code].message);
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.details = details;
  }
}

/** The one error body shape. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string; details?: unknown };
}
