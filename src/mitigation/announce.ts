import { Value } from 'typebox/value';
import type { Job } from '../platform/jobs/jobs.ts';
import type { Platform } from '../platform/platform.ts';
import { createDriver, type DriverDeps, DriverError, type DriverRequest } from './drivers/index.ts';
import { enforcePolicy } from './plan.ts';
import { audit, JOB_KINDS, publish, withdrawKey } from './record.ts';
import { checkRule, type Rule } from './rules.ts';
import { loadSettings } from './settings.ts';
import { DriverSettings } from './settings-schema.ts';
import * as store from './store.ts';

/**
 * The announcement job. The state moves pending → announcing in a transaction before anything
 * is sent and announcing → announced after, so a second run (a restart, a lost lease) finds
 * nothing to do, or finds "announcing" and sends the same commands again, which BGP treats as
 * the same route (an announcement replaces an identical one); it never adds a second route.
 */
export const requestFor = (
  m: store.MitigationRow,
  op: DriverRequest['op'],
  rules: Rule[],
): DriverRequest => ({
  op,
  rules,
  mitigation: { id: m.id, orgId: m.org_id, attackId: m.attack_id, target: m.target },
});

/** Stored rules and driver, checked again: what is in the database is not trusted blindly. */
export function storedPlan(m: store.MitigationRow): { rules: Rule[]; driver: DriverSettings } {
  const rules = (Array.isArray(m.rules) ? m.rules : []).map(checkRule);
  if (!Value.Check(DriverSettings, m.driver)) throw new Error('the stored driver settings do not check');
  return { rules, driver: m.driver as DriverSettings };
}

type Claim = {
  kind: 'send';
  row: store.MitigationRow;
  rules: Rule[];
  driver: DriverSettings;
  resend: boolean;
};

async function claim(
  p: Platform,
  id: string,
): Promise<Claim | { kind: 'failed'; row: store.MitigationRow } | null> {
  return p.db.tx(async (q) => {
    const m = await store.lockMitigation(q, id);
    if (!m) return null;
    if (m.state === 'announcing') return { kind: 'send', row: m, ...storedPlan(m), resend: true };
    if (m.state !== 'pending') return null;
    const { settings } = await loadSettings(q, m.org_id);
    const fail = async (error: string) => {
      const row = (await store.transition(q, m.id, ['pending'], 'failed', { error }))!;
      await store.insertEvent(q, m.id, { kind: 'failed', outcome: 'error', error });
      await audit(p, q, row, 'failed', { error });
      return { kind: 'failed' as const, row };
    };
    if (settings.mode === 'off') return fail('mitigation was turned off before the announcement');
    let rules: Rule[];
    try {
      rules = (Array.isArray(m.rules) ? m.rules : []).map(checkRule);
    } catch (err) {
      return fail(`the stored rules do not check: ${(err as Error).message}`);
    }
    // The allow-list and switches may have changed since the proposal: they win.
    const policy = enforcePolicy(rules, settings);
    if (!policy.rules.length)
      return fail(`nothing left to announce: ${policy.refused.map((r) => r.reason).join('; ')}`);
    // One org's limit is checked by one transaction at a time.
    await q.query('select pg_advisory_xact_lock(hashtext($1))', [`mitigation-limit:${m.org_id}`]);
    const live = await store.liveMitigations(q, m.org_id, m.id);
    const used = live.reduce((n, r) => n + r.rule_count, 0);
    if (used + policy.rules.length > settings.maxActiveAnnouncements) {
      return fail(
        `limit reached: ${used} rule(s) announced, ${policy.rules.length} more would exceed ${settings.maxActiveAnnouncements}`,
      );
    }
    const refused = [...(Array.isArray(m.refused) ? m.refused : []), ...policy.refused];
    const row = await store.transition(q, m.id, ['pending'], 'announcing', {
      rules: policy.rules,
      refused,
      driver: settings.driver,
    });
    return { kind: 'send', row: row!, rules: policy.rules, driver: settings.driver, resend: false };
  });
}

