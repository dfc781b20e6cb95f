import type { FastifyInstance } from 'fastify';
import { orgRole } from '../platform/auth/access.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import {
  AttackPage,
  AttackParams,
  AttacksParams,
  AttacksQuery,
  AttackWithSamples,
  CollectorList,
} from './schemas.ts';
import * as service from './service.ts';

const tags = ['detection'];

/** Attacks found by the collectors, and the collectors with their exporters' statistics. */
export const detectionModule = (p: Platform) => async (instance: FastifyInstance) => {
  const app = instance as TypedApp;
  app.get(
    '/orgs/:orgId/attacks',
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'Attacks, newest first (state=active|ended)',
        params: AttacksParams,
        querystring: AttacksQuery,
        response: { 200: AttackPage },
      },
    },
    async (req) => service.listAttacks(p, req.principal, req.params.orgId, req.query),
  );
  app.get(
    '/orgs/:orgId/attacks/:attackId',
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'One attack with its per-second traffic samples per vector',
        params: AttackParams,
        response: { 200: AttackWithSamples },
      },
    },
    async (req) => service.getAttack(p, req.principal, req.params.orgId, req.params.attackId),
  );
  app.get(
    '/orgs/:orgId/collectors',
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'Flow collectors and per-exporter statistics (datagrams, malformed, lost, template misses)',
        params: AttacksParams,
        response: { 200: CollectorList },
      },
    },
    async (req) => service.listCollectors(p, req.principal, req.params.orgId),
  );
};
