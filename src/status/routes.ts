import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { orgRole } from '../platform/auth/access.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import { STATUS_ROLES } from '../policy/status.ts';
import * as components from './components.ts';
import { publishPost, publishStatement } from './gate.ts';
import * as incidents from './incidents.ts';
import * as pages from './pages.ts';
import { preview } from './preview.ts';
import {
  Component,
  ComponentInput,
  ComponentParams,
  ComponentPatch,
  FromPostInput,
  FromStatementInput,
  Incident,
  IncidentInput,
  IncidentListQuery,
  IncidentParams,
  MaintenanceInput,
  OrgParams,
  Page,
  PageInput,
  PreviewQuery,
  UpdateInput,
} from './schemas.ts';

const tags = ['status'];
const list = <T extends Parameters<typeof Type.Array>[0]>(t: T) => Type.Object({ items: Type.Array(t) });
const read = { config: { access: orgRole(STATUS_ROLES.read) } };
const respond = { config: { access: orgRole(STATUS_ROLES.postIncidentUpdate) } };
const edit = { config: { access: orgRole(STATUS_ROLES.edit) } };

/** The status page admin API under /api/v1/orgs/:orgId/status. */
export const statusAdminRoutes = (p: Platform) => async (fastify: FastifyInstance) => {
  const app = fastify as TypedApp;
  const base = '/orgs/:orgId/status';

  app.get(
    `${base}/page`,
    { ...read, schema: { tags, params: OrgParams, response: { 200: Page } } },
    async (req) => pages.getPage(p, req.params.orgId),
  );
  app.put(
    `${base}/page`,
    {
      ...edit,
      schema: {
        tags,
        summary: 'Create or change the org’s status page',
        params: OrgParams,
        body: PageInput,
        response: { 200: Page },
      },
    },
    async (req) => pages.putPage(p, req.principal, req.params.orgId, req.body, req.hostname),
  );
  app.get(
    `${base}/preview`,
    {
      ...read,
      schema: {
        tags,
        summary: 'The public HTML exactly as it would render now (published or not)',
        params: OrgParams,
        querystring: PreviewQuery,
      },
    },
    async (req, reply) => {
      const html = await preview(p, req.params.orgId, req.query);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
    },
  );

  app.get(
    `${base}/components`,
    { ...read, schema: { tags, params: OrgParams, response: { 200: list(Component) } } },
    async (req) => components.listComponents(p, req.params.orgId),
  );
  app.post(
    `${base}/components`,
    {
      ...edit,
      schema: {
        tags,
        summary: 'Add a component or a group (isGroup)',
        params: OrgParams,
        body: ComponentInput,
        response: { 201: Component },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return components.createComponent(p, req.principal, req.params.orgId, req.body);
    },
  );
  app.patch(
    `${base}/components/:componentId`,
    {
      ...edit,
      schema: { tags, params: ComponentParams, body: ComponentPatch, response: { 200: Component } },
    },
    async (req) =>
      components.patchComponent(p, req.principal, req.params.orgId, req.params.componentId, req.body),
  );
  app.delete(
    `${base}/components/:componentId`,
    { ...edit, schema: { tags, params: ComponentParams } },
    async (req, reply) => {
      await components.deleteComponent(p, req.principal, req.params.orgId, req.params.componentId);
      reply.status(204);
    },
  );

  app.get(
    `${base}/incidents`,
    {
      ...read,
      schema: {
        tags,
        summary: 'Incidents and maintenances, newest first',
        params: OrgParams,
        querystring: IncidentListQuery,
        response: { 200: list(Incident) },
      },
    },
    async (req) => incidents.listIncidents(p, req.params.orgId, req.query.kind ?? null),
  );
  app.post(
    `${base}/incidents`,
    {
      ...respond,
      schema: {
        tags,
        summary: 'Open an incident with its first update',
        params: OrgParams,
        body: IncidentInput,
        response: { 201: Incident },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return incidents.createIncident(p, req.principal, req.params.orgId, req.body);
    },
  );
  app.post(
    `${base}/maintenances`,
    {
      ...edit,
      schema: {
        tags,
        summary: 'Schedule maintenance (starts and completes on time unless autoTransition is false)',
        params: OrgParams,
        body: MaintenanceInput,
        response: { 201: Incident },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return incidents.createMaintenance(p, req.principal, req.params.orgId, req.body);
    },
  );
  app.get(
    `${base}/incidents/:incidentId`,
    { ...read, schema: { tags, params: IncidentParams, response: { 200: Incident } } },
    async (req) => incidents.getIncident(p, req.params.orgId, req.params.incidentId),
  );
  app.post(
    `${base}/incidents/:incidentId/updates`,
    {
      ...respond,
      schema: {
        tags,
        summary: 'Post the next numbered update (409 on a resolved incident unless reopen)',
        params: IncidentParams,
        body: UpdateInput,
        response: { 201: Incident },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return incidents.postUpdate(p, req.principal, req.params.orgId, req.params.incidentId, req.body);
    },
  );
  app.post(
    `${base}/incidents/:incidentId/updates/from-post`,
    {
      ...respond,
      schema: {
        tags,
        summary: 'Publish a coordination post as the next update (only when it is TLP:CLEAR; else 409)',
        params: IncidentParams,
        body: FromPostInput,
        response: { 201: Incident },
      },
    },
    async (req, reply) => {
      const out = await publishPost(p, req.principal, req.params.orgId, req.params.incidentId, req.body);
      reply.status(201);
      return out;
    },
  );
  app.post(
    `${base}/incidents/:incidentId/updates/from-statement`,
    {
      ...respond,
      schema: {
        tags,
        summary:
          "Publish one of your org's matrix statements as the next update (only when TLP:CLEAR; else 409)",
        params: IncidentParams,
        body: FromStatementInput,
        response: { 201: Incident },
      },
    },
    async (req, reply) => {
      const out = await publishStatement(p, req.principal, req.params.orgId, req.params.incidentId, req.body);
      reply.status(201);
      return out;
    },
  );
};