async function succeeded(
  p: Platform,
  d: DriverDeps,
  c: Claim,
  sent: string,
  output: string | null,
  job: Job,
) {
  const row = await p.db.tx(async (q) => {
    const { settings } = await loadSettings(q, c.row.org_id);
    const expiresAt = new Date(Date.now() + settings.maxLifetimeSeconds * 1000);
    const row = await store.transition(q, c.row.id, ['announcing'], 'announced', {
      announced: true,
      expiresAt,
    });
    if (!row) return null;
    await store.insertEvent(q, row.id, {
      kind: 'announced',
      outcome: 'ok',
      driver: c.driver.kind,
      sent,
      output,
      details: { attempt: job.attempts, resent: c.resend, rules: c.rules.length },
    });
    await audit(p, q, row, 'announced', { driver: c.driver.kind, rules: c.rules.length });
    // The hard lifetime; the end-of-attack timer (if the attack already ended) is scheduled too.
    await p.jobs.schedule(
      {
        kind: JOB_KINDS.withdraw,
        payload: { mitigationId: row.id, reason: 'expired' },
        runAt: expiresAt,
        idempotencyKey: withdrawKey(row.id, 'expire'),
        maxAttempts: d.options.withdrawAttempts,
      },
      q,
    );
    return row;
  });
  if (row) await publish(p, 'mitigation.announced', row);
}

async function failedAttempt(p: Platform, deps: DriverDeps, c: Claim, err: unknown, job: Job) {
  const last = job.attempts >= job.maxAttempts;
  const message = (err as Error).message;
  const sent = err instanceof DriverError ? err.sent : null;
  const row = await p.db.tx(async (q) => {
    await store.insertEvent(q, c.row.id, {
      kind: 'announce_failed',
      outcome: 'error',
      driver: c.driver.kind,
      sent,
      output: err instanceof DriverError ? err.output : null,
      error: message,
      details: { attempt: job.attempts, of: job.maxAttempts, final: last },
    });
    const to = last ? 'failed' : 'pending';
    const row = await store.transition(q, c.row.id, ['announcing'], to, last ? { error: message } : {});
    if (row && last) await audit(p, q, row, 'failed', { error: message });
    return row;
  });
  if (!last || !row) return;
  await publish(p, 'mitigation.failed', row);
  // Part of the commands may have gone out before the failure: take them back (best effort).
  if (sent) {
    const undo = await createDriver(c.driver, deps)
      .send(requestFor(c.row, 'withdraw', c.rules))
      .then((r) => ({ outcome: 'ok' as const, sent: r.sent, error: null }))
      .catch((e: unknown) => ({
        outcome: 'error' as const,
        sent: e instanceof DriverError ? e.sent : null,
        error: (e as Error).message,
      }));
    await store.insertEvent(p.db, c.row.id, { kind: 'cleanup_withdraw', driver: c.driver.kind, ...undo });
  }
}

export function announceJobHandler(p: Platform, deps: () => DriverDeps) {
  return async (job: Job, ctx: { signal: AbortSignal }) => {
    const id = (job.payload as { mitigationId?: unknown }).mitigationId;
    if (typeof id !== 'string') throw new Error('malformed announce job payload');
    const c = await claim(p, id);
    if (!c) return;
    if (c.kind === 'failed') {
      await publish(p, 'mitigation.failed', c.row);
      return;
    }
    const d = deps();
    let result: { sent: string; output: string | null };
    try {
      result = await createDriver(c.driver, d).send(requestFor(c.row, 'announce', c.rules), ctx.signal);
    } catch (err) {
      await failedAttempt(p, d, c, err, job);
      if (job.attempts < job.maxAttempts) throw err; // retried by the queue with backoff
      return;
    }
    await succeeded(p, d, c, result.sent, result.output, job);
  };
}
