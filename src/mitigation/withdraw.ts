import type { Job } from '../platform/jobs/jobs.ts';
import type { Platform } from '../platform/platform.ts';
import { requestFor, storedPlan } from './announce.ts';
import { createDriver, type DriverDeps, DriverError } from './drivers/index.ts';
import { audit, publish, withdrawKey } from './record.ts';
import { checkRule, type Rule, ruleKey } from './rules.ts';
import type { DriverSettings } from './settings-schema.ts';
import * as store from './store.ts';

/**
 * The withdrawal job, whatever asked for it (attack ended + hold time, the hard lifetime, a
 * person). The first run to move announced → withdrawing does the work; the others find
 * nothing to do. Rules that another live mitigation of the org also announced (the same
 * route, e.g. a new attack on the same host during the hold time) are left in place.
 */
type Claim = {
  row: store.MitigationRow;
  driver: DriverSettings;
  rules: Rule[];
  shared: number;
  reason: string;
};

class InProgressError extends Error {}

const sharedKeys = (rows: Array<{ rules: unknown; driver: unknown }>) => {
  const keys = new Set<string>();
  for (const r of rows) {
    for (const rule of Array.isArray(r.rules) ? r.rules : []) {
      try {
        keys.add(`${JSON.stringify(r.driver)}\n${ruleKey(checkRule(rule))}`);
      } catch {
        // A rule that does not check was never sent by us.
      }
    }
  }
  return keys;
};

async function claim(p: Platform, id: string, reason: string): Promise<Claim | null> {
  let cancelled: store.MitigationRow | undefined;
  const outcome = await p.db.tx(async (q) => {
    const m = await store.lockMitigation(q, id);
    if (!m) return null;
    if (m.state === 'pending') {
      const row = await store.transition(q, m.id, ['pending'], 'cancelled');
      await store.insertEvent(q, m.id, {
        kind: 'cancelled',
        outcome: 'info',
        details: { reason, why: 'withdrawn before it was announced' },
      });
      if (row) await audit(p, q, row, 'cancelled', { reason });
      cancelled = row;
      return null;
    }
    if (m.state === 'announcing') return 'in-progress' as const;
    let row: store.MitigationRow | undefined = m;
    if (m.state === 'announced' || m.state === 'withdraw_failed') {
      row = await store.transition(q, m.id, [m.state], 'withdrawing');
    } else if (m.state !== 'withdrawing') {
      return null; // already withdrawn, failed, rejected …
    }
    const plan = storedPlan(row!);
    const live = sharedKeys(await store.liveMitigations(q, m.org_id, m.id));
    const prefix = `${JSON.stringify(plan.driver)}\n`;
    const rules = plan.rules.filter((r) => !live.has(prefix + ruleKey(r)));
    return { row: row!, driver: plan.driver, rules, shared: plan.rules.length - rules.length, reason };
  });
  if (cancelled) await publish(p, 'mitigation.cancelled', cancelled);
  if (outcome === 'in-progress')
    throw new InProgressError('the announcement is still being sent; the withdrawal retries');
  return outcome;
}

async function succeeded(p: Platform, c: Claim, sent: string | null, output: string | null, job: Job) {
  const row = await p.db.tx(async (q) => {
    const row = await store.transition(q, c.row.id, ['withdrawing'], 'withdrawn', { withdrawn: true });
    if (!row) return null;
    await store.insertEvent(q, row.id, {
      kind: 'withdrawn',
      outcome: 'ok',
      driver: c.driver.kind,
      sent,
      output,
      details: { reason: c.reason, attempt: job.attempts, keptForOtherMitigations: c.shared },
    });
    await audit(p, q, row, 'withdrawn', { reason: c.reason, driver: c.driver.kind });
    return row;
  });
  if (!row) return;
  await publish(p, 'mitigation.withdrawn', row);
  // The other timers have nothing left to do.
  for (const key of [withdrawKey(row.id, 'end'), withdrawKey(row.id, 'expire')]) {
    if (key !== job.idempotencyKey) await p.jobs.cancelByKey(key).catch(() => false);
  }
}

async function failedAttempt(p: Platform, c: Claim, err: unknown, job: Job) {
  const last = job.attempts >= job.maxAttempts;
  const message = (err as Error).message;
  const row = await p.db.tx(async (q) => {
    await store.insertEvent(q, c.row.id, {
      kind: 'withdraw_failed',
      outcome: 'error',
      driver: c.driver.kind,
      sent: err instanceof DriverError ? err.sent : null,
      output: err instanceof DriverError ? err.output : null,
      error: message,
      details: { reason: c.reason, attempt: job.attempts, of: job.maxAttempts, final: last },
    });
    const row = await store.transition(
      q,
      c.row.id,
      ['withdrawing'],
      last ? 'withdraw_failed' : 'announced',
      last ? { error: message } : {},
    );
    if (row && last) await audit(p, q, row, 'withdraw_failed', { error: message });
    return row;
  });
  // Still announced and nobody will retry: that needs a person.
  if (row && last) await publish(p, 'mitigation.failed', row);
}

export function withdrawJobHandler(p: Platform, deps: () => DriverDeps) {
  return async (job: Job, ctx: { signal: AbortSignal }) => {
    const { mitigationId, reason } = job.payload as { mitigationId?: unknown; reason?: unknown };
    if (typeof mitigationId !== 'string') throw new Error('malformed withdraw job payload');
    const c = await claim(p, mitigationId, typeof reason === 'string' ? reason : 'unknown');
    if (!c) return;
    if (!c.rules.length) {
      await succeeded(p, c, null, 'every rule is still announced for another mitigation; nothing sent', job);
      return;
    }
    let result: { sent: string; output: string | null };
    try {
      result = await createDriver(c.driver, deps()).send(requestFor(c.row, 'withdraw', c.rules), ctx.signal);
    } catch (err) {
      await failedAttempt(p, c, err, job);
      if (job.attempts < job.maxAttempts) throw err;
      return;
    }
    await succeeded(p, c, result.sent, result.output, job);
  };
}
