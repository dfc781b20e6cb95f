import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireOrgRole, requireSignedIn } from '../../policy/index.ts';
import { ANONYMOUS } from '../../policy/principal.ts';
import type { Db } from '../db/db.ts';
import { AppError } from '../http/errors.ts';
import type { Access } from './access.ts';
import { type ResolveOptions, resolvePrincipal } from './resolve.ts';
import { safeEqual } from './secrets.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Registers authentication, CSRF and the per-route access rule on every request. */
export function registerAuth(app: FastifyInstance, db: Db, opts: ResolveOptions) {
  app.addHook('onClose', async () => opts.cache.close());
  app.decorateRequest('principal', null as never);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/v1') && !route.config?.access) {
      throw new Error(`route ${route.method} ${route.url} declares no access rule`);
    }
  });

  app.addHook('onRequest', async (req) => {
    req.principal = ANONYMOUS;
    const access = req.routeOptions.config?.access;
    if (!access) return;
    try {
      req.principal = await resolvePrincipal(db, req, opts);
    } catch (err) {
      // A stale cookie must not lock anyone out of signing in again.
      if (access.kind === 'public' && err instanceof AppError && err.code === 'session_expired') return;
      throw err;
    }
    enforce(req, access);
  });
}

function enforce(req: FastifyRequest, access: Access) {
  const p = req.principal;
  if (access.kind === 'public') return;
  // Cookies ride along on cross-site requests; a write must also prove it came from our page.
  if (p.kind === 'user' && !SAFE_METHODS.has(req.method)) {
    const sent = req.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !safeEqual(sent, p.csrfToken)) throw new AppError('csrf_failed');
  }
  switch (access.kind) {
    case 'signedIn':
      requireSignedIn(p);
      return;
    case 'org': {
      const orgId = (req.params as { orgId?: string }).orgId;
      if (!orgId) throw new Error(`route ${req.routeOptions.url} has org access but no :orgId`);
      requireOrgRole(p, orgId, access.role);
    }
  }
}
