import type { FastifyInstance } from 'fastify';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import { orgRoutes } from './org-routes.ts';
import { sessionRoutes } from './session-routes.ts';

/** Sign-in, sessions, organisations, members, API tokens and the audit log. */
export const identityModule = (p: Platform) => async (app: FastifyInstance) => {
  sessionRoutes(app as TypedApp, p);
  orgRoutes(app as TypedApp, p);
};
