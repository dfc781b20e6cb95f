import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Platform } from '../platform/platform.ts';
import { type AckClaims, consumeAckToken, isAckTokenUsed, verifyAckToken } from './ack-links.ts';
import { acknowledge } from './incidents.ts';
import { findIncidentById, type IncidentRow } from './store/incidents.ts';
import { memberRoles } from './store/people.ts';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(reply: FastifyReply, status: number, title: string, body: string) {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}button{font-size:1.1rem;padding:.6rem 1.4rem}</style></head><body><h1>${esc(title)}</h1>${body}</body></html>`,
    );
}

const TOKEN = {
  type: 'object',
  properties: { token: { type: 'string', maxLength: 2000 } },
  required: ['token'],
} as const;

/**
 * One-click acknowledge pages at /ack/:token. GET only shows a confirmation form (link scanners
 * and previews fetch links); the POST from that form acknowledges, once.
 */
export const ackPages = (p: Platform) => async (app: FastifyInstance) => {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_req, body, done) => done(null, body),
  );

  type Checked =
    | { ok: false; status: number; error: string }
    | { ok: true; claims: AckClaims; inc: IncidentRow };
  async function check(token: string): Promise<Checked> {
    const claims = await verifyAckToken(p.db, token);
    if (claims === null) return { ok: false, status: 404, error: 'This link is not valid.' };
    if (claims === 'expired')
      return {
        ok: false,
        status: 410,
        error: 'This link has expired. Open the incident in Swimmy to acknowledge it.',
      };
    if (await isAckTokenUsed(p.db, claims.jti))
      return { ok: false, status: 410, error: 'This link has already been used.' };
    const inc = await findIncidentById(p.db, claims.incidentId);
    if (!inc) return { ok: false, status: 404, error: 'This incident no longer exists.' };
    return { ok: true, claims, inc };
  }

  app.get('/ack/:token', { schema: { hide: true, params: TOKEN } }, async (req, reply) => {
    const c = await check((req.params as { token: string }).token);
    if (!c.ok) return page(reply, c.status, 'Cannot acknowledge', `<p>${esc(c.error)}</p>`);
    const { inc } = c;
    return page(
      reply,
      200,
      `Acknowledge incident #${inc.number}?`,
      `<p><strong>${esc(inc.summary)}</strong></p><p>Status: ${esc(inc.status)} · severity ${esc(inc.severity)}</p>` +
        `<form method="post"><button type="submit">Acknowledge</button></form>`,
    );
  });

  app.post(
    '/ack/:token',
    { schema: { hide: true, params: TOKEN }, config: { rateLimit: { max: 60, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const c = await check((req.params as { token: string }).token);
      if (!c.ok) return page(reply, c.status, 'Cannot acknowledge', `<p>${esc(c.error)}</p>`);
      const { claims, inc } = c;
      if (!(await memberRoles(p.db, inc.org_id, [claims.userId])).has(claims.userId))
        return page(
          reply,
          403,
          'Cannot acknowledge',
          '<p>You are no longer a member of this organisation.</p>',
        );
      if (inc.status === 'resolved')
        return page(reply, 409, 'Already resolved', `<p>Incident #${inc.number} is already resolved.</p>`);
      const fresh = await p.db.tx((q) => consumeAckToken(q, claims));
      if (!fresh) return page(reply, 410, 'Cannot acknowledge', '<p>This link has already been used.</p>');
      await acknowledge(
        p,
        inc.org_id,
        claims.incidentId,
        { userId: claims.userId, label: `user:${claims.userId}` },
        'link',
      );
      return page(
        reply,
        200,
        'Acknowledged',
        `<p>Incident #${inc.number} is acknowledged. Escalation has stopped.</p>`,
      );
    },
  );
};
