import type { Queryable } from '../platform/db/db.ts';
import type { Platform } from '../platform/platform.ts';
import type { Principal } from '../policy/index.ts';
import { presentMitigation } from './presenters.ts';
import type { MitigationRow } from './store.ts';

/** Mitigations are the org's own operational data: AMBER on the bus and everywhere else. */
export const MITIGATION_TLP = 'AMBER' as const;

export type MitigationBusEvent =
  | 'mitigation.proposed'
  | 'mitigation.approved'
  | 'mitigation.rejected'
  | 'mitigation.cancelled'
  | 'mitigation.expired'
  | 'mitigation.withdraw_requested'
  | 'mitigation.announced'
  | 'mitigation.withdrawn'
  | 'mitigation.failed';

export const JOB_KINDS = {
  announce: 'mitigation.announce',
  withdraw: 'mitigation.withdraw',
  hook: 'mitigation.hook',
} as const;

export const announceKey = (id: string) => `mitigation:${id}:announce`;
/** One key per reason: the end-of-attack timer and the lifetime timer coexist; the first one wins. */
export const withdrawKey = (id: string, reason: 'end' | 'expire') => `mitigation:${id}:withdraw:${reason}`;

/** Published after the change committed; a bus outage is logged, never undoes the change. */
export async function publish(p: Platform, type: MitigationBusEvent, row: MitigationRow) {
  try {
    await p.bus.publish({ type, orgId: row.org_id, tlp: MITIGATION_TLP, data: presentMitigation(row) });
  } catch (err) {
    p.log.warn({ err, type, mitigationId: row.id }, 'could not publish a mitigation event');
  }
}

export function audit(
  p: Platform,
  q: Queryable,
  row: MitigationRow,
  action: string,
  details: Record<string, unknown> = {},
  principal?: Principal,
  ip?: string,
) {
  return p.audit.record(
    {
      orgId: row.org_id,
      ...(principal ? { principal } : {}),
      action: `mitigation.${action}`,
      targetType: 'mitigation',
      targetId: row.id,
      ...(ip ? { ip } : {}),
      details: { attackId: row.attack_id, target: row.target, ...details },
    },
    q,
  );
}
