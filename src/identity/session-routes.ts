import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { PUBLIC, SIGNED_IN } from '../platform/auth/access.ts';
import { SESSION_COOKIE } from '../platform/auth/resolve.ts';
import { AppError } from '../platform/http/errors.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import * as accounts from './accounts.ts';
import { LoginInput, PasswordChange, Session, SetupInput } from './schemas.ts';
import { countOrgs } from './store.ts';

const tags = ['identity'];
const client = (req: FastifyRequest) => ({ ip: req.ip, userAgent: req.headers['user-agent'] ?? '' });

export function sessionRoutes(app: TypedApp, p: Platform) {
  const secure = p.config.publicUrl?.startsWith('https://') ?? false;
  const setCookie = (reply: FastifyReply, secret: string) =>
    reply.setCookie(SESSION_COOKIE, secret, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: p.config.sessionTtlHours * 3600,
    });

  app.get(
    '/setup',
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary: 'Is first-run setup needed?',
        response: { 200: Type.Object({ needed: Type.Boolean() }) },
      },
    },
    async () => ({ needed: (await countOrgs(p.db)) === 0 }),
  );

  app.post(
    '/setup',
    {
      config: { access: PUBLIC, rateLimit: { max: p.config.loginRateLimit, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'First run: create the first organisation and its owner, signed in',
        body: SetupInput,
        response: { 201: Session },
      },
    },
    async (req, reply) => {
      const { user } = await accounts.createOrgWithOwner(p, req.body, { onlyIfFirst: true, ip: req.ip });
      const s = await accounts.startSession(p, p.db, user.id, client(req));
      setCookie(reply, s.secret).status(201);
      return accounts.sessionView(p.db, user.id, s.csrfToken);
    },
  );

  app.post(
    '/session',
    {
      config: { access: PUBLIC, rateLimit: { max: p.config.loginRateLimit, timeWindow: 60_000 } },
      schema: { tags, summary: 'Sign in', body: LoginInput, response: { 200: Session } },
    },
    async (req, reply) => {
      const s = await accounts.login(p, req.body.email, req.body.password, client(req));
      setCookie(reply, s.secret);
      return s.view;
    },
  );

  app.get(
    '/session',
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: 'The signed-in person, their organisations and CSRF token',
        response: { 200: Session },
      },
    },
    async (req) => {
      const pr = req.principal;
      if (pr.kind !== 'user')
        throw new AppError('forbidden', 'API tokens have no session; use /api/v1/orgs/{orgId}.');
      return accounts.sessionView(p.db, pr.userId, pr.csrfToken);
    },
  );

  app.delete(
    '/session',
    { config: { access: SIGNED_IN }, schema: { tags, summary: 'Sign out' } },
    async (req, reply) => {
      await accounts.logout(p, req.principal, req.ip);
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).status(204);
    },
  );

  app.delete(
    '/sessions',
    {
      config: { access: SIGNED_IN },
      schema: { tags, summary: 'Sign out everywhere (all sessions of this person)' },
    },
    async (req, reply) => {
      await accounts.logoutEverywhere(p, req.principal, req.ip);
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).status(204);
    },
  );

  app.post(
    '/me/password',
    {
      config: { access: SIGNED_IN },
      schema: { tags, summary: 'Change my password (ends my other sessions)', body: PasswordChange },
    },
    async (req, reply) => {
      await accounts.changePassword(p, req.principal, req.body, req.ip);
      reply.status(204);
    },
  );
}
