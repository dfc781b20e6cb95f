import assert from 'node:assert/strict';

/** A signed-in API client (cookie + CSRF), for the orgs that do not act through a browser. */
export class Client {
  cookie = '';
  csrf = '';
  readonly url: string;
  constructor(url: string) {
    this.url = url;
  }
  async login(email: string, password: string) {
    const res = await fetch(`${this.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    assert.ok(res.ok, await res.clone().text());
    this.cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    return this;
  }
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON loosely
  async call(method: string, path: string, body?: unknown): Promise<any> {
    const res = await fetch(`${this.url}/api/v1${path}`, {
      method,
      headers: {
        cookie: this.cookie,
        ...(method === 'GET' ? {} : { 'x-csrf-token': this.csrf }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }
}
