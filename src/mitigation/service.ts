import { randomUUID } from 'node:crypto';
import { Value } from 'typebox/value';
import { AppError } from '../platform/http/errors.ts';
import { decodeCursor, encodeCursor } from '../platform/http/pagination.ts';
import type { Platform } from '../platform/platform.ts';
import { actorIds, type Principal } from '../policy/index.ts';
import { requestFor } from './announce.ts';
import { AttackInput, normaliseAttack } from './attack.ts';
import { createDriver } from './drivers/index.ts';
import type { ProcessPool } from './drivers/process-pool.ts';
import { scheduleAnnounce } from './lifecycle.ts';
import { mitigationOptions } from './options.ts';
import { planMitigation } from './plan.ts';
import { presentEvent, presentHookRun, presentMitigation } from './presenters.ts';
import { announceKey, audit, JOB_KINDS, publish } from './record.ts';
import { exabgpCommands, gobgpArgs, gobgpText } from './render.ts';
import type { Preview } from './schemas.ts';
import {
  canonicalSettings,
  loadSettings,
  mergeSettings,
  saveSettings,
  settingsProblems,
  viewSettings,
} from './settings.ts';
import type { SettingsInput } from './settings-schema.ts';
import * as store from './store.ts';

// Route access rules decide who may call these; here are the state rules.

/** `?state=proposed,announced`: every name must be a known state; undefined when not asked. */
export function parseStates(state: string | undefined): store.MitigationState[] | undefined {
  if (state === undefined) return undefined;
  const names = state.split(',').map((s) => s.trim());
  const known = store.STATES as readonly string[];
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) {
    const shown = unknown.map((n) => (n ? `"${n}"` : 'an empty name')).join(', ');
    throw new AppError(
      'validation_failed',
      `state: unknown state ${shown}; expected one or more of ${store.STATES.join(', ')}, separated by commas.`,
      { field: 'state', unknown, allowed: store.STATES },
    );
  }
  return [...new Set(names)] as store.MitigationState[];
}

