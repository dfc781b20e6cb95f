import type { FastifyInstance } from 'fastify';
import { orgRole } from '../platform/auth/access.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import { AttackTimelineParams, EndToEndTimeline, IncidentTimelineParams } from './schemas.ts';
import { attackTimeline, incidentTimeline } from './service.ts';

const tags = ['timeline'];

/** The end-to-end timeline of an attack, from its first datagram to the withdrawn mitigation. */
export const timelineModule = (p: Platform) => async (instance: FastifyInstance) => {
  const app = instance as TypedApp;
  app.get(
    '/orgs/:orgId/attacks/:attackId/timeline',
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary:
          'End-to-end timeline: datagram, detection, page, ack, mitigation, health, public, peers, end',
        params: AttackTimelineParams,
        response: { 200: EndToEndTimeline },
      },
    },
    async (req) => attackTimeline(p, req.principal, req.params.orgId, req.params.attackId),
  );
  app.get(
    '/orgs/:orgId/incidents/:incidentId/end-to-end',
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'The end-to-end timeline of the attack this incident was opened for',
        params: IncidentTimelineParams,
        response: { 200: EndToEndTimeline },
      },
    },
    async (req) => incidentTimeline(p, req.principal, req.params.orgId, req.params.incidentId),
  );
};
