import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { registerFanoutJob } from './fanout.ts';
import { subscriptionPages } from './public-pages.ts';
import { subscriberRoutes } from './routes.ts';

/**
 * Subscriptions to a public status page: email (double opt-in, one-click unsubscribe, per
 * component), signed webhooks (Statuspage payloads), and feeds (linked from the form). Every
 * published update and component change is delivered through the notify module.
 */
export { queueComponentFanout, queueUpdateFanout } from './fanout.ts';

export async function registerSubscriptions(app: FastifyInstance, p: Platform) {
  await app.register(subscriberRoutes(p), { prefix: '/api/v1' });
  await app.register(subscriptionPages(p), { prefix: '/status/:slug' });
  // Pages on their own host name: the same forms at the root of that host.
  await app.register(subscriptionPages(p));
}

/** The `work` role: the fan-out job. */
export function startSubscriptions(p: Platform) {
  registerFanoutJob(p);
}
