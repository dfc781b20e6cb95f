import { Type } from 'typebox';
import { orgRole, SIGNED_IN } from '../platform/auth/access.ts';
import { PageQuery, pageOf } from '../platform/http/pagination.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import * as orgs from './orgs.ts';
import {
  ApiToken,
  AuditEntry,
  Member,
  MemberInput,
  MemberParams,
  MemberPatch,
  Org,
  OrgInput,
  OrgParams,
  OrgPatch,
  TokenInput,
  TokenParams,
} from './schemas.ts';

const tags = ['organisations'];

export function orgRoutes(app: TypedApp, p: Platform) {
  app.post(
    '/orgs',
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: 'Create an organisation (you become its owner)',
        body: OrgInput,
        response: { 201: Org },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return orgs.createOrg(p, req.principal, req.body, req.ip);
    },
  );
  app.get(
    '/orgs/:orgId',
    { config: { access: orgRole('viewer') }, schema: { tags, params: OrgParams, response: { 200: Org } } },
    async (req) => orgs.getOrg(p, req.params.orgId),
  );
  app.patch(
    '/orgs/:orgId',
    {
      config: { access: orgRole('admin') },
      schema: { tags, params: OrgParams, body: OrgPatch, response: { 200: Org } },
    },
    async (req) => orgs.renameOrg(p, req.principal, req.params.orgId, req.body.name, req.ip),
  );

  app.get(
    '/orgs/:orgId/members',
    {
      config: { access: orgRole('viewer') },
      schema: { tags, params: OrgParams, querystring: PageQuery, response: { 200: pageOf(Member) } },
    },
    async (req) => orgs.listMembers(p, req.params.orgId, req.query.limit ?? 50, req.query.cursor),
  );
  app.post(
    '/orgs/:orgId/members',
    {
      config: { access: orgRole('admin') },
      schema: {
        tags,
        summary: 'Add a member by email (a new account gets a one-time initial password)',
        params: OrgParams,
        body: MemberInput,
        response: { 201: Type.Object({ member: Member, initialPassword: Type.Optional(Type.String()) }) },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return orgs.addMember(p, req.principal, req.params.orgId, req.body, req.ip);
    },
  );
  app.patch(
    '/orgs/:orgId/members/:userId',
    {
      config: { access: orgRole('admin') },
      schema: { tags, params: MemberParams, body: MemberPatch, response: { 200: Member } },
    },
    async (req) =>
      orgs.changeRole(p, req.principal, req.params.orgId, req.params.userId, req.body.role, req.ip),
  );
  app.delete(
    '/orgs/:orgId/members/:userId',
    { config: { access: orgRole('admin') }, schema: { tags, params: MemberParams } },
    async (req, reply) => {
      await orgs.removeMember(p, req.principal, req.params.orgId, req.params.userId, req.ip);
      reply.status(204);
    },
  );

  app.get(
    '/orgs/:orgId/tokens',
    {
      config: { access: orgRole('admin') },
      schema: { tags, params: OrgParams, querystring: PageQuery, response: { 200: pageOf(ApiToken) } },
    },
    async (req) => orgs.listTokens(p, req.params.orgId, req.query.limit ?? 50, req.query.cursor),
  );
  app.post(
    '/orgs/:orgId/tokens',
    {
      config: { access: orgRole('admin') },
      schema: {
        tags,
        summary: 'Create an API token; the secret is shown only in this response',
        params: OrgParams,
        body: TokenInput,
        response: { 201: Type.Object({ token: ApiToken, secret: Type.String() }) },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return orgs.createToken(p, req.principal, req.params.orgId, req.body, req.ip);
    },
  );
  app.delete(
    '/orgs/:orgId/tokens/:tokenId',
    {
      config: { access: orgRole('admin') },
      schema: { tags, summary: 'Revoke an API token', params: TokenParams },
    },
    async (req, reply) => {
      await orgs.revokeToken(p, req.principal, req.params.orgId, req.params.tokenId, req.ip);
      reply.status(204);
    },
  );

  app.get(
    '/orgs/:orgId/audit',
    {
      config: { access: orgRole('admin') },
      schema: {
        tags,
        summary: 'Audit log, newest first',
        params: OrgParams,
        querystring: PageQuery,
        response: { 200: pageOf(AuditEntry) },
      },
    },
    async (req) => orgs.listAudit(p, req.params.orgId, req.query.limit ?? 50, req.query.cursor),
  );
}
