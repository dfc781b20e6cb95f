import { deliver } from '../notify/index.ts';
import type { Queryable } from '../platform/db/db.ts';
import type { Platform } from '../platform/platform.ts';
import { canReadCase, canReadItem, type SpaceGate } from '../policy/index.ts';
import { emailMessage, type PresentedNotification, presentNotification } from './notifications.ts';
import * as store from './notifications-store.ts';
import { activeOrgIds, loadSubject, type Person, peopleInSpace, type Subject } from './notify-recipients.ts';

/**
 * Fan-out of coordination notifications, as a durable job queued in the transaction of the
 * write that causes it (a new case, a post with mentions, a matrix change). The job decides the
 * recipients at run time through the policy module, stores one reference per person, publishes
 * each person's rendering on the live stream (addressed to that person alone) and queues email
 * through the notify module when SMTP is configured and the person has not turned it off.
 */
export const FANOUT_JOB = 'coordination.notify';

export interface FanoutPayload {
  type: 'case' | 'post' | 'matrix_row';
  id: string;
}

/** The hook the case, post and matrix services call (pass their transaction when they have one). */
export const queueNotifications = (p: Platform, what: FanoutPayload, q?: Queryable) =>
  p.jobs.schedule({ kind: FANOUT_JOB, payload: what, maxAttempts: 10 }, q);

type Told = Omit<store.NewNotification, 'userId' | 'spaceId' | 'caseId' | 'actorId'> & { person: Person };

/** Who is told what: only people the policy module lets read the subject now; never its author. */
function recipients(what: FanoutPayload, s: Subject, people: Map<string, Person>, gate: SpaceGate): Told[] {
  const others = [...people.values()].filter((x) => x.userId !== s.actorId);
  const item = { itemType: what.type, itemId: what.id, viaOrgId: null };
  if (what.type === 'case')
    return others
      .filter((x) => canReadCase(x.principal, { tlp: s.caseTlp }, gate.activeOrgIds))
      .map((person) => ({ ...item, person, kind: 'case_created', itemVersion: 0 }));
  const mayRead = (x: Person) => canReadItem(x.principal, s.label, gate);
  if (what.type === 'matrix_row')
    return others
      .filter(mayRead)
      .map((person) => ({ ...item, person, kind: 'matrix_changed', itemVersion: s.version }));
  // Mentions: a named person first, so someone mentioned by name and through their org is told once.
  const told: Told[] = [];
  const seen = new Set<string>();
  const tell = (person: Person | undefined, kind: Told['kind'], viaOrgId: string | null) => {
    if (!person || seen.has(person.userId) || person.userId === s.actorId || !mayRead(person)) return;
    seen.add(person.userId);
    told.push({ ...item, person, kind, itemVersion: 0, viaOrgId });
  };
  for (const m of s.mentions) if (m.kind === 'user') tell(people.get(m.id), 'mention_user', null);
  for (const m of s.mentions)
    if (m.kind === 'org')
      for (const x of others) if (x.principal.orgs.has(m.id)) tell(x, 'mention_org', m.id);
  return told;
}

export async function runFanout(p: Platform, what: FanoutPayload, baseUrl: string) {
  const published: Array<{ userId: string; n: PresentedNotification }> = [];
  await p.db.tx(async (q) => {
    const s = await loadSubject(q, what.type, what.id);
    if (!s) return;
    const gate: SpaceGate = { caseTlp: s.caseTlp, activeOrgIds: await activeOrgIds(q, s.spaceId) };
    const people = await peopleInSpace(q, s.spaceId);
    for (const t of recipients(what, s, people, gate)) {
      const id = await store.insertNotification(q, {
        ...t,
        userId: t.person.userId,
        spaceId: s.spaceId,
        caseId: s.caseId,
        actorId: s.actorId,
      });
      if (!id) continue; // told before (the job ran again, or an edit repeated a mention)
      // Rendered through the same read path as the in-app list: what the person may see now.
      const [row] = await store.visibleNotifications(
        q,
        t.person.principal,
        t.person.userId,
        { ids: [id] },
        1,
      );
      if (!row) continue;
      const n = presentNotification(row);
      published.push({ userId: t.person.userId, n });
      if (p.config.smtpUrl && (await store.emailEnabled(q, t.person.userId)))
        await deliver(
          p,
          {
            channel: 'email',
            target: { to: t.person.email },
            payload: emailMessage(n, baseUrl),
            idempotencyKey: `coordination:${id}`,
            ownerUserId: t.person.userId,
            ref: { type: 'coordination_notification', id },
          },
          q,
        );
    }
  });
  // After commit; best effort like every live event (clients refetch the list on reconnect).
  for (const { userId, n } of published)
    await p.bus
      .publish({
        type: 'coordination.notification',
        orgId: null,
        // RED is the one label whose audience is named people: this reaches the recipient only.
        tlp: 'RED',
        audience: { userIds: [userId] },
        data: { notification: n },
      })
      .catch((err) => p.log.warn({ err }, 'could not publish a notification'));
}

/** The `work` role's part: registers the fan-out job. Pair it with `startNotify` (email). */
export function startCoordinationNotifications(p: Platform, o: { publicUrl?: string } = {}) {
  const { config } = p;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const baseUrl = o.publicUrl ?? config.publicUrl ?? `http://${host}:${config.port}`;
  p.jobs.register(FANOUT_JOB, (job) => runFanout(p, job.payload as FanoutPayload, baseUrl));
  return { close() {} };
}
