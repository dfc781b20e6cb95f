import { Type } from 'typebox';
import { SIGNED_IN } from '../platform/auth/access.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import * as matrix from './matrix.ts';
import { MatrixChange, MatrixEntry, MatrixInput, MatrixQuery, MatrixView } from './matrix-schemas.ts';
import {
  Answer,
  AnswerInput,
  Question,
  QuestionInput,
  QuestionPatch,
  VoteInput,
} from './question-schemas.ts';
import * as questions from './questions.ts';
import { CaseParams, IdParams, SpaceParams } from './schemas.ts';

const access = { access: SIGNED_IN };
const list = <T extends Parameters<typeof Type.Array>[0]>(t: T) => Type.Object({ items: Type.Array(t) });

export function matrixRoutes(app: TypedApp, p: Platform) {
  const tags = ['status matrix'];
  app.put(
    '/cases/:caseId/matrix',
    {
      config: access,
      schema: {
        tags,
        summary: "Set your org's status for a layer × CVE",
        params: CaseParams,
        body: MatrixInput,
        response: { 200: MatrixEntry },
      },
    },
    async (req) => matrix.writeEntry(p, req.principal, req.params.caseId, req.body),
  );
  app.get(
    '/cases/:caseId/matrix',
    {
      config: access,
      schema: { tags, params: CaseParams, querystring: MatrixQuery, response: { 200: MatrixView } },
    },
    async (req) => matrix.view(p, req.principal, { caseId: req.params.caseId }, req.query),
  );
  app.get(
    '/spaces/:spaceId/matrix',
    {
      config: access,
      schema: {
        tags,
        summary: 'The consortium view: every row you may see',
        params: SpaceParams,
        querystring: MatrixQuery,
        response: { 200: MatrixView },
      },
    },
    async (req) => matrix.view(p, req.principal, { spaceId: req.params.spaceId }, req.query),
  );
  app.get(
    '/matrix/:id/history',
    { config: access, schema: { tags, params: IdParams, response: { 200: list(MatrixChange) } } },
    async (req) => matrix.history(p, req.principal, req.params.id),
  );
}

export function questionRoutes(app: TypedApp, p: Platform) {
  const tags = ['vendor questions'];
  app.post(
    '/cases/:caseId/questions',
    {
      config: access,
      schema: { tags, params: CaseParams, body: QuestionInput, response: { 201: Question } },
    },
    async (req, reply) => {
      reply.status(201);
      return questions.createQuestion(p, req.principal, req.params.caseId, req.body);
    },
  );
  app.get(
    '/cases/:caseId/questions',
    { config: access, schema: { tags, params: CaseParams, response: { 200: list(Question) } } },
    async (req) => questions.listQuestions(p, req.principal, req.params.caseId),
  );
  app.get(
    '/questions/:id',
    { config: access, schema: { tags, params: IdParams, response: { 200: Question } } },
    async (req) => questions.getQuestion(p, req.principal, req.params.id),
  );
  app.patch(
    '/questions/:id',
    {
      config: access,
      schema: {
        tags,
        summary: 'The asking org or a space admin sets the status',
        params: IdParams,
        body: QuestionPatch,
        response: { 200: Question },
      },
    },
    async (req) => questions.setStatus(p, req.principal, req.params.id, req.body.status),
  );
  app.post(
    '/questions/:id/answers',
    { config: access, schema: { tags, params: IdParams, body: AnswerInput, response: { 201: Answer } } },
    async (req, reply) => {
      reply.status(201);
      return questions.answer(p, req.principal, req.params.id, req.body);
    },
  );
  app.post(
    '/questions/:id/votes',
    {
      config: access,
      schema: {
        tags,
        summary: '"We need this too" (one vote per org)',
        params: IdParams,
        body: VoteInput,
        response: { 200: Question },
      },
    },
    async (req) => questions.vote(p, req.principal, req.params.id, true, req.body?.asOrgId),
  );
  app.delete(
    '/questions/:id/votes',
    {
      config: access,
      schema: { tags, params: IdParams, querystring: VoteInput, response: { 200: Question } },
    },
    async (req) => questions.vote(p, req.principal, req.params.id, false, req.query.asOrgId),
  );
}
