import type { Names } from '../../../components/TlpBadge.tsx';
import type { Case, LabelChoice, OrgRef, Space, SpacePerson } from '../../../types-coord.ts';

/** What every panel of a case page needs to know about the space and the reader. */
export interface CaseCtx {
  space: Space;
  kase: Case;
  names: Names;
  people: SpacePerson[];
  activeOrgs: OrgRef[];
  /** The org the reader writes for (sent as asOrgId). */
  actingOrgId: string | undefined;
  me: string;
  /** Members and admins of the space may write; observers read. */
  canWrite: boolean;
}

/** The label a new item starts with: the space's default. */
export const defaultLabel = (space: Space): LabelChoice =>
  space.defaultTlp === 'AMBER' || space.defaultTlp === 'AMBER+STRICT'
    ? { tlp: space.defaultTlp, recipientOrgIds: [] }
    : { tlp: space.defaultTlp as LabelChoice['tlp'] };

/** `1536` → `1.5 KiB`. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** `vulnerable_code_not_present` → `vulnerable code not present`. */
export const words = (s: string) => s.replace(/_/g, ' ');
