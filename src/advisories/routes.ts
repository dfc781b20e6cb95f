import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { orgRole } from '../platform/auth/access.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import { ADVISORY_PUBLISHER_ROLE } from '../policy/advisories.ts';
import * as admin from './admin.ts';
import { PublicCache } from './public-cache.ts';
import { publicAdvisoryRoutes } from './public-routes.ts';
import {
  Advisory,
  ListQuery,
  OrgParams,
  Preview,
  PreviewInput,
  Published,
  PublishInput,
  RevisionOut,
  TrackingParams,
} from './schemas.ts';
import * as service from './service.ts';

const tags = ['advisories'];
const access = { access: orgRole(ADVISORY_PUBLISHER_ROLE) };
const list = <T extends Parameters<typeof Type.Array>[0]>(t: T) => Type.Object({ items: Type.Array(t) });

function adminRoutes(app: TypedApp, p: Platform, cache: PublicCache) {
  app.post(
    '/orgs/:orgId/advisories/preview',
    {
      config: access,
      schema: {
        tags,
        summary: 'Exactly what publishing would make public now, and the rows that block it',
        params: OrgParams,
        body: PreviewInput,
        response: { 200: Preview },
      },
    },
    async (req) => service.preview(p, req.principal, req.params.orgId, req.body),
  );
  app.post(
    '/orgs/:orgId/advisories',
    {
      config: access,
      schema: {
        tags,
        summary:
          'Publish a CSAF 2.0 VEX advisory from a case (or its next revision); 409 when a row is not CLEAR',
        params: OrgParams,
        body: PublishInput,
        response: { 201: Published },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return admin.publish(p, cache, req.principal, req.params.orgId, req.body);
    },
  );
  app.get(
    '/orgs/:orgId/advisories',
    {
      config: access,
      schema: { tags, params: OrgParams, querystring: ListQuery, response: { 200: list(Advisory) } },
    },
    async (req) => admin.list(p, req.principal, req.params.orgId, req.query.caseId),
  );
  app.get(
    '/orgs/:orgId/advisories/:trackingId/revisions',
    {
      config: access,
      schema: {
        tags,
        summary: 'Revisions, newest first',
        params: TrackingParams,
        response: { 200: list(RevisionOut) },
      },
    },
    async (req) => admin.revisions(p, req.principal, req.params.orgId, req.params.trackingId),
  );
}

/** CSAF 2.0 VEX advisories: admin API under /api/v1, public files under /advisories. */
export const advisoriesModule = (p: Platform) => async (fastify: FastifyInstance) => {
  const cache = new PublicCache(p.bus);
  fastify.addHook('onClose', async () => cache.close());
  await fastify.register(async (api) => adminRoutes(api as TypedApp, p, cache), { prefix: '/api/v1' });
  await fastify.register(publicAdvisoryRoutes(p, cache));
};
