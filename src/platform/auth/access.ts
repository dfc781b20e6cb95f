import type { OrgRole } from '../../policy/roles.ts';

/**
 * Every route under /api declares who may call it; a route without a declaration fails at
 * start-up (fail closed). `org` routes take the org from the `:orgId` path parameter.
 */
export type Access = { kind: 'public' } | { kind: 'signedIn' } | { kind: 'org'; role: OrgRole };

export const PUBLIC: Access = { kind: 'public' };
export const SIGNED_IN: Access = { kind: 'signedIn' };
export const orgRole = (role: OrgRole): Access => ({ kind: 'org', role });

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: import('../../policy/principal.ts').Principal;
  }
}
