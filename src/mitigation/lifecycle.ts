import type { Queryable } from '../platform/db/db.ts';
import type { Platform } from '../platform/platform.ts';
import type { Attack, AttackEventType, AttackInput } from './attack.ts';
import { scheduleHooks } from './hooks.ts';
import type { MitigationOptions } from './options.ts';
import { planMitigation } from './plan.ts';
import { announceKey, audit, JOB_KINDS, publish, withdrawKey } from './record.ts';
import { type Rule, ruleKey } from './rules.ts';
import { loadSettings, type Settings } from './settings.ts';
import * as store from './store.ts';

/**
 * What an attack event does to mitigations. Every step runs in one transaction under a lock on
 * the attack, so two workers handling the same (or a repeated) event cannot propose twice, and
 * an `ended` handled before a late `started` is never undone.
 */
export type SeenAttack = Attack & { raw: AttackInput & { id: string } };

export function scheduleAnnounce(p: Platform, q: Queryable, id: string, o: MitigationOptions) {
  return p.jobs.schedule(
    {
      kind: JOB_KINDS.announce,
      payload: { mitigationId: id },
      idempotencyKey: announceKey(id),
      maxAttempts: o.announceAttempts,
    },
    q,
  );
}

const signature = (rules: unknown) => (Array.isArray(rules) ? (rules as Rule[]).map(ruleKey).join('\n') : '');

async function propose(p: Platform, o: MitigationOptions, orgId: string, a: SeenAttack, s: Settings) {
  const plan = planMitigation(a, s);
  return p.db.tx(async (q) => {
    await store.lockAttack(q, orgId, a.id);
    const state = await store.upsertAttack(q, orgId, a.raw, false);
    if (state === 'ended' || s.mode === 'off' || plan.rules.length === 0) return null;
    const existing = await store.findByAttack(q, orgId, a.id);
    if (existing) {
      // A proposal nobody decided on yet follows the attack as it changes.
      if (existing.state === 'proposed' && signature(existing.rules) !== signature(plan.rules)) {
        await store.transition(q, existing.id, ['proposed'], 'proposed', plan);
        await store.insertEvent(q, existing.id, {
          kind: 'revised',
          outcome: 'info',
          details: { rules: plan.rules.length, refused: plan.refused, notes: plan.notes },
        });
      }
      return null;
    }
    const m = await store.insertMitigation(q, {
      orgId,
      attackId: a.id,
      target: a.target,
      classification: a.classification.slice(0, 200),
      ...plan,
    });
    if (!m) return null;
    await store.insertEvent(q, m.id, {
      kind: 'proposed',
      outcome: 'info',
      details: { mode: s.mode, refused: plan.refused, notes: plan.notes },
    });
    await audit(p, q, m, 'proposed', { rules: plan.rules.length, mode: s.mode });
    if (s.mode !== 'automatic') return m;
    // Published as mitigation.proposed (already approved): one event for the new mitigation.
    const approved = await store.transition(q, m.id, ['proposed'], 'pending');
    await store.insertEvent(q, m.id, { kind: 'approved', outcome: 'info', details: { automatic: true } });
    await audit(p, q, m, 'approved', { automatic: true });
    await scheduleAnnounce(p, q, m.id, o);
    return approved ?? m;
  });
}

/** Returns the proposal it expired, if any (published once committed). */
async function attackEnded(p: Platform, o: MitigationOptions, orgId: string, a: SeenAttack, s: Settings) {
  return p.db.tx(async (q): Promise<store.MitigationRow | null> => {
    await store.lockAttack(q, orgId, a.id);
    await store.upsertAttack(q, orgId, a.raw, true);
    const m = await store.findByAttack(q, orgId, a.id);
    if (!m) return null;
    if (m.state === 'proposed') {
      const expired = await store.transition(q, m.id, ['proposed'], 'expired', { attackEnded: true });
      if (expired)
        await store.insertEvent(q, m.id, {
          kind: 'expired',
          outcome: 'info',
          details: { why: 'the attack ended before anyone approved' },
        });
      return expired ?? null;
    }
    const live = ['pending', 'announcing', 'announced', 'withdraw_failed'] as const;
    if (!(live as readonly string[]).includes(m.state)) return null;
    await store.transition(q, m.id, [m.state], m.state, { attackEnded: true });
    const runAt = new Date(Date.now() + s.holdSeconds * 1000);
    await p.jobs.schedule(
      {
        kind: JOB_KINDS.withdraw,
        payload: { mitigationId: m.id, reason: 'attack-ended' },
        runAt,
        idempotencyKey: withdrawKey(m.id, 'end'),
        maxAttempts: o.withdrawAttempts,
      },
      q,
    );
    await store.insertEvent(q, m.id, {
      kind: 'withdrawal_scheduled',
      outcome: 'info',
      details: { reason: 'attack-ended', holdSeconds: s.holdSeconds, at: runAt.toISOString() },
    });
    return null;
  });
}

/** Handles one attack event for one org. */
export async function handleAttackEvent(
  p: Platform,
  o: MitigationOptions,
  type: AttackEventType,
  orgId: string,
  a: SeenAttack,
) {
  const { settings } = await loadSettings(p.db, orgId);
  await scheduleHooks(p, settings, type, orgId, a.raw);
  if (type === 'attack.ended') {
    const expired = await attackEnded(p, o, orgId, a, settings);
    if (expired) await publish(p, 'mitigation.expired', expired);
    return;
  }
  const created = await propose(p, o, orgId, a, settings);
  if (created) await publish(p, 'mitigation.proposed', created);
}
