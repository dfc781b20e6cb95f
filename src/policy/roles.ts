/** Organisation roles, least to most powerful. */
export const ORG_ROLES = ['viewer', 'responder', 'admin', 'owner'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

const RANK: Record<OrgRole, number> = { viewer: 0, responder: 1, admin: 2, owner: 3 };
export const roleAtLeast = (role: OrgRole, min: OrgRole): boolean => RANK[role] >= RANK[min];
export const roleRank = (role: OrgRole): number => RANK[role];
