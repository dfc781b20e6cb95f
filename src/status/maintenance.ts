import type { Queryable } from '../platform/db/db.ts';
import type { Platform } from '../platform/platform.ts';
import * as incidents from './incident-store.ts';
import * as store from './store.ts';
import { announce, applyUpdate } from './updates.ts';

/**
 * Scheduled maintenance starts and completes by itself: two durable jobs (src/platform/jobs)
 * due at scheduled_for and scheduled_until. They survive restarts and run once across work
 * processes; a job whose time no longer matches the maintenance (rescheduled) does nothing.
 */
export const START_JOB = 'status.maintenance.start';
export const COMPLETE_JOB = 'status.maintenance.complete';

interface Payload {
  incidentId: string;
  at: string;
}

export async function scheduleTransitions(
  p: Platform,
  q: Queryable,
  incidentId: string,
  from: Date,
  until: Date,
) {
  await p.jobs.schedule(
    {
      kind: START_JOB,
      payload: { incidentId, at: from.toISOString() },
      runAt: from,
      idempotencyKey: `${START_JOB}:${incidentId}:${from.getTime()}`,
    },
    q,
  );
  await p.jobs.schedule(
    {
      kind: COMPLETE_JOB,
      payload: { incidentId, at: until.toISOString() },
      runAt: until,
      idempotencyKey: `${COMPLETE_JOB}:${incidentId}:${until.getTime()}`,
    },
    q,
  );
}

const START_TEXT = 'Scheduled maintenance is currently in progress. We will provide updates as necessary.';
const COMPLETE_TEXT = 'The scheduled maintenance has been completed.';

async function transition(p: Platform, payload: Payload, to: 'in_progress' | 'completed') {
  const found = await p.db.one<{ page_id: string }>('select page_id from status_incidents where id = $1', [
    payload.incidentId,
  ]);
  if (!found) return; // deleted with its page
  const page = await store.pageById(p.db, found.page_id);
  if (!page) return;
  const done = await p.db.tx(async (q) => {
    const inc = await incidents.lockIncident(q, page.id, payload.incidentId);
    if (!inc?.auto_transition) return null;
    const due = to === 'in_progress' ? inc.scheduled_for : inc.scheduled_until;
    if (due?.toISOString() !== payload.at) return null; // rescheduled: a newer job owns this
    const from = to === 'in_progress' ? ['scheduled'] : ['scheduled', 'in_progress', 'verifying'];
    if (!from.includes(inc.status)) return null; // already moved by hand (or by an earlier run)
    const status = to === 'in_progress' ? 'under_maintenance' : 'operational';
    const live = new Set((await store.componentsOf(q, page.id)).map((c) => c.id));
    const components = Object.fromEntries(
      inc.component_ids.filter((id) => live.has(id)).map((id) => [id, status]),
    );
    return applyUpdate(
      p,
      q,
      page,
      inc.id,
      { status: to, body: to === 'in_progress' ? START_TEXT : COMPLETE_TEXT, components },
      null,
    );
  });
  if (done) await announce(p, page, done, to);
}

/** Registers the job handlers (the `work` role). */
export function registerMaintenanceJobs(p: Platform) {
  p.jobs.register(START_JOB, (job) => transition(p, job.payload as Payload, 'in_progress'));
  p.jobs.register(COMPLETE_JOB, (job) => transition(p, job.payload as Payload, 'completed'));
}
