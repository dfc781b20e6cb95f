import { randomUUID } from 'node:crypto';
import { type DeliveryRequest, deliverMany, type Message } from '../../notify/index.ts';
import type { Queryable } from '../../platform/db/db.ts';
import type { Platform } from '../../platform/platform.ts';
import { loadSnapshot, type Snapshot } from '../public/snapshot.ts';
import * as statusStore from '../store.ts';
import { pagePublicUrl } from '../urls.ts';
import {
  type ComponentChange,
  componentEmail,
  componentWebhook,
  type Personal,
  updateEmail,
  updateWebhook,
} from './messages.ts';
import { linkFor, SUBSCRIBER_REF } from './service.ts';
import * as store from './store.ts';

/**
 * Delivery to subscribers, as a durable job per published update or component change: the job
 * finds the confirmed subscribers whose component choice matches and queues one notify delivery
 * each (email or signed webhook, retried by the notify worker). Keys are per subscriber and
 * subject, so a job that runs twice sends nothing twice.
 */
export const FANOUT_JOB = 'status.subscribers.fanout';
const BATCH = 500;

export type FanoutPayload =
  | { kind: 'update'; pageId: string; incidentId: string; updateId: string }
  | {
      kind: 'component';
      pageId: string;
      componentId: string;
      changeId: string;
      oldStatus: string;
      newStatus: string;
      at: string;
    };

/** After an update is committed (announce): one job per update, whoever schedules it first. */
/** A numbered update, in the update's own transaction: committed together or not at all. */
export const queueUpdateFanout = (
  p: Platform,
  q: Queryable,
  x: { pageId: string; incidentId: string; updateId: string },
) =>
  p.jobs.schedule(
    {
      kind: FANOUT_JOB,
      payload: { kind: 'update', ...x } satisfies FanoutPayload,
      idempotencyKey: `${FANOUT_JOB}:update:${x.updateId}`,
      maxAttempts: 10,
    },
    q,
  );

/** A component's status set by hand (outside an incident update), in the change's transaction. */
export function queueComponentFanout(
  p: Platform,
  q: Queryable,
  x: { pageId: string; componentId: string; oldStatus: string; newStatus: string },
) {
  if (x.oldStatus === x.newStatus) return Promise.resolve(null);
  const changeId = randomUUID();
  return p.jobs.schedule(
    {
      kind: FANOUT_JOB,
      payload: { kind: 'component', ...x, changeId, at: new Date().toISOString() } satisfies FanoutPayload,
      idempotencyKey: `${FANOUT_JOB}:component:${changeId}`,
      maxAttempts: 10,
    },
    q,
  );
}

interface Subject {
  key: string;
  componentIds: string[];
  email(who: Personal): Message;
  webhook(who: Personal): Message;
}

function subjectOf(s: Snapshot, x: FanoutPayload): Subject | null {
  if (x.kind === 'update') {
    const i = [...s.incidents, ...s.maintenances].find((r) => r.id === x.incidentId);
    const u = s.updates.get(x.incidentId)?.find((r) => r.id === x.updateId);
    if (!i || !u) return null;
    return {
      key: `update:${u.id}`,
      componentIds: [...new Set([...i.component_ids, ...u.affected.map((a) => a.code)])],
      email: (who) => updateEmail(s, i, u, who),
      webhook: (who) => updateWebhook(s, i, u, who),
    };
  }
  const c = s.components.find((r) => r.id === x.componentId);
  if (!c) return null;
  const change: ComponentChange = {
    id: x.changeId,
    oldStatus: x.oldStatus,
    newStatus: x.newStatus,
    at: new Date(x.at),
  };
  return {
    key: `component:${x.changeId}`,
    componentIds: [c.id],
    email: (who) => componentEmail(s, c, change, who),
    webhook: (who) => componentWebhook(s, c, change, who),
  };
}

async function requestFor(
  p: Platform,
  page: statusStore.PageRow,
  subject: Subject,
  sub: store.SubscriberRow,
): Promise<DeliveryRequest> {
  const who = { unsubscribeUrl: await linkFor(p, page, 'unsubscribe', sub.id) };
  const common = {
    idempotencyKey: `status-sub:${sub.id}:${subject.key}`,
    orgId: page.org_id,
    ownerUserId: sub.created_by,
    ref: { type: SUBSCRIBER_REF, id: sub.id },
  };
  if (sub.kind === 'email')
    return { ...common, channel: 'email', target: { to: sub.email! }, payload: subject.email(who) };
  return {
    ...common,
    channel: 'webhook',
    target: { url: sub.url!, secret: sub.secret! },
    payload: subject.webhook(who),
  };
}

export async function runFanout(p: Platform, x: FanoutPayload) {
  const page = await statusStore.pageById(p.db, x.pageId);
  // An unpublished page has no public yet: its subscribers hear nothing until it is published.
  if (!page?.published) return;
  const snapshot = await loadSnapshot(p.db, page, pagePublicUrl(p.config, page));
  const subject = subjectOf(snapshot, x);
  if (!subject) return;
  let after: string | null = null;
  for (;;) {
    const subs = await store.confirmedMatching(p.db, page.id, subject.componentIds, after, BATCH);
    if (!subs.length) return;
    after = subs.at(-1)!.id;
    const reqs = await Promise.all(subs.map((s) => requestFor(p, page, subject, s)));
    const { claimed } = await p.db.tx((q) => deliverMany(p, reqs, q));
    if (claimed.length) p.jobs.runClaimed(claimed);
    if (subs.length < BATCH) return;
  }
}

export function registerFanoutJob(p: Platform) {
  p.jobs.register(FANOUT_JOB, (job) => runFanout(p, job.payload as FanoutPayload));
}
