import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { orgRole } from '../../platform/auth/access.ts';
import type { TypedApp } from '../../platform/http/server.ts';
import type { Platform } from '../../platform/platform.ts';
import { STATUS_ROLES } from '../../policy/status.ts';
import { OrgParams } from '../schemas.ts';
import { addSubscriber, listSubscribers, removeSubscriber, subscriberDeliveries } from './admin.ts';
import { Delivery, SubscriberCreated, SubscriberInput, SubscriberList, SubscriberParams } from './schemas.ts';

const tags = ['status'];
// Subscribers are people's addresses and private URLs: the page's admins manage them.
const manage = { config: { access: orgRole(STATUS_ROLES.edit) } };

/** Admin API of subscriptions under /api/v1/orgs/:orgId/status/subscribers. */
export const subscriberRoutes = (p: Platform) => async (fastify: FastifyInstance) => {
  const app = fastify as TypedApp;
  const base = '/orgs/:orgId/status/subscribers';
  app.get(
    base,
    {
      ...manage,
      schema: {
        tags,
        summary: 'Subscribers with counts',
        params: OrgParams,
        response: { 200: SubscriberList },
      },
    },
    async (req) => listSubscribers(p, req.params.orgId),
  );
  app.post(
    base,
    {
      ...manage,
      schema: {
        tags,
        summary: 'Add a webhook subscriber (secret shown once) or invite an email address (double opt-in)',
        params: OrgParams,
        body: SubscriberInput,
        response: { 201: SubscriberCreated, 202: SubscriberCreated },
      },
    },
    async (req, reply) => {
      const out = await addSubscriber(p, req.principal, req.params.orgId, req.body);
      reply.status(out.subscriber ? 201 : 202);
      return out;
    },
  );
  app.delete(
    `${base}/:subscriberId`,
    { ...manage, schema: { tags, summary: 'Remove a subscriber', params: SubscriberParams } },
    async (req, reply) => {
      await removeSubscriber(p, req.principal, req.params.orgId, req.params.subscriberId);
      reply.status(204);
    },
  );
  app.get(
    `${base}/:subscriberId/deliveries`,
    {
      ...manage,
      schema: {
        tags,
        summary: 'Delivery log of one subscriber, newest first',
        params: SubscriberParams,
        response: { 200: Type.Object({ items: Type.Array(Delivery) }) },
      },
    },
    async (req) => subscriberDeliveries(p, req.params.orgId, req.params.subscriberId),
  );
};
