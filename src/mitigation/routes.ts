import type { FastifyInstance } from 'fastify';
import { orgRole } from '../platform/auth/access.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import {
  HookRunPage,
  HookRunQuery,
  ListQuery,
  Mitigation,
  MitigationPage,
  MitigationParams,
  MitigationWithEvents,
  NoteBody,
  OrgParams,
  Preview,
  PreviewBody,
} from './schemas.ts';
import * as service from './service.ts';
import { SettingsInput, SettingsView } from './settings-schema.ts';

const tags = ['mitigation'];

/** Decisions take an optional note: a POST without any body (plain curl -X POST) is fine too. */
const emptyBodyIsEmptyObject = async (req: { body: unknown }) => {
  req.body ??= {};
};

/**
 * Mitigations (RTBH / FlowSpec proposals, announcements, withdrawals), their settings and
 * action-hook runs. Viewers read, responders decide and withdraw, admins change settings.
 */
export const mitigationModule = (p: Platform) => async (fastify: FastifyInstance) => {
  const app = fastify as TypedApp;
  app.get(
    '/orgs/:orgId/mitigations',
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'Mitigations, newest first',
        params: OrgParams,
        querystring: ListQuery,
        response: { 200: MitigationPage },
      },
    },
    async (req) =>
      service.listMitigations(p, req.params.orgId, { ...req.query, limit: req.query.limit ?? 50 }),
  );
  app.get(
    '/orgs/:orgId/mitigations/:mitigationId',
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'A mitigation with its history (who, when, what was sent)',
        params: MitigationParams,
        response: { 200: MitigationWithEvents },
      },
    },
    async (req) => service.getMitigation(p, req.params.orgId, req.params.mitigationId),
  );
  for (const decision of ['approve', 'reject'] as const) {
    app.post(
      `/orgs/:orgId/mitigations/:mitigationId/${decision}`,
      {
        config: { access: orgRole('responder') },
        preValidation: emptyBodyIsEmptyObject,
        schema: {
          tags,
          summary:
            decision === 'approve' ? 'Approve a proposal: it is announced shortly' : 'Reject a proposal',
          params: MitigationParams,
          body: NoteBody,
          response: { 200: Mitigation },
        },
      },
      async (req) =>
        service.decide(
          p,
          req.principal,
          req.params.orgId,
          req.params.mitigationId,
          decision,
          req.body?.note,
          req.ip,
        ),
    );
  }
  app.post(
    '/orgs/:orgId/mitigations/:mitigationId/withdraw',
    {
      config: { access: orgRole('responder') },
      preValidation: emptyBodyIsEmptyObject,
      schema: {
        tags,
        summary: 'Withdraw an announcement now (cancels one not yet sent)',
        params: MitigationParams,
        body: NoteBody,
        response: { 202: Mitigation },
      },
    },
    async (req, reply) => {
      reply.status(202);
      return service.requestWithdrawal(
        p,
        req.principal,
        req.params.orgId,
        req.params.mitigationId,
        req.body?.note,
        req.ip,
      );
    },
  );
  app.get(
    '/orgs/:orgId/mitigation/settings',
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'Mitigation settings (webhook secrets are never shown)',
        params: OrgParams,
        response: { 200: SettingsView },
      },
    },
    async (req) => service.getSettings(p, req.params.orgId),
  );
  app.put(
    '/orgs/:orgId/mitigation/settings',
    {
      config: { access: orgRole('admin') },
      schema: {
        tags,
        summary:
          'Replace the mitigation settings (left-out fields take defaults; omitted webhook secrets are kept)',
        params: OrgParams,
        body: SettingsInput,
        response: { 200: SettingsView },
      },
    },
    async (req) => service.putSettings(p, req.principal, req.params.orgId, req.body, req.ip),
  );
  app.post(
    '/orgs/:orgId/mitigation/preview',
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'The rules and commands the current settings would produce for an attack (nothing is sent)',
        params: OrgParams,
        body: PreviewBody,
        response: { 200: Preview },
      },
    },
    async (req) => service.preview(p, req.params.orgId, req.body),
  );
  app.get(
    '/orgs/:orgId/mitigation/hook-runs',
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'Action hook runs, newest first',
        params: OrgParams,
        querystring: HookRunQuery,
        response: { 200: HookRunPage },
      },
    },
    async (req) => service.listHookRuns(p, req.params.orgId, req.query.limit ?? 50, req.query.cursor),
  );
};
