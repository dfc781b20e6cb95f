import type { OrgRole } from './roles.ts';

/** Who is asking. Resolved once per request by platform auth; every policy check takes it. */
export type Principal =
  | {
      kind: 'user';
      userId: string;
      email: string;
      name: string;
      sessionId: string;
      csrfToken: string;
      /** orgId → role */
      orgs: ReadonlyMap<string, OrgRole>;
    }
  | { kind: 'token'; tokenId: string; userId: string | null; orgs: ReadonlyMap<string, OrgRole> }
  | { kind: 'anonymous'; orgs: ReadonlyMap<string, OrgRole> };

export const ANONYMOUS: Principal = { kind: 'anonymous', orgs: new Map() };

export const actorIds = (p: Principal) => ({
  userId: p.kind === 'user' ? p.userId : p.kind === 'token' ? p.userId : null,
  tokenId: p.kind === 'token' ? p.tokenId : null,
});