export async function listMitigations(
  p: Platform,
  orgId: string,
  o: { state?: string; attackId?: string; limit: number; cursor?: string },
) {
  const states = parseStates(o.state);
  const after = decodeCursor(o.cursor, ['string', 'string']) as [string, string] | undefined;
  const rows = await store.listMitigations(p.db, orgId, {
    states,
    attackId: o.attackId,
    after,
    limit: o.limit + 1,
  });
  const items = rows.slice(0, o.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > o.limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null;
  return { items: items.map(presentMitigation), nextCursor };
}

async function mustFind(p: Platform, orgId: string, id: string) {
  const row = await store.findMitigation(p.db, orgId, id);
  if (!row) throw new AppError('not_found', 'No such mitigation.');
  return row;
}

export async function getMitigation(p: Platform, orgId: string, id: string) {
  const row = await mustFind(p, orgId, id);
  const events = await store.listEvents(p.db, id);
  return { ...presentMitigation(row), events: events.map(presentEvent) };
}

/** Locks the org's mitigation inside a transaction; 404 for another org's id. */
async function locked(q: Parameters<typeof store.lockMitigation>[0], orgId: string, id: string) {
  const m = await store.lockMitigation(q, id);
  if (!m || m.org_id !== orgId) throw new AppError('not_found', 'No such mitigation.');
  return m;
}

const notNow = (state: string, what: string) =>
  new AppError('conflict', `This mitigation is ${state}; ${what}.`, { state });

export async function decide(
  p: Platform,
  principal: Principal,
  orgId: string,
  id: string,
  decision: 'approve' | 'reject',
  note: string | undefined,
  ip: string,
) {
  const row = await p.db.tx(async (q) => {
    const m = await locked(q, orgId, id);
    if (m.state !== 'proposed') throw notNow(m.state, `only a proposed one can be ${decision}d`);
    if (decision === 'approve' && (await loadSettings(q, orgId)).settings.mode === 'off') {
      throw new AppError('conflict', 'Mitigation is turned off for this organisation; turn it on first.');
    }
    const row = await store.transition(q, id, ['proposed'], decision === 'approve' ? 'pending' : 'rejected');
    const kind = decision === 'approve' ? 'approved' : 'rejected';
    await store.insertEvent(q, id, {
      kind,
      outcome: 'info',
      actor: actorIds(principal),
      details: note ? { note } : {},
    });
    await audit(p, q, row!, kind, note ? { note } : {}, principal, ip);
    if (decision === 'approve') await scheduleAnnounce(p, q, id, mitigationOptions(p));
    return row!;
  });
  await publish(p, decision === 'approve' ? 'mitigation.approved' : 'mitigation.rejected', row);
  return presentMitigation(row);
}

/** Cancels what was not sent yet; otherwise schedules the withdrawal (answered 202). */
export async function requestWithdrawal(
  p: Platform,
  principal: Principal,
  orgId: string,
  id: string,
  note: string | undefined,
  ip: string,
) {
  const { row, type } = await p.db.tx(async (q) => {
    const m = await locked(q, orgId, id);
    const details = { reason: 'manual', ...(note ? { note } : {}) };
    if (m.state === 'pending') {
      const row = (await store.transition(q, id, ['pending'], 'cancelled'))!;
      await p.jobs.cancelByKey(announceKey(id), q);
      await store.insertEvent(q, id, {
        kind: 'cancelled',
        outcome: 'info',
        actor: actorIds(principal),
        details,
      });
      await audit(p, q, row, 'cancelled', details, principal, ip);
      return { row, type: 'mitigation.cancelled' as const };
    }
    if (!['announcing', 'announced', 'withdraw_failed'].includes(m.state)) {
      throw notNow(m.state, 'only an announced one can be withdrawn');
    }
    await p.jobs.schedule(
      {
        kind: JOB_KINDS.withdraw,
        payload: { mitigationId: id, reason: 'manual' },
        idempotencyKey: `mitigation:${id}:withdraw:manual:${randomUUID()}`,
        maxAttempts: mitigationOptions(p).withdrawAttempts,
      },
      q,
    );
    // Same state, new updatedAt: other tabs see the request (and reload the history).
    const row = (await store.transition(q, id, [m.state], m.state)) ?? m;
    await store.insertEvent(q, id, {
      kind: 'withdraw_requested',
      outcome: 'info',
      actor: actorIds(principal),
      details,
    });
    await audit(p, q, row, 'withdraw_requested', details, principal, ip);
    return { row, type: 'mitigation.withdraw_requested' as const };
  });
  await publish(p, type, row);
  return presentMitigation(row);
}

export async function getSettings(p: Platform, orgId: string) {
  const { settings, updatedAt } = await loadSettings(p.db, orgId);
  return viewSettings(settings, updatedAt);
}

export async function putSettings(
  p: Platform,
  principal: Principal,
  orgId: string,
  input: SettingsInput,
  ip: string,
) {
  const current = await loadSettings(p.db, orgId);
  const merged = mergeSettings(input, current.settings);
  const problems = settingsProblems(merged, mitigationOptions(p));
  if (problems.length) throw new AppError('validation_failed', problems.join('; '), problems);
  const settings = canonicalSettings(merged);
  const updatedAt = await p.db.tx(async (q) => {
    const at = await saveSettings(q, orgId, settings, actorIds(principal).userId);
    await p.audit.record(
      {
        orgId,
        principal,
        action: 'mitigation.settings_changed',
        targetType: 'org',
        targetId: orgId,
        ip,
        details: {
          mode: settings.mode,
          driver: settings.driver.kind,
          rtbh: settings.rtbh.enabled,
          allowList: settings.allowList.length,
          hooks: settings.hooks.map((h) => `${h.kind}:${h.id}`),
        },
      },
      q,
    );
    return at;
  });
  return viewSettings(settings, updatedAt);
}

const NO_POOL: ProcessPool = {
  write: () => Promise.reject(new Error('preview never sends')),
  close: async () => {},
};

export async function preview(
  p: Platform,
  orgId: string,
  body: { attackId: string } | { attack: AttackInput },
): Promise<Preview> {
  let input: AttackInput;
  if ('attackId' in body) {
    const row = await store.findAttack(p.db, orgId, body.attackId);
    if (!row || !Value.Check(AttackInput, row.data))
      throw new AppError('not_found', 'No attack with that id has been seen.');
    input = row.data as AttackInput;
  } else {
    input = body.attack;
  }
  const { settings } = await loadSettings(p.db, orgId);
  const plan = planMitigation(normaliseAttack(input), settings);
  const driver = createDriver(settings.driver, { options: mitigationOptions(p), pool: NO_POOL, log: p.log });
  const fake = {
    id: 'preview',
    org_id: orgId,
    attack_id: input.id ?? 'preview',
    target: input.target,
  } as store.MitigationRow;
  const gobgp = (op: 'announce' | 'withdraw') => plan.rules.map((r) => gobgpText([], gobgpArgs(r, op)));
  return {
    ...plan,
    driver: driver.kind,
    commands: {
      announce: plan.rules.length ? driver.preview(requestFor(fake, 'announce', plan.rules)) : '',
      withdraw: plan.rules.length ? driver.preview(requestFor(fake, 'withdraw', plan.rules)) : '',
    },
    exabgp: {
      announce: exabgpCommands(plan.rules, 'announce'),
      withdraw: exabgpCommands(plan.rules, 'withdraw'),
    },
    gobgp: { announce: gobgp('announce'), withdraw: gobgp('withdraw') },
  };
}

export async function listHookRuns(p: Platform, orgId: string, limit: number, cursor?: string) {
  const before = decodeCursor(cursor, ['number'])?.[0] as number | undefined;
  const rows = await store.listHookRuns(p.db, orgId, before, limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(presentHookRun),
    nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null,
  };
}
