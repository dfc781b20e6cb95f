import { Type } from 'typebox';
import { SIGNED_IN } from '../platform/auth/access.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import * as cases from './cases.ts';
import { markRead } from './posts.ts';
import {
  Case,
  CaseInput,
  CaseListQuery,
  CaseParams,
  CasePatch,
  ReadInput,
  SpaceParams,
  Status,
  StatusInput,
  UnreadCount,
} from './schemas.ts';
import { search } from './search.ts';
import * as statuses from './statuses.ts';

const tags = ['cases'];
const access = { access: SIGNED_IN };
const list = <T extends Parameters<typeof Type.Array>[0]>(t: T) => Type.Object({ items: Type.Array(t) });

export function caseRoutes(app: TypedApp, p: Platform) {
  app.post(
    '/spaces/:spaceId/cases',
    {
      config: access,
      schema: {
        tags,
        summary: 'Open a case (space members)',
        params: SpaceParams,
        body: CaseInput,
        response: { 201: Case },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return cases.createCase(p, req.principal, req.params.spaceId, req.body);
    },
  );
  app.get(
    '/spaces/:spaceId/cases',
    {
      config: access,
      schema: {
        tags,
        summary: 'Cases you may see, with unread counts',
        params: SpaceParams,
        querystring: CaseListQuery,
        response: { 200: list(Case) },
      },
    },
    async (req) => cases.listCases(p, req.principal, req.params.spaceId, req.query.state),
  );
  app.get(
    '/spaces/:spaceId/unread',
    {
      config: access,
      schema: {
        tags,
        summary: 'Unread posts per case (only posts you may see)',
        params: SpaceParams,
        response: { 200: list(UnreadCount) },
      },
    },
    async (req) => {
      const { items } = await cases.listCases(p, req.principal, req.params.spaceId);
      return { items: items.map((c) => ({ caseId: c.id, unread: c.unread ?? 0 })) };
    },
  );
  app.get(
    '/cases/:caseId',
    { config: access, schema: { tags, params: CaseParams, response: { 200: Case } } },
    async (req) => cases.getCase(p, req.principal, req.params.caseId),
  );
  app.patch(
    '/cases/:caseId',
    {
      config: access,
      schema: {
        tags,
        summary: 'Space admins or the opening org',
        params: CaseParams,
        body: CasePatch,
        response: { 200: Case },
      },
    },
    async (req) => cases.patchCase(p, req.principal, req.params.caseId, req.body),
  );
  app.put(
    '/cases/:caseId/read',
    {
      config: access,
      schema: {
        tags,
        summary: 'Move your unread marker (default: to the newest post you can see)',
        params: CaseParams,
        body: ReadInput,
      },
    },
    async (req, reply) => {
      await markRead(p, req.principal, req.params.caseId, req.body?.seq);
      reply.status(204);
    },
  );
  app.put(
    '/cases/:caseId/status',
    {
      config: access,
      schema: {
        tags,
        summary: 'Pin a new current status',
        params: CaseParams,
        body: StatusInput,
        response: { 201: Status },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return statuses.setStatus(p, req.principal, req.params.caseId, req.body);
    },
  );
  app.get(
    '/cases/:caseId/status',
    {
      config: access,
      schema: {
        tags,
        summary: 'The newest pinned status you may see',
        params: CaseParams,
        response: { 200: Type.Object({ status: Type.Union([Status, Type.Null()]) }) },
      },
    },
    async (req) => statuses.currentStatus(p, req.principal, req.params.caseId),
  );
  app.get(
    '/cases/:caseId/status/history',
    { config: access, schema: { tags, params: CaseParams, response: { 200: list(Status) } } },
    async (req) => statuses.statusHistory(p, req.principal, req.params.caseId),
  );
  app.get(
    '/search',
    {
      config: access,
      schema: {
        tags,
        summary: 'Full-text search over the cases and posts you may see',
        querystring: Type.Object(
          {
            q: Type.String({ minLength: 1, maxLength: 500 }),
            spaceId: Type.Optional(Type.String({ format: 'uuid' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: list(
            Type.Object({
              type: Type.String(),
              id: Type.String(),
              caseId: Type.String(),
              spaceId: Type.String(),
              caseTitle: Type.String(),
              tlp: Type.String(),
              snippet: Type.String(),
            }),
          ),
        },
      },
    },
    async (req) =>
      search(p, req.principal, req.query.q, { spaceId: req.query.spaceId, limit: req.query.limit ?? 20 }),
  );
}
