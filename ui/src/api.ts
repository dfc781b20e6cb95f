import type {
  AddedMember,
  ApiToken,
  AuditItem,
  CreatedToken,
  Member,
  Org,
  Page,
  Role,
  Session,
} from './types.ts';

/** An error answer from the API (or a failure to reach it), with a message fit to show. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly requestId: string | null;
  readonly details: unknown;
  constructor(
    code: string,
    status: number,
    message: string,
    requestId: string | null = null,
    details?: unknown,
  ) {
    super(message);
    this.code = code;
    this.status = status;
    this.requestId = requestId;
    this.details = details;
  }
}

// Messages for answers that carry no usable message of their own.
const FALLBACK: Record<number, string> = {
  400: 'The request was not accepted.',
  401: 'Sign in to continue.',
  403: 'You are not allowed to do this.',
  404: 'Not found.',
  409: 'This conflicts with the current state; reload and try again.',
  429: 'Too many attempts; wait a moment and try again.',
  500: 'Something went wrong on the server.',
  502: 'The server is unreachable (bad gateway).',
  503: 'The server is temporarily unavailable; try again shortly.',
};

const SIGNED_OUT_CODES = new Set(['unauthenticated', 'session_expired']);

let csrfToken: string | null = null;
let onSignedOut: ((err: ApiError) => void) | null = null;

/** Remembered from the session answer; sent as x-csrf-token on every write. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when a request (other than the session probe) learns the session is gone. */
export function onSessionLost(fn: ((err: ApiError) => void) | null) {
  onSignedOut = fn;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  opts: { quiet401?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('network', 0, 'Cannot reach the Swimmy server. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: a proxy error page, for example
  }
  if (res.ok) return parsed as T;
  const err = toApiError(res, parsed);
  if (!opts.quiet401 && SIGNED_OUT_CODES.has(err.code)) onSignedOut?.(err);
  throw err;
}

function toApiError(res: Response, parsed: unknown): ApiError {
  const e = (
    parsed as { error?: { code?: unknown; message?: unknown; requestId?: unknown; details?: unknown } }
  )?.error;
  const code = typeof e?.code === 'string' ? e.code : `http_${res.status}`;
  const fallback = FALLBACK[res.status] ?? `The server answered ${res.status} ${res.statusText}.`;
  const message = typeof e?.message === 'string' && e.message ? e.message : fallback;
  const requestId = typeof e?.requestId === 'string' ? e.requestId : res.headers.get('x-request-id');
  return new ApiError(code, res.status, message, requestId, e?.details);
}

/** A message for anything a call may throw. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}

export const q = (params: Record<string, string | number | undefined | null>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : '';
};
export const enc = encodeURIComponent;

/** Typed calls, one per endpoint the console uses. */
export const api = {
  setupStatus: () => request<{ needed: boolean }>('GET', '/setup'),
  setup: (body: {
    org: { name: string; handle: string };
    owner: { name: string; email: string; password: string };
  }) => request<Session>('POST', '/setup', body),

  session: () => request<Session>('GET', '/session', undefined, { quiet401: true }),
  signIn: (email: string, password: string) =>
    request<Session>('POST', '/session', { email, password }, { quiet401: true }),
  signOut: () => request<void>('DELETE', '/session', undefined, { quiet401: true }),
  signOutEverywhere: () => request<void>('DELETE', '/sessions'),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('POST', '/me/password', { currentPassword, newPassword }),

  createOrg: (name: string, handle: string) => request<Org>('POST', '/orgs', { name, handle }),
  org: (orgId: string) => request<Org>('GET', `/orgs/${enc(orgId)}`),
  renameOrg: (orgId: string, name: string) => request<Org>('PATCH', `/orgs/${enc(orgId)}`, { name }),

  members: (orgId: string, cursor?: string | null, limit = 50) =>
    request<Page<Member>>('GET', `/orgs/${enc(orgId)}/members${q({ limit, cursor })}`),
  addMember: (orgId: string, body: { email: string; name?: string; role: Role }) =>
    request<AddedMember>('POST', `/orgs/${enc(orgId)}/members`, body),
  changeRole: (orgId: string, userId: string, role: Role) =>
    request<Member>('PATCH', `/orgs/${enc(orgId)}/members/${enc(userId)}`, { role }),
  removeMember: (orgId: string, userId: string) =>
    request<void>('DELETE', `/orgs/${enc(orgId)}/members/${enc(userId)}`),

  tokens: (orgId: string, cursor?: string | null) =>
    request<Page<ApiToken>>('GET', `/orgs/${enc(orgId)}/tokens${q({ limit: 100, cursor })}`),
  createToken: (orgId: string, body: { name: string; role: Role; expiresInDays?: number }) =>
    request<CreatedToken>('POST', `/orgs/${enc(orgId)}/tokens`, body),
  revokeToken: (orgId: string, tokenId: string) =>
    request<void>('DELETE', `/orgs/${enc(orgId)}/tokens/${enc(tokenId)}`),

  audit: (orgId: string, cursor?: string | null, limit = 50) =>
    request<Page<AuditItem>>('GET', `/orgs/${enc(orgId)}/audit${q({ limit, cursor })}`),
};
