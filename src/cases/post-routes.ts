import { Type } from 'typebox';
import { SIGNED_IN } from '../platform/auth/access.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import * as attachments from './attachments.ts';
import * as posts from './posts.ts';
import { PromoteInput, promote } from './promote.ts';
import * as relabel from './relabel.ts';
import {
  Attachment,
  AttachmentInput,
  CaseParams,
  IdParams,
  ItemParams,
  LabelInput,
  Post,
  PostInput,
  PostListQuery,
  PostParams,
  PostPatch,
  Revision,
  SpaceParams,
} from './schemas.ts';

const tags = ['discussion'];
const access = { access: SIGNED_IN };
const list = <T extends Parameters<typeof Type.Array>[0]>(t: T) => Type.Object({ items: Type.Array(t) });

export function postRoutes(app: TypedApp, p: Platform, maxAttachmentBytes: number) {
  app.post(
    '/cases/:caseId/posts',
    {
      config: access,
      schema: {
        tags,
        summary: 'Post to the case thread (Markdown, labelled)',
        params: CaseParams,
        body: PostInput,
        response: { 201: Post },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return posts.createPost(p, req.principal, req.params.caseId, req.body);
    },
  );
  app.get(
    '/cases/:caseId/posts',
    {
      config: access,
      schema: {
        tags,
        summary: 'The posts you may see, oldest first; page with afterSeq',
        params: CaseParams,
        querystring: PostListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(Post),
            nextAfterSeq: Type.Union([Type.Integer(), Type.Null()]),
          }),
        },
      },
    },
    async (req) =>
      posts.listPosts(p, req.principal, req.params.caseId, {
        afterSeq: req.query.afterSeq,
        limit: req.query.limit ?? 100,
      }),
  );
  app.get(
    '/posts/:postId',
    { config: access, schema: { tags, params: PostParams, response: { 200: Post } } },
    async (req) => posts.getPost(p, req.principal, req.params.postId),
  );
  app.patch(
    '/posts/:postId',
    {
      config: access,
      schema: {
        tags,
        summary: 'Edit your post (a new revision)',
        params: PostParams,
        body: PostPatch,
        response: { 200: Post },
      },
    },
    async (req) => posts.editPost(p, req.principal, req.params.postId, req.body),
  );
  app.get(
    '/posts/:postId/revisions',
    {
      config: access,
      schema: {
        tags,
        summary: 'Edit history (each revision under its own label)',
        params: PostParams,
        response: { 200: list(Revision) },
      },
    },
    async (req) => posts.listRevisions(p, req.principal, req.params.postId),
  );
  app.post(
    '/posts/:postId/promote',
    {
      config: access,
      schema: {
        tags,
        summary: 'Turn a post into a matrix statement, vendor question or answer',
        params: PostParams,
        body: PromoteInput,
      },
    },
    async (req, reply) => {
      reply.status(201);
      return promote(p, req.principal, req.params.postId, req.body as never);
    },
  );

  app.post(
    '/cases/:caseId/attachments',
    {
      config: access,
      // base64 is 4/3 of the bytes; larger bodies are refused before they are read.
      bodyLimit: Math.ceil((maxAttachmentBytes * 4) / 3) + 64 * 1024,
      schema: {
        tags,
        summary: `Attach a file or patch (base64, at most ${maxAttachmentBytes} bytes)`,
        params: CaseParams,
        body: AttachmentInput,
        response: { 201: Attachment },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return attachments.createAttachment(p, req.principal, req.params.caseId, req.body, maxAttachmentBytes);
    },
  );
  app.get(
    '/cases/:caseId/attachments',
    { config: access, schema: { tags, params: CaseParams, response: { 200: list(Attachment) } } },
    async (req) => attachments.listAttachments(p, req.principal, req.params.caseId),
  );
  app.get(
    '/attachments/:id',
    { config: access, schema: { tags, params: IdParams, response: { 200: Attachment } } },
    async (req) => attachments.getAttachment(p, req.principal, req.params.id),
  );
  app.get(
    '/attachments/:id/content',
    { config: access, schema: { tags, summary: 'Download (TLP-checked and audited)', params: IdParams } },
    async (req, reply) => {
      const a = await attachments.downloadAttachment(p, req.principal, req.params.id);
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('x-content-sha256', a.sha256)
        .header('x-tlp', a.tlp)
        .send(a.content);
    },
  );

  app.put(
    '/labels/:itemType/:itemId',
    {
      config: access,
      schema: {
        tags: ['labels'],
        summary: 'The source changes a label',
        params: ItemParams,
        body: LabelInput,
      },
    },
    async (req) =>
      relabel.relabel(p, req.principal, req.params.itemType as never, req.params.itemId, req.body),
  );
  app.post(
    '/labels/:itemType/:itemId/remark-requests',
    {
      config: access,
      schema: {
        tags: ['labels'],
        summary: 'Ask the source to widen a label',
        params: ItemParams,
        body: Type.Object(
          {
            ...LabelInput.properties,
            reason: Type.Optional(Type.String({ maxLength: 4000 })),
            asOrgId: Type.Optional(Type.String({ format: 'uuid' })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      reply.status(201);
      return relabel.requestRemark(
        p,
        req.principal,
        req.params.itemType as never,
        req.params.itemId,
        req.body,
      );
    },
  );
  app.get(
    '/spaces/:spaceId/remark-requests',
    {
      config: access,
      schema: { tags: ['labels'], summary: 'Requests you made or may decide', params: SpaceParams },
    },
    async (req) => relabel.listRemarks(p, req.principal, req.params.spaceId),
  );
  for (const verb of ['approve', 'decline'] as const)
    app.post(
      `/remark-requests/:id/${verb}`,
      { config: access, schema: { tags: ['labels'], summary: `The source ${verb}s`, params: IdParams } },
      async (req) => relabel.decideRemark(p, req.principal, req.params.id, verb === 'approve'),
    );
}
