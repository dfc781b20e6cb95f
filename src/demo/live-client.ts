// The live demo acts as its people do: through the public HTTP API of the running server, over
// loopback, with a session of that person (created like a sign-in, never a bypass of the rules).

import { startSession } from '../identity/accounts.ts';
import type { Platform } from '../platform/platform.ts';

export interface DemoClient {
  call<T = unknown>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T>;
  /** Like call, but undefined instead of an error for a 404. */
  find<T = unknown>(path: string): Promise<T | undefined>;
}

export async function clientFor(p: Platform, baseUrl: string, userId: string): Promise<DemoClient> {
  const s = await startSession(p, p.db, userId, { ip: '127.0.0.1', userAgent: 'swimmy demo' });
  const headers = (body: boolean): Record<string, string> => ({
    cookie: `swimmy_session=${s.secret}`,
    'x-csrf-token': s.csrfToken,
    ...(body ? { 'content-type': 'application/json' } : {}),
  });
  const send = async (method: string, path: string, body?: unknown) =>
    fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: headers(body !== undefined),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  return {
    async call(method, path, body) {
      const res = await send(method, path, body);
      const text = await res.text();
      if (!res.ok) throw new Error(`demo: ${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
      return (text ? JSON.parse(text) : undefined) as never;
    },
    async find(path) {
      const res = await send('GET', path);
      if (res.status === 404) return undefined;
      const text = await res.text();
      if (!res.ok) throw new Error(`demo: GET ${path} → ${res.status}: ${text.slice(0, 300)}`);
      return JSON.parse(text) as never;
    },
  };
}
