import { Type } from 'typebox';
import { orgRole } from '../platform/auth/access.ts';
import { AppError } from '../platform/http/errors.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import { MAX_IMPORT_BYTES } from './csv-import.ts';
import * as customers from './customers.ts';
import * as reports from './reports.ts';
import {
  Customer,
  CustomerInput,
  CustomerParams,
  ImportQuery,
  ImportResult,
  OrgParams,
  Report,
  ReportListQuery,
  ReportPage,
  ReportParams,
  Resource,
  ResourceHealthList,
  ResourceInput,
  ResourceParams,
  RespondInput,
  Settings,
} from './schemas.ts';
import { resourceHealth } from './views.ts';

const tags = ['health (provider)'];

/**
 * The provider's side (`:orgId` is the provider): customers and their resources, CSV import,
 * the problem-report queue and its settings. Viewers read, responders answer reports, admins
 * map customers and resources (the policy module checks the finer rules again).
 */
export function providerRoutes(app: TypedApp, p: Platform) {
  app.addContentTypeParser(
    ['text/csv'],
    { parseAs: 'string', bodyLimit: MAX_IMPORT_BYTES },
    (_req, body, done) => done(null, body),
  );

  app.get(
    '/orgs/:orgId/customers',
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'Customer organisations',
        params: OrgParams,
        response: { 200: Type.Object({ items: Type.Array(Customer) }) },
      },
    },
    async (req) => customers.listCustomers(p, req.params.orgId),
  );
  app.post(
    '/orgs/:orgId/customers',
    {
      config: { access: orgRole('admin') },
      schema: {
        tags,
        summary: 'Link an organisation (by handle) as a customer',
        params: OrgParams,
        body: CustomerInput,
        response: { 201: Customer },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return customers.linkCustomer(p, req.principal, req.params.orgId, req.body.handle, req.ip);
    },
  );
  app.delete(
    '/orgs/:orgId/customers/:customerOrgId',
    {
      config: { access: orgRole('admin') },
      schema: { tags, summary: 'Unlink a customer (its resources go too)', params: CustomerParams },
    },
    async (req, reply) => {
      await customers.unlinkCustomer(p, req.principal, req.params.orgId, req.params.customerOrgId, req.ip);
      reply.status(204).send();
    },
  );
  app.get(
    '/orgs/:orgId/customers/:customerOrgId/resources',
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: "A customer's resources",
        params: CustomerParams,
        response: { 200: Type.Object({ items: Type.Array(Resource) }) },
      },
    },
    async (req) => customers.listCustomerResources(p, req.params.orgId, req.params.customerOrgId),
  );
  app.get(
    '/orgs/:orgId/customers/:customerOrgId/health',
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: "A customer's resources with health, as the provider sees them",
        params: CustomerParams,
        response: { 200: ResourceHealthList },
      },
    },
    async (req) => {
      await customers.listCustomerResources(p, req.params.orgId, req.params.customerOrgId);
      return {
        items: await resourceHealth(p.db, req.params.customerOrgId, 'provider', {
          providerOrgId: req.params.orgId,
        }),
      };
    },
  );
  app.post(
    '/orgs/:orgId/customers/:customerOrgId/resources',
    {
      config: { access: orgRole('admin') },
      schema: {
        tags,
        summary: 'Map a resource to a customer',
        params: CustomerParams,
        body: ResourceInput,
        response: { 201: Resource },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return customers.createResource(p, req.principal, req.params.orgId, req.params.customerOrgId, req.body);
    },
  );
  app.post(
    '/orgs/:orgId/customers/:customerOrgId/resources/import',
    {
      config: { access: orgRole('admin') },
      schema: {
        tags,
        summary: 'Import resources from CSV (text/csv body; header: kind,identifier[,name,region,component])',
        description:
          'Every bad row is reported with its line. Nothing is imported when any row is bad (400, `error.details.errors` lists every row), unless `?partial=1` (then the good rows are). At most 10 000 rows and 1 MiB. The CSV may also be sent as a JSON string.',
        params: CustomerParams,
        querystring: ImportQuery,
        body: Type.String({ maxLength: MAX_IMPORT_BYTES }),
        response: { 200: ImportResult },
      },
    },
    async (req) => {
      const partial = req.query.partial === '1' || req.query.partial === 'true';
      const result = await customers.importResources(
        p,
        req.principal,
        req.params.orgId,
        req.params.customerOrgId,
        req.body,
        partial,
        req.ip,
      );
      // Nothing imported because of bad rows: the request failed, and says why for every row.
      if (result.errors.length > 0 && result.imported === 0)
        throw new AppError(
          'validation_failed',
          `${result.errors.length} row(s) have errors; nothing was imported${partial ? '' : ' (send ?partial=1 to import the good rows)'}.`,
          result,
        );
      return result;
    },
  );
  app.put(
    '/orgs/:orgId/resources/:resourceId',
    {
      config: { access: orgRole('admin') },
      schema: {
        tags,
        summary: 'Replace a resource',
        params: ResourceParams,
        body: ResourceInput,
        response: { 200: Resource },
      },
    },
    async (req) =>
      customers.updateResource(p, req.principal, req.params.orgId, req.params.resourceId, req.body),
  );
  app.delete(
    '/orgs/:orgId/resources/:resourceId',
    {
      config: { access: orgRole('admin') },
      schema: { tags, summary: 'Remove a resource', params: ResourceParams },
    },
    async (req, reply) => {
      await customers.deleteResource(p, req.principal, req.params.orgId, req.params.resourceId);
      reply.status(204).send();
    },
  );
  app.get(
    '/orgs/:orgId/customer-reports',
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'Problem reports from customers, newest first, with evidence',
        params: OrgParams,
        querystring: ReportListQuery,
        response: { 200: ReportPage },
      },
    },
    async (req) => reports.listReports(p, req.params.orgId, 'provider', req.query),
  );
  app.get(
    '/orgs/:orgId/customer-reports/:reportId',
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'A problem report with evidence and answers',
        params: ReportParams,
        response: { 200: Report },
      },
    },
    async (req) => reports.getReport(p, req.params.reportId, 'provider', req.params.orgId),
  );
  app.post(
    '/orgs/:orgId/customer-reports/:reportId/respond',
    {
      config: { access: orgRole('responder') },
      schema: {
        tags,
        summary: 'Answer a report and/or change its state',
        params: ReportParams,
        body: RespondInput,
        response: { 200: Report },
      },
    },
    async (req) => reports.respond(p, req.principal, req.params.orgId, req.params.reportId, req.body),
  );
  app.get(
    '/orgs/:orgId/customer-health/settings',
    {
      config: { access: orgRole('viewer') },
      schema: { tags, summary: 'Problem-report settings', params: OrgParams, response: { 200: Settings } },
    },
    async (req) => reports.getSettings(p, req.params.orgId),
  );
  app.put(
    '/orgs/:orgId/customer-health/settings',
    {
      config: { access: orgRole('admin') },
      schema: {
        tags,
        summary: 'Replace the problem-report settings',
        params: OrgParams,
        body: Settings,
        response: { 200: Settings },
      },
    },
    async (req) => reports.putSettings(p, req.params.orgId, req.body),
  );
}
