import type { Refusal } from './plan.ts';
import { exabgpCommands, gobgpArgv, type Op } from './render.ts';
import type { Rule } from './rules.ts';
import type { HookRun, Mitigation, MitigationCommands, MitigationEvent } from './schemas.ts';
import type { EventRow, HookRunRow, MitigationRow } from './store.ts';

// Rows map to API shapes field by field, so a new column never leaks by accident.
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const array = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/**
 * The exact commands the server's renderer produces for the stored rules, in both dialects;
 * null when a stored rule no longer passes the checks (the drivers would refuse to send it too).
 */
export function presentCommands(rules: Rule[]): MitigationCommands | null {
  try {
    const gobgp = (op: Op) => rules.map((r) => gobgpArgv(r, op));
    return {
      exabgp: { announce: exabgpCommands(rules, 'announce'), withdraw: exabgpCommands(rules, 'withdraw') },
      gobgp: { announce: gobgp('announce'), withdraw: gobgp('withdraw') },
    };
  } catch {
    return null;
  }
}

export const presentMitigation = (r: MitigationRow): Mitigation => ({
  id: r.id,
  orgId: r.org_id,
  attackId: r.attack_id,
  target: r.target,
  classification: r.classification,
  state: r.state,
  tlp: 'AMBER',
  rules: array<Rule>(r.rules),
  commands: presentCommands(array<Rule>(r.rules)),
  refused: array<Refusal>(r.refused),
  notes: array<string>(r.notes),
  driver: (r.driver as { kind?: string } | null)?.kind ?? null,
  error: r.error,
  attackEndedAt: iso(r.attack_ended_at),
  announcedAt: iso(r.announced_at),
  withdrawnAt: iso(r.withdrawn_at),
  expiresAt: iso(r.expires_at),
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export const presentEvent = (e: EventRow): MitigationEvent => ({
  id: e.id,
  at: e.at.toISOString(),
  kind: e.kind,
  actor: e.actor_user_id || e.actor_token_id ? { userId: e.actor_user_id, tokenId: e.actor_token_id } : null,
  driver: e.driver,
  sent: e.sent,
  output: e.output,
  outcome: e.outcome,
  error: e.error,
  details: e.details,
});

export const presentHookRun = (r: HookRunRow): HookRun => ({
  id: r.id,
  hookId: r.hook_id,
  kind: r.kind,
  attackId: r.attack_id,
  event: r.event,
  attempt: r.attempt,
  at: r.at.toISOString(),
  durationMs: r.duration_ms,
  outcome: r.outcome,
  exitCode: r.exit_code,
  httpStatus: r.http_status,
  output: r.output,
  error: r.error,
});
