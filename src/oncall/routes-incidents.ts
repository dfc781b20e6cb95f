import { Type } from 'typebox';
import { listOrgDeliveries } from '../notify/index.ts';
import { orgRole } from '../platform/auth/access.ts';
import { PageQuery, pageOf } from '../platform/http/pagination.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import { actorIds, type Principal } from '../policy/index.ts';
import { incidentDetail, listIncidents } from './incident-queries.ts';
import {
  Delivery,
  Incident,
  IncidentDetail,
  IncidentQuery,
  ManualIncidentInput,
  ReassignInput,
} from './incident-schemas.ts';
import * as incidents from './incidents.ts';
import { presentIncident } from './presenters.ts';
import { assertResponders } from './schedules.ts';
import { IncidentParams, OrgParams } from './schemas.ts';

const tags = ['incidents'];
const base = '/orgs/:orgId/incidents';
const actor = (p: Principal) => {
  const { userId, tokenId } = actorIds(p);
  return { userId, label: userId ? `user:${userId}` : `token:${tokenId}` };
};

export function incidentRoutes(app: TypedApp, p: Platform) {
  app.get(
    base,
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'Incidents, newest first (?status=triggered,acknowledged&mine=true)',
        params: OrgParams,
        querystring: IncidentQuery,
        response: { 200: pageOf(Incident) },
      },
    },
    async (req) => listIncidents(p, req.principal, req.params.orgId, req.query),
  );
  app.post(
    base,
    {
      config: { access: orgRole('responder') },
      schema: {
        tags,
        summary: 'Raise an incident by hand',
        params: OrgParams,
        body: ManualIncidentInput,
        response: { 201: Incident },
      },
    },
    async (req, reply) => {
      const r = await incidents.raiseAlert(p, {
        orgId: req.params.orgId,
        source: 'manual',
        summary: req.body.summary,
        severity: req.body.severity,
        ...(req.body.dedupKey ? { dedupKey: req.body.dedupKey } : {}),
        details: { ...req.body.details, raisedBy: actor(req.principal).label },
      });
      reply.status(201);
      return (await incidentDetail(p, req.params.orgId, r.incidentId)).incident;
    },
  );
  app.get(
    `${base}/:incidentId`,
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'An incident with its alerts, timeline and deliveries',
        params: IncidentParams,
        response: { 200: IncidentDetail },
      },
    },
    async (req) => incidentDetail(p, req.params.orgId, req.params.incidentId),
  );
  const action = (
    name: string,
    summary: string,
    run: (
      orgId: string,
      id: string,
      by: ReturnType<typeof actor>,
    ) => Promise<Parameters<typeof presentIncident>[0]>,
  ) =>
    app.post(
      `${base}/:incidentId/${name}`,
      {
        config: { access: orgRole('responder') },
        schema: { tags, summary, params: IncidentParams, response: { 200: Incident } },
      },
      async (req) =>
        presentIncident(await run(req.params.orgId, req.params.incidentId, actor(req.principal))),
    );
  action('acknowledge', 'Acknowledge: stop escalating', (o, i, by) => incidents.acknowledge(p, o, i, by));
  action('resolve', 'Resolve', (o, i, by) => incidents.resolve(p, o, i, by));
  action('escalate', 'Escalate to the next level now', (o, i, by) => incidents.escalateNow(p, o, i, by));
  app.post(
    `${base}/:incidentId/reassign`,
    {
      config: { access: orgRole('responder') },
      schema: {
        tags,
        summary: 'Reassign to people or to another policy',
        params: IncidentParams,
        body: ReassignInput,
        response: { 200: Incident },
      },
    },
    async (req) => {
      if ('userIds' in req.body) await assertResponders(p.db, req.params.orgId, req.body.userIds, 'userIds');
      return presentIncident(
        await incidents.reassign(p, req.params.orgId, req.params.incidentId, req.body, actor(req.principal)),
      );
    },
  );
  app.get(
    '/orgs/:orgId/oncall/deliveries',
    {
      config: { access: orgRole('admin') },
      schema: {
        tags,
        summary: 'Delivery log of the organisation, newest first',
        params: OrgParams,
        querystring: PageQuery,
        response: {
          200: Type.Object({
            items: Type.Array(Delivery),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (req) => listOrgDeliveries(p, req.params.orgId, req.query.limit ?? 50, req.query.cursor),
  );
}
