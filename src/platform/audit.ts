import { actorIds, isAuditedRead, type Principal, type Tlp } from '../policy/index.ts';
import type { Queryable } from './db/db.ts';

export interface AuditEntry {
  orgId: string | null;
  principal?: Principal;
  /** The acting person when there is no principal yet (sign-in, first-run setup). */
  actorUserId?: string;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string;
  details?: Record<string, unknown>;
}

/** The audit log: security-relevant actions and reads of RED / AMBER+STRICT content. */
export interface Audit {
  record(entry: AuditEntry, q?: Queryable): Promise<void>;
  /** Call on every read path that returns labelled content; records only the audited labels. */
  recordRead(
    p: Principal,
    item: { orgId: string | null; tlp: Tlp; targetType: string; targetId: string },
    via: string,
  ): Promise<void>;
}

export function createAudit(db: Queryable): Audit {
  const record: Audit['record'] = async (e, q = db) => {
    const actor = e.principal ? actorIds(e.principal) : { userId: e.actorUserId ?? null, tokenId: null };
    await q.execute(
      `insert into audit_log (org_id, actor_user_id, actor_token_id, action, target_type, target_id, ip, details)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        e.orgId,
        actor.userId,
        actor.tokenId,
        e.action,
        e.targetType ?? null,
        e.targetId ?? null,
        e.ip ?? null,
        JSON.stringify(e.details ?? {}),
      ],
    );
  };
  return {
    record,
    async recordRead(p, item, via) {
      if (!isAuditedRead(item.tlp)) return;
      await record({
        orgId: item.orgId,
        principal: p,
        action: 'content.read',
        targetType: item.targetType,
        targetId: item.targetId,
        details: { tlp: item.tlp, via },
      });
    },
  };
}
