import type { Queryable } from '../platform/db/db.ts';
import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import { checkComponentStatus } from './components.ts';
import { publishChanged, publishUpdate } from './events.ts';
import * as incidents from './incident-store.ts';
import { humanStatus, isClosed, newPublicId, statusesOf } from './model.ts';
import * as store from './store.ts';
import { queueUpdateFanout } from './subscriptions/index.ts';

const bad = (m: string) => new AppError('validation_failed', m);

export interface UpdateSpec {
  status: string;
  body: string;
  /** component id → status it enters with this update. */
  components?: Record<string, string>;
  reopen?: boolean;
}

export function checkIncidentStatus(kind: 'incident' | 'maintenance', status: string) {
  const allowed = statusesOf(kind);
  if (!allowed.includes(status))
    throw bad(
      `status of ${kind === 'incident' ? 'an incident' : 'a maintenance'} must be one of ${allowed.join(', ')} (got ${JSON.stringify(status)}).`,
    );
}

/** Statuses a resolved/completed incident accepts without reopening: notes after the fact. */
const AFTER_CLOSE: Record<string, readonly string[]> = {
  resolved: ['resolved', 'postmortem'],
  postmortem: ['postmortem'],
  completed: ['completed'],
};

/**
 * Refuses an update to a closed incident unless it is a note that keeps it closed (a postmortem,
 * a correction) or the caller reopens it explicitly.
 */
function checkTransition(inc: incidents.IncidentRow, spec: UpdateSpec) {
  if (!isClosed(inc.kind, inc.status)) return;
  if ((AFTER_CLOSE[inc.status] ?? []).includes(spec.status)) return;
  if (!spec.reopen)
    throw new AppError(
      'conflict',
      `This ${inc.kind} is ${humanStatus(inc.status).toLowerCase()}; to post "${spec.status}" reopen it explicitly (send reopen: true).`,
    );
  if (isClosed(inc.kind, spec.status)) throw bad('reopen needs a status that is not final.');
}

/** Validates component statuses against the page: known, not groups, valid values. */
async function checkComponents(q: Queryable, pageId: string, wanted: Record<string, string>) {
  const all = new Map((await store.componentsOf(q, pageId)).map((c) => [c.id, c]));
  const out: Array<{ row: store.ComponentRow; status: string }> = [];
  for (const [id, status] of Object.entries(wanted)) {
    const row = all.get(id);
    if (!row) throw bad(`components: ${id} is not a component of this page.`);
    if (row.is_group) throw bad(`components: ${id} is a group; set the status of its components.`);
    out.push({ row, status: checkComponentStatus(status, `components.${id}`) });
  }
  return out;
}

/**
 * Posts a numbered update inside `q` (the caller's transaction): checks the transition, applies
 * component statuses (logged for uptime), records which components moved, numbers the update.
 */
export async function applyUpdate(
  p: Platform,
  q: Queryable,
  page: store.PageRow,
  incidentId: string,
  spec: UpdateSpec,
  userId: string | null,
) {
  const inc = await incidents.lockIncident(q, page.id, incidentId);
  if (!inc) throw new AppError('not_found', 'No such incident on this status page.');
  checkIncidentStatus(inc.kind, spec.status);
  checkTransition(inc, spec);
  const moves = await checkComponents(q, page.id, spec.components ?? {});
  const affected: incidents.AffectedComponent[] = [];
  for (const m of moves) {
    await store.setComponentStatus(q, m.row.id, m.status);
    affected.push({ code: m.row.id, name: m.row.name, old_status: m.row.status, new_status: m.status });
  }
  const componentIds = [...new Set([...inc.component_ids, ...moves.map((m) => m.row.id)])];
  const id = newPublicId();
  const number = await incidents.insertUpdate(q, {
    id,
    incidentId: inc.id,
    status: spec.status,
    body: spec.body,
    affected,
    userId,
  });
  await incidents.setIncidentStatus(q, inc.id, spec.status, componentIds);
  await store.touchPage(q, page.id);
  // Subscribers: a durable job in this transaction, so an acknowledged update is never missed.
  if (page.published) await queueUpdateFanout(p, q, { pageId: page.id, incidentId: inc.id, updateId: id });
  return { incident: inc, updateId: id, number };
}

/** After the commit: tell every serve process to re-render and the bus that an update is out. */
export async function announce(
  p: Platform,
  page: store.PageRow,
  done: { incident: incidents.IncidentRow; updateId: string; number: number },
  status: string,
) {
  await publishChanged(p, page.org_id, page.id);
  await publishUpdate(p, page.org_id, {
    pageId: page.id,
    incidentId: done.incident.id,
    updateId: done.updateId,
    number: done.number,
    kind: done.incident.kind,
    status,
    published: page.published,
  });
}
