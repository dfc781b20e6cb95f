import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform/platform.ts';
import { registerMaintenanceJobs } from './maintenance.ts';
import { serveStatus } from './public/serve.ts';
import { PublicSite } from './public/site.ts';
import { statusAdminRoutes } from './routes.ts';
import { registerSubscriptions, startSubscriptions } from './subscriptions/index.ts';
import { rememberListenUrl } from './urls.ts';

export { onUpdatePublished, STATUS_CHANGED, UPDATE_PUBLISHED, type UpdatePublished } from './events.ts';
/** Public status pages (capability 10): admin API, public pages/JSON/feeds, maintenance jobs. */
export { type CoordinationText, publishFromCoordination } from './gate.ts';
export { loadIncident } from './incidents.ts';

/**
 * Registers the status module on the root app: the admin API under /api/v1, and the public
 * side (/status/<slug>/…, and pages on their own host names) as a root onRequest hook that
 * answers from memory before any routing, so a traffic spike costs a map lookup per request.
 */
export async function registerStatus(app: FastifyInstance, p: Platform) {
  const site = new PublicSite(p);
  app.addHook('onRequest', (req, reply, done) => {
    const served = serveStatus(site, req.raw, reply.raw);
    if (served === false) return done();
    // Answered: Fastify must not route this request further, so done() is not called.
    if (served === true) return reply.hijack();
    served.then(
      (answered) => (answered ? reply.hijack() : done()),
      (err: Error) => done(err),
    );
  });
  answerBeforeFastify(app, site);
  app.server.once('listening', () => {
    const addr = app.server.address();
    if (!addr || typeof addr !== 'object' || p.config.publicUrl) return;
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    rememberListenUrl(p.config, `http://${host}:${addr.port}`);
    site.refreshAll(); // page URLs in the JSON and feeds name the real port
  });
  app.addHook('onReady', async () => {
    void site.start();
  });
  app.addHook('onClose', async () => site.close());
  await app.register(statusAdminRoutes(p), { prefix: '/api/v1' });
  await registerSubscriptions(app, p);
  return site;
}

/**
 * The hot path: public pages are answered in the HTTP server's own request listener, before
 * Fastify builds a request, routes it or runs its hooks (request ids, authentication, security
 * headers — the cached resources carry their own). Everything else goes to Fastify unchanged.
 * app.inject() does not pass through the server, so the onRequest hook above serves the same
 * answers there.
 */
function answerBeforeFastify(app: FastifyInstance, site: PublicSite) {
  const server = app.server;
  const handlers = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  if (handlers.length !== 1) return; // not the server Fastify made: leave it to the hook
  const fastify = handlers[0]!;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const served = serveStatus(site, req, res);
    if (served === false) return fastify(req, res);
    if (served === true) return;
    served.then(
      (answered) => {
        if (!answered) fastify(req, res);
      },
      () => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Something went wrong on our side.\n');
      },
    );
  });
}

/** The `work` role: automatic start and completion of scheduled maintenance. */
export function startStatus(p: Platform) {
  registerMaintenanceJobs(p);
  startSubscriptions(p);
  return { close() {} };
}
