import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { orgRole } from '../platform/auth/access.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import { requireManageIntel } from '../policy/index.ts';
import { activePeerReflectors, listMatches } from './peers.ts';
import {
  DecisionInput,
  Indicator,
  IndicatorInput,
  IndicatorListQuery,
  IndicatorPage,
  IndicatorParams,
  MatchList,
  OrgParams,
  PeerReflectors,
  SharingPolicy,
  SharingPolicyInput,
} from './schemas.ts';
import * as service from './service.ts';
import { loadPolicy, savePolicy } from './sharing-policy.ts';
import { caseBundle, indicatorsBundle } from './stix/export.ts';

const tags = ['intel'];
const Bundle = Type.Object({
  type: Type.Literal('bundle'),
  id: Type.String(),
  objects: Type.Array(Type.Object({}, { additionalProperties: true })),
});
const StixQuery = Type.Object(
  { scope: Type.Optional(Type.Union([Type.Literal('own'), Type.Literal('peers'), Type.Literal('all')])) },
  { additionalProperties: false },
);
const CaseParams = Type.Object(
  { orgId: Type.String({ format: 'uuid' }), caseId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);

/** Collective defense: indicators, the sharing policy, peers' reflectors, STIX bundles. */
export function intelRoutes(app: TypedApp, p: Platform) {
  const base = '/orgs/:orgId/intel';
  app.get(
    `${base}/indicators`,
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: "Indicators this org may read: its own (every state) and peers' shared ones",
        params: OrgParams,
        querystring: IndicatorListQuery,
        response: { 200: IndicatorPage },
      },
    },
    async (req) =>
      service.listIndicators(p, req.principal, req.params.orgId, {
        ...req.query,
        limit: req.query.limit ?? 50,
      }),
  );
  app.post(
    `${base}/indicators`,
    {
      config: { access: orgRole('responder') },
      schema: {
        tags,
        summary: "Write an indicator by hand (an admin's is shared at once, others wait for approval)",
        params: OrgParams,
        body: IndicatorInput,
        response: { 201: Indicator },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createIndicator(p, req.principal, req.params.orgId, req.body)),
  );
  app.get(
    `${base}/indicators/:indicatorId`,
    {
      config: { access: orgRole('viewer') },
      schema: { tags, summary: 'One indicator', params: IndicatorParams, response: { 200: Indicator } },
    },
    async (req) => service.getIndicator(p, req.principal, req.params.orgId, req.params.indicatorId),
  );
  const decision = (path: string, summary: string, run: typeof service.approveIndicator) =>
    app.post(
      `${base}/indicators/:indicatorId/${path}`,
      {
        config: { access: orgRole('admin') },
        schema: {
          tags,
          summary,
          params: IndicatorParams,
          body: Type.Optional(DecisionInput),
          response: { 200: Indicator },
        },
      },
      async (req) => run(p, req.principal, req.params.orgId, req.params.indicatorId),
    );
  decision(
    'approve',
    'Approve a proposed indicator: it is shared and posted into its space',
    service.approveIndicator,
  );
  decision('reject', 'Reject a proposed indicator', service.rejectIndicator);
  decision('withdraw', 'Withdraw a shared indicator (peers see it revoked)', service.withdrawIndicator);
  app.get(
    `${base}/policy`,
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'The sharing policy and the use of peers’ indicators',
        params: OrgParams,
        response: { 200: SharingPolicy },
      },
    },
    async (req) => loadPolicy(p.db, req.params.orgId),
  );
  app.put(
    `${base}/policy`,
    {
      config: { access: orgRole('admin') },
      schema: {
        tags,
        summary: 'Change the sharing policy',
        params: OrgParams,
        body: SharingPolicyInput,
        response: { 200: SharingPolicy },
      },
    },
    async (req) => {
      requireManageIntel(req.principal, req.params.orgId);
      return savePolicy(p, req.principal, req.params.orgId, req.body, req.ip);
    },
  );
  app.get(
    `${base}/peer-reflectors`,
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: "Active reflectors per vector from peers' indicators this org may read",
        params: OrgParams,
        response: { 200: PeerReflectors },
      },
    },
    async (req) => ({ items: await activePeerReflectors(p, req.params.orgId) }),
  );
  app.get(
    `${base}/matches`,
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: "This org's attacks that matched peers' indicators",
        params: OrgParams,
        response: { 200: MatchList },
      },
    },
    async (req) => listMatches(p, req.params.orgId),
  );
  app.get(
    `${base}/stix`,
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'Indicators as a STIX 2.1 bundle (scope own|peers|all; never RED)',
        params: OrgParams,
        querystring: StixQuery,
        response: { 200: Bundle },
      },
    },
    async (req) => indicatorsBundle(p, req.principal, req.params.orgId, req.query.scope ?? 'own'),
  );
  app.get(
    `${base}/cases/:caseId/stix`,
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'A case as a STIX 2.1 bundle (report, notes, vulnerabilities, course of action, indicators)',
        params: CaseParams,
        response: { 200: Bundle },
      },
    },
    async (req) => caseBundle(p, req.principal, req.params.orgId, req.params.caseId),
  );
}

export const intelModule = (p: Platform) => async (fastify: FastifyInstance) => {
  intelRoutes(fastify as TypedApp, p);
};
