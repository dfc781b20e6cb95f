import { createServer, type IncomingHttpHeaders } from 'node:http';
import { type Auth, call, createTestApp, setupFirstOrg, type TestApp } from '../../../test/helpers/app.ts';
import { startNotify } from '../../notify/index.ts';
import { must } from '../../spaces/testing.ts';
import { startStatus } from '../index.ts';
import { eventually } from '../testing.ts';

/** Test doubles that are real servers on loopback: an SMTP server and an HTTP webhook receiver. */

import { type Mail, type SmtpSink, smtpSink } from '../../../test/helpers/smtp.ts';

export { decodeQp, type Mail, type SmtpSink, smtpSink } from '../../../test/helpers/smtp.ts';

export interface Hook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Records every POST; `failFirst` answers 500 to that many requests first (retries). */
export async function webhookSink() {
  const hooks: Hook[] = [];
  const state = { failFirst: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (state.failFirst > 0) {
        state.failFirst--;
        res.writeHead(500).end();
        return;
      }
      hooks.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    hooks,
    state,
    at: (path: string) => hooks.filter((h) => h.path === path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type WebhookSink = Awaited<ReturnType<typeof webhookSink>>;

export interface SubscriptionWorld {
  t: TestApp;
  orgId: string;
  owner: Auth;
  ownerId: string;
  base: string;
  smtp: SmtpSink;
  sink: WebhookSink;
  close(): Promise<void>;
}

/** An app with the notify and status workers running, an org and its published page "acme". */
export async function subscriptionWorld(): Promise<SubscriptionWorld> {
  const smtp = await smtpSink();
  const sink = await webhookSink();
  const t = await createTestApp(
    { publicUrl: 'http://swimmy.test', smtpUrl: smtp.url, webhookAllowAddresses: ['127.0.0.1'] },
    { jobs: { pollMs: 20, leaseMs: 3000, stopTimeoutMs: 1000, backoff: { baseMs: 50, capMs: 200 } } },
  );
  startNotify(t.platform, { backoff: { baseMs: 50, capMs: 200 } });
  startStatus(t.platform);
  t.platform.jobs.start();
  const { auth, orgId, userId } = await setupFirstOrg(t.app);
  const base = `/orgs/${orgId}/status`;
  await must(t, auth, 'PUT', `${base}/page`, { slug: 'acme', name: 'Acme Cloud', published: true }, 200);
  return {
    t,
    orgId,
    owner: auth,
    ownerId: userId,
    base,
    smtp,
    sink,
    async close() {
      await t.close();
      await smtp.close();
      await sink.close();
    },
  };
}

/** The subscribe form's hidden token, as a browser would send it back. */
export async function formToken(t: TestApp, path = '/status/acme/subscribe'): Promise<string> {
  const res = await call(t.app, { url: path });
  const token = /name="token" value="([A-Za-z0-9_-]+)"/.exec(res.body)?.[1];
  if (!token) throw new Error(`no form token in ${res.statusCode} ${res.body.slice(0, 200)}`);
  return token;
}

/** Posts the subscribe form (urlencoded, as without JavaScript). */
export async function submitForm(
  t: TestApp,
  fields: Array<[string, string]>,
  headers: Record<string, string> = {},
) {
  return t.app.inject({
    method: 'POST',
    url: '/status/acme/subscribe',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(fields).toString(),
  });
}

/** Subscribes an address through the public form and returns the confirmation link's path. */
export async function signUp(w: SubscriptionWorld, email: string, components: string[] | null = null) {
  const fields: Array<[string, string]> = [
    ['token', await formToken(w.t)],
    ['email', email],
    ['scope', components ? 'some' : 'all'],
    ...(components ?? []).map((c): [string, string] => ['component', c]),
  ];
  const res = await submitForm(w.t, fields);
  if (res.statusCode !== 200) throw new Error(`subscribe ${email}: ${res.statusCode} ${res.body}`);
  const mail = await eventually(async () => w.smtp.to(email).at(-1), `confirmation email to ${email}`);
  return linkIn(mail, 'subscribe/confirm');
}

/** The path of a signed link (confirm, unsubscribe) in a mail. */
export function linkIn(mail: Mail, kind: 'subscribe/confirm' | 'unsubscribe'): string {
  const m = new RegExp(`http://swimmy\\.test(/status/acme/${kind}/[A-Za-z0-9_-]{50})`).exec(mail.text);
  if (!m) throw new Error(`no ${kind} link in:\n${mail.text}`);
  return m[1]!;
}

export const postForm = (t: TestApp, url: string, payload = '') =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload,
  });
