import type { Platform } from '../platform/platform.ts';
import { scheduleAnnounce } from './lifecycle.ts';
import { mitigationOptions } from './options.ts';
import { enforcePolicy } from './plan.ts';
import { audit, JOB_KINDS, publish, withdrawKey } from './record.ts';
import { checkRule, type FlowRule, type Rule, RuleError } from './rules.ts';
import { loadSettings } from './settings.ts';
import * as store from './store.ts';

/**
 * Entry point for other modules (collective defense) to propose FlowSpec filters they built,
 * e.g. "UDP from these peer-reported reflectors to this host". Only FlowSpec: a rule of any
 * other kind is refused, so no caller can ever blackhole a victim through here. The org's
 * mitigation settings still apply (mode off → nothing; allow-list; action; max rules); the
 * proposal is approved automatically only when the caller says so *and* the org's mitigation
 * mode is automatic. `key` names the proposal (one per key and org, like one per attack).
 */
export interface ExternalProposal {
  orgId: string;
  key: string;
  target: string;
  classification: string;
  matches: Array<Omit<FlowRule, 'kind' | 'action'>>;
  automatic: boolean;
  note: string;
}

export async function proposeExternalFlowspec(p: Platform, x: ExternalProposal) {
  const { settings } = await loadSettings(p.db, x.orgId);
  if (settings.mode === 'off' || !settings.flowspec.enabled) return null;
  const action =
    settings.flowspec.action === 'discard'
      ? ({ kind: 'discard' } as const)
      : ({ kind: 'rate-limit', bytesPerSecond: settings.flowspec.rateLimitBytesPerSecond } as const);
  const rules: Rule[] = [];
  const notes: string[] = [x.note];
  for (const m of x.matches.slice(0, settings.flowspec.maxRules)) {
    try {
      rules.push(checkRule({ ...m, kind: 'flowspec', action }));
    } catch (err) {
      if (!(err instanceof RuleError)) throw err;
      notes.push(`${m.source ?? m.vector}: ${err.message}`);
    }
  }
  const plan = enforcePolicy(rules, settings);
  if (plan.rules.length === 0) return null;
  const automatic = x.automatic && settings.mode === 'automatic';
  const row = await p.db.tx(async (q) => {
    await store.lockAttack(q, x.orgId, x.key);
    const m = await store.insertMitigation(q, {
      orgId: x.orgId,
      attackId: x.key,
      target: x.target,
      classification: x.classification.slice(0, 200),
      rules: plan.rules,
      refused: plan.refused,
      notes: [...notes, ...plan.notes],
    });
    if (!m) return null;
    await store.insertEvent(q, m.id, {
      kind: 'proposed',
      outcome: 'info',
      details: { source: 'intel', note: x.note },
    });
    await audit(p, q, m, 'proposed', { rules: plan.rules.length, source: 'intel' });
    if (!automatic) return m;
    const approved = await store.transition(q, m.id, ['proposed'], 'pending');
    await store.insertEvent(q, m.id, {
      kind: 'approved',
      outcome: 'info',
      details: { automatic: true, source: 'intel' },
    });
    await scheduleAnnounce(p, q, m.id, mitigationOptions(p));
    return approved ?? m;
  });
  if (row) await publish(p, 'mitigation.proposed', row);
  return row ? { id: row.id, state: row.state } : null;
}

/** The attack behind an external proposal ended: expire it, or withdraw after the hold time. */
export async function endExternalFlowspec(p: Platform, orgId: string, key: string) {
  const { settings } = await loadSettings(p.db, orgId);
  const expired = await p.db.tx(async (q) => {
    await store.lockAttack(q, orgId, key);
    const m = await store.findByAttack(q, orgId, key);
    if (!m) return null;
    if (m.state === 'proposed')
      return (await store.transition(q, m.id, ['proposed'], 'expired', { attackEnded: true })) ?? null;
    if (!['pending', 'announcing', 'announced', 'withdraw_failed'].includes(m.state)) return null;
    await store.transition(q, m.id, [m.state], m.state, { attackEnded: true });
    await p.jobs.schedule(
      {
        kind: JOB_KINDS.withdraw,
        payload: { mitigationId: m.id, reason: 'attack-ended' },
        runAt: new Date(Date.now() + settings.holdSeconds * 1000),
        idempotencyKey: withdrawKey(m.id, 'end'),
        maxAttempts: mitigationOptions(p).withdrawAttempts,
      },
      q,
    );
    return null;
  });
  if (expired) await publish(p, 'mitigation.expired', expired);
}
