import { orgRole } from '../platform/auth/access.ts';
import { AppError } from '../platform/http/errors.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import * as reports from './reports.ts';
import {
  OrgParams,
  Report,
  ReportInput,
  ReportListQuery,
  ReportPage,
  ReportParams,
  ResourceHealth,
  ResourceHealthList,
  ResourceParams,
} from './schemas.ts';
import { resourceHealth } from './views.ts';

const tags = ['health (customer)'];

/**
 * The customer's side (`:orgId` is the customer): "My resources" with health, an attacked
 * address's rate graph, and problem reports. Only the org's own resources and reports exist here.
 */
export function customerRoutes(app: TypedApp, p: Platform) {
  app.get(
    '/orgs/:orgId/health/resources',
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'Your resources with their health',
        params: OrgParams,
        response: { 200: ResourceHealthList },
      },
    },
    async (req) => ({ items: await resourceHealth(p.db, req.params.orgId, 'customer') }),
  );
  app.get(
    '/orgs/:orgId/health/resources/:resourceId',
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'One resource: health, attacks with their rate samples, incidents',
        params: ResourceParams,
        response: { 200: ResourceHealth },
      },
    },
    async (req) => {
      const [view] = await resourceHealth(p.db, req.params.orgId, 'customer', {
        resourceIds: [req.params.resourceId],
        withSamples: true,
      });
      if (!view) throw new AppError('not_found', 'No such resource.');
      return view;
    },
  );
  app.get(
    '/orgs/:orgId/health/reports',
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'Your problem reports, newest first',
        params: OrgParams,
        querystring: ReportListQuery,
        response: { 200: ReportPage },
      },
    },
    async (req) => reports.listReports(p, req.params.orgId, 'customer', req.query),
  );
  app.get(
    '/orgs/:orgId/health/reports/:reportId',
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'One of your problem reports',
        params: ReportParams,
        response: { 200: Report },
      },
    },
    async (req) => reports.getReport(p, req.params.reportId, 'customer', req.params.orgId),
  );
  app.post(
    '/orgs/:orgId/health/reports',
    {
      config: { access: orgRole('responder') },
      schema: {
        tags,
        summary: 'Report a problem with one of your resources',
        params: OrgParams,
        body: ReportInput,
        response: { 201: Report },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return reports.createReport(p, req.principal, req.params.orgId, req.body);
    },
  );
}
