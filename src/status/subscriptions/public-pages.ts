import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import * as statusStore from '../store.ts';
import { type FormState, notice, subscribeForm } from './html.ts';
import { confirmLink, subscribeEmail, unsubscribeLink } from './service.ts';
import { formTokenValid, keyOf, signForm } from './tokens.ts';

/** Sign-ups per minute per client address (each can send a confirmation email). */
export const SUBSCRIBE_RATE_PER_MINUTE = 20;

const TOKEN_PARAMS = {
  type: 'object',
  properties: { slug: { type: 'string', maxLength: 50 }, token: { type: 'string', maxLength: 200 } },
  required: ['token'],
} as const;

interface Target {
  page: statusStore.PageRow;
  prefix: string;
}

/** The published page a request is for: by slug under /status/<slug>, else by its own host name. */
async function targetOf(p: Platform, req: FastifyRequest): Promise<Target | null> {
  const slug = (req.params as { slug?: string }).slug;
  const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
  const page = await p.db.one<statusStore.PageRow>(
    `select id, org_id, slug, name, custom_host, published, time_zone, created_at, updated_at
     from status_pages where published and ${slug !== undefined ? 'slug = $1' : 'custom_host = $1'}`,
    [slug ?? host],
  );
  return page ? { page, prefix: slug !== undefined ? `/status/${page.slug}` : '' } : null;
}

function html(reply: FastifyReply, status: number, body: string) {
  return (
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      // The URLs carry signed tokens: never leak them to the next site in a Referer.
      .header('referrer-policy', 'no-referrer')
      .header('x-robots-tag', 'noindex')
      .send(body)
  );
}

const NOT_FOUND =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><main><h1>Not found</h1><p>There is no status page at this address.</p></main></body></html>';

/** A form post from another site (or an older browser's cross-site request) is refused. */
function crossSite(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  // "null": the browser withholds the origin (privacy settings); the signed form token decides.
  if (typeof origin !== 'string' || origin === '' || origin === 'null') return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

/** The form's fields from an urlencoded body (what a browser without JavaScript sends). */
function readForm(body: unknown) {
  const f = new URLSearchParams(typeof body === 'string' ? body : '');
  const scope: 'all' | 'some' = f.get('scope') === 'some' ? 'some' : 'all';
  const chosen = f
    .getAll('component')
    .filter((c) => /^[a-z0-9]{1,40}$/.test(c))
    .slice(0, 500);
  return { email: (f.get('email') ?? '').slice(0, 320), token: f.get('token'), scope, chosen };
}

/**
 * The visitor side of subscriptions, registered twice: under /status/<slug> and at the root
 * (for pages on their own host name). GET pages only show; every change is a POST, so link
 * scanners that fetch links never confirm or unsubscribe anyone.
 */
export const subscriptionPages = (p: Platform) => async (app: FastifyInstance) => {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 16_384 },
    (_req, body, done) => done(null, body),
  );
  // RFC 8058 lets mail providers send the one-click unsubscribe POST as multipart too; its
  // body says nothing the signed URL does not, so it is read and dropped.
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'string', bodyLimit: 16_384 },
    (_req, _body, done) => done(null, ''),
  );
  const hide = { hide: true };

  app.get('/subscribe', { schema: hide }, async (req, reply) => {
    const t = await targetOf(p, req);
    if (!t) return html(reply, 404, NOT_FOUND);
    const components = await statusStore.componentsOf(p.db, t.page.id);
    return html(
      reply,
      200,
      subscribeForm(t.page, t.prefix, components, signForm(await keyOf(p.db), t.page.id)),
    );
  });

  app.post(
    '/subscribe',
    { schema: hide, config: { rateLimit: { max: SUBSCRIBE_RATE_PER_MINUTE, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const t = await targetOf(p, req);
      if (!t) return html(reply, 404, NOT_FOUND);
      const form = readForm(req.body);
      const key = await keyOf(p.db);
      const components = await statusStore.componentsOf(p.db, t.page.id);
      const again = (status: number, error: string) => {
        const state: FormState = {
          email: form.email,
          scope: form.scope,
          chosen: new Set(form.chosen),
          error,
        };
        return html(
          reply,
          status,
          subscribeForm(t.page, t.prefix, components, signForm(key, t.page.id), state),
        );
      };
      if (crossSite(req) || !formTokenValid(key, t.page.id, form.token))
        return again(
          403,
          'This form expired or was sent from another site. Check your address and send it again.',
        );
      try {
        await subscribeEmail(p, t.page, {
          email: form.email,
          componentIds: form.scope === 'all' ? null : form.chosen,
        });
      } catch (err) {
        if (err instanceof AppError && err.status === 400) return again(400, err.message);
        throw err;
      }
      // The same answer whether the address is new, pending or already subscribed.
      return html(
        reply,
        200,
        notice(
          t.page,
          t.prefix,
          'Check your inbox',
          `If ${form.email.trim()} can receive ${t.page.name} updates, a confirmation email is on its way. Open its link to start your subscription.`,
        ),
      );
    },
  );

  const linkPage = (purpose: 'confirm' | 'unsubscribe', path: string) => {
    const title = purpose === 'confirm' ? 'Confirm your subscription' : 'Unsubscribe';
    app.get(path, { schema: { ...hide, params: TOKEN_PARAMS } }, async (req, reply) => {
      const t = await targetOf(p, req);
      if (!t) return html(reply, 404, NOT_FOUND);
      const message =
        purpose === 'confirm'
          ? `Confirm to receive ${t.page.name} status updates by email.`
          : `Stop receiving ${t.page.name} status updates at this address.`;
      return html(
        reply,
        200,
        notice(
          t.page,
          t.prefix,
          title,
          message,
          purpose === 'confirm' ? 'Confirm subscription' : 'Unsubscribe',
        ),
      );
    });
    app.post(
      path,
      {
        schema: { ...hide, params: TOKEN_PARAMS },
        config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      },
      async (req, reply) => {
        const t = await targetOf(p, req);
        if (!t) return html(reply, 404, NOT_FOUND);
        const token = (req.params as { token: string }).token;
        const out =
          purpose === 'confirm'
            ? await confirmLink(p, t.page, token)
            : await unsubscribeLink(p, t.page, token);
        if (!out.ok) return html(reply, out.status, notice(t.page, t.prefix, title, out.message));
        const done =
          purpose === 'confirm'
            ? ['Subscription confirmed', `You will receive ${t.page.name} status updates by email.`]
            : ['Unsubscribed', `You will not receive ${t.page.name} status updates any more.`];
        return html(reply, 200, notice(t.page, t.prefix, done[0]!, done[1]!));
      },
    );
  };
  linkPage('confirm', '/subscribe/confirm/:token');
  linkPage('unsubscribe', '/unsubscribe/:token');
};
