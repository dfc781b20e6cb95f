import type { Queryable } from '../platform/db/db.ts';
import { levelDelayMs, nextAfter, type StepPayload } from './engine.ts';
import { rulesByUser } from './notifications.ts';
import { findPolicies, type PolicyRow } from './store/config.ts';
import type { IncidentRow } from './store/incidents.ts';
import { memberRoles, people } from './store/people.ts';
import { targetResolver } from './targets.ts';

type Resolve = ReturnType<typeof targetResolver>;

/** Whether `s` is still the incident's next step (an ack, resolve or reassign makes it stale). */
const isNext = (inc: IncidentRow | undefined, s: StepPayload): inc is IncidentRow =>
  inc?.status === 'triggered' &&
  !inc.exhausted &&
  inc.generation === s.generation &&
  inc.next_level === s.level &&
  inc.next_round === s.round;

async function whoToPage(resolve: Resolve, inc: IncidentRow, policy: PolicyRow | null, s: StepPayload) {
  if (s.level === -1) {
    const base = Math.max(inc.last_level, 0);
    const next =
      inc.last_level < 0
        ? policy
          ? { level: 0, round: inc.last_round }
          : null
        : nextAfter(policy, inc.urgency, inc.last_level, inc.last_round);
    return { userIds: inc.assignee_ids, delayMs: levelDelayMs(policy, base), next };
  }
  // Unrouted: the owners.
  if (!policy)
    return { userIds: await resolve(inc.org_id, [{ type: 'executives' }]), delayMs: 0, next: null };
  const level = policy.levels[s.level];
  if (!level) return { userIds: [], delayMs: 0, next: null };
  return {
    userIds: await resolve(inc.org_id, level.targets),
    delayMs: Math.round(level.delaySeconds * 1000),
    next: nextAfter(policy, inc.urgency, s.level, s.round),
  };
}

/** Members (not disabled) among the given people, per org: one query per org in the batch. */
async function pageable(q: Queryable, wanted: Map<string, Set<string>>) {
  const out = new Map<string, Set<string>>();
  for (const [orgId, ids] of wanted) out.set(orgId, new Set((await memberRoles(q, orgId, [...ids])).keys()));
  return out;
}

/** A live step and whom it pages (members of the org only, disabled people left out). */
export interface PlannedStep {
  s: StepPayload;
  inc: IncidentRow;
  userIds: string[];
  delayMs: number;
  next: { level: number; round: number } | null;
}

/**
 * What a batch of steps does, read inside its transaction with the incidents locked: which
 * steps are still live, whom each pages, and what the notifications need (rules, addresses,
 * org handles for links). A few statements for the whole batch, whatever its size.
 */
export async function planSteps(
  q: Queryable,
  incidents: Map<string, IncidentRow>,
  steps: readonly StepPayload[],
  now: number,
) {
  const live = steps.flatMap((s) => {
    const inc = incidents.get(s.incidentId);
    return isNext(inc, s) ? [{ s, inc }] : [];
  });
  const policies = await findPolicies(
    q,
    live.flatMap(({ inc }) => (inc.policy_id ? [inc.policy_id] : [])),
  );
  const resolve = targetResolver(q, now);
  const plans = [];
  const wanted = new Map<string, Set<string>>();
  for (const { s, inc } of live) {
    const policy = (inc.policy_id && policies.get(inc.policy_id)) || null;
    const plan = await whoToPage(resolve, inc, policy, s);
    plans.push({ s, inc, plan });
    const set = wanted.get(inc.org_id) ?? new Set();
    for (const id of plan.userIds) set.add(id);
    wanted.set(inc.org_id, set);
  }
  const members = await pageable(q, wanted);
  const planned: PlannedStep[] = plans.map(({ s, inc, plan }) => ({
    s,
    inc,
    userIds: plan.userIds.filter((id) => members.get(inc.org_id)?.has(id)),
    delayMs: plan.delayMs,
    next: plan.next,
  }));
  const everyone = [...new Set(planned.flatMap((x) => x.userIds))];
  const handles = await q.query<{ id: string; handle: string }>(
    'select id, handle from orgs where id = any($1::uuid[])',
    [[...wanted.keys()]],
  );
  return {
    planned,
    rules: await rulesByUser(q, everyone),
    emails: new Map((await people(q, everyone)).map((u) => [u.id, u.email])),
    handles: new Map(handles.map((o) => [o.id, o.handle])),
  };
}

export type StepPlan = Awaited<ReturnType<typeof planSteps>>;
