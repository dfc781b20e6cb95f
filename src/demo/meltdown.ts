import * as caseStore from '../cases/case-store.ts';
import { createCase } from '../cases/cases.ts';
import { writeEntry } from '../cases/matrix.ts';
import { createPost } from '../cases/posts.ts';
import { answer, createQuestion, setStatus as setQuestionStatus, vote } from '../cases/questions.ts';
import { setStatus } from '../cases/statuses.ts';
import type { Platform } from '../platform/platform.ts';
import { acceptAsInvitee, createInvitation } from '../spaces/invitations.ts';
import { createSpace } from '../spaces/service.ts';
import { createDemoOrg, type DemoOrg, type DemoPerson, ORGS_DAY_ONE, ORGS_DAY_TWO } from './cast.ts';
import {
  DAY_ONE_MATRIX,
  DAY_TWO_MATRIX,
  type MatrixSpec,
  MELTDOWN_CASE,
  MELTDOWN_SPACE,
  QUESTIONS,
  STATUS_DAY_ONE,
  STATUS_DAY_TWO,
} from './meltdown-entries.ts';
import { DAY_ONE_POSTS, DAY_TWO_POSTS, type ThreadPost } from './meltdown-thread.ts';

/**
 * Story 1 of PRODUCT.md, replayed through the services so that every rule applies (labels
 * checked, mentions resolved, audit entries and live events written): Scaleway opens the
 * space and the case, five providers join, the thread and the matrix fill up, two vendor
 * questions gather votes, and on day two Exoscale, prgmr.com and Nexcess join and see what
 * their labels allow.
 */

export interface MeltdownResult {
  orgs: DemoOrg[];
  spaceId: string;
  caseId: string;
}

class Cast {
  readonly byRef = new Map<string, DemoPerson>();
  readonly byHandle = new Map<string, DemoOrg>();
  add(org: DemoOrg) {
    this.byHandle.set(org.handle, org);
    for (const person of org.people) this.byRef.set(`${person.local}@${org.handle}`, person);
  }
  person(ref: string): DemoPerson {
    const found = this.byRef.get(ref);
    if (!found) throw new Error(`the demo story names an unknown person: ${ref}`);
    return found;
  }
  org(handle: string): DemoOrg {
    const found = this.byHandle.get(handle);
    if (!found) throw new Error(`the demo story names an unknown org: ${handle}`);
    return found;
  }
}

export const MELTDOWN_HANDLES = [...ORGS_DAY_ONE, ...ORGS_DAY_TWO].map((o) => o.handle);

export async function loadMeltdown(p: Platform, password?: string): Promise<MeltdownResult> {
  const cast = new Cast();
  for (const spec of [...ORGS_DAY_ONE, ...ORGS_DAY_TWO]) cast.add(await createDemoOrg(p, spec, password));
  const scaleway = cast.org('scaleway');
  const opener = cast.person('camille@scaleway');

  const space = await createSpace(p, opener.principal, scaleway.orgId, {
    name: MELTDOWN_SPACE.name,
    description: MELTDOWN_SPACE.description,
    defaultTlp: 'AMBER+STRICT',
    layers: [...MELTDOWN_SPACE.layers],
  });
  const join = (handle: string) => joinSpace(p, space.id, opener, cast.org(handle));

  // Day one: Scaleway contacts the other five.
  for (const spec of ORGS_DAY_ONE.slice(1)) await join(spec.handle);
  const theCase = await createCase(p, opener.principal, space.id, {
    kind: MELTDOWN_CASE.kind,
    title: MELTDOWN_CASE.title,
    cveIds: [...MELTDOWN_CASE.cveIds],
    layers: [...MELTDOWN_SPACE.layers],
    tlp: 'GREEN',
  });
  // The story is history: its embargo date is in the past, which the API rightly refuses for
  // new cases. The demo writes that one field directly; everything else goes through services.
  await caseStore.updateCase(p.db, theCase.id, { embargoAt: new Date(MELTDOWN_CASE.embargoAt) });

  const posted = new Map<string, string>();
  const post = async (s: ThreadPost) => {
    const id = (await createPost(p, cast.person(s.by).principal, theCase.id, postInput(cast, s, posted))).id;
    posted.set(s.key, id);
  };
  const status = (body: string) => setStatus(p, opener.principal, theCase.id, { body, tlp: 'GREEN' });
  const row = (s: MatrixSpec) => writeEntry(p, cast.person(s.by).principal, theCase.id, matrixInput(cast, s));

  await status(STATUS_DAY_ONE[0]!);
  for (const s of DAY_ONE_POSTS) await post(s);
  for (const s of DAY_ONE_MATRIX) await row(s);
  const questions = new Map<string, string>();
  for (const q of QUESTIONS) {
    const created = await createQuestion(p, cast.person(q.by).principal, theCase.id, {
      vendor: q.vendor,
      body: q.body,
      tlp: 'GREEN',
    });
    questions.set(q.key, created.id);
  }
  const dayTwo = new Set(ORGS_DAY_TWO.map((o) => o.handle));
  // "We need this too": each voter's org once, after it joined.
  const votes = (joinedLater: boolean) =>
    QUESTIONS.flatMap((q) =>
      q.votes
        .filter((ref) => dayTwo.has(cast.person(ref).orgHandle) === joinedLater)
        .map((ref) => ({ q, ref })),
    );
  for (const { q, ref } of votes(false))
    await vote(p, cast.person(ref).principal, questions.get(q.key)!, true);
  await status(STATUS_DAY_ONE[1]!);

  // Day two: three more providers join mid-incident.
  for (const spec of ORGS_DAY_TWO) await join(spec.handle);
  for (const s of DAY_TWO_POSTS) await post(s);
  for (const s of DAY_TWO_MATRIX) await row(s);
  for (const { q, ref } of votes(true))
    await vote(p, cast.person(ref).principal, questions.get(q.key)!, true);
  for (const q of QUESTIONS) {
    const id = questions.get(q.key)!;
    if (q.answer) await answer(p, cast.person(q.answer.by).principal, id, q.answer);
    if (q.status) await setQuestionStatus(p, cast.person(q.by).principal, id, q.status);
  }
  await status(STATUS_DAY_TWO);

  return { orgs: [...cast.byHandle.values()], spaceId: space.id, caseId: theCase.id };
}

/** Invited by handle (approved at once: the inviter is an owner), accepted by the org's owner. */
async function joinSpace(p: Platform, spaceId: string, inviter: DemoPerson, org: DemoOrg) {
  const owner = org.people[0]!;
  const { invitation } = await createInvitation(p, inviter.principal, spaceId, { orgHandle: org.handle });
  await acceptAsInvitee(p, owner.principal, org.orgId, invitation.id);
}

function postInput(cast: Cast, s: ThreadPost, posted: ReadonlyMap<string, string>) {
  const replyTo = s.replyTo ? posted.get(s.replyTo) : undefined;
  if (s.replyTo && !replyTo) throw new Error(`demo post ${s.key} replies to ${s.replyTo}, not yet posted`);
  return {
    body: s.body,
    tlp: s.tlp,
    ...(replyTo ? { replyTo } : {}),
    ...(s.toOrgs ? { recipientOrgIds: s.toOrgs.map((h) => cast.org(h).orgId) } : {}),
    ...(s.toPeople ? { recipientUserIds: s.toPeople.map((r) => cast.person(r).userId) } : {}),
  };
}

type EntryInput = Parameters<typeof writeEntry>[3];

function matrixInput(cast: Cast, s: MatrixSpec): EntryInput {
  // The schema-derived literal unions do not narrow statically; the service checks the values.
  return {
    layer: s.layer,
    cveId: s.cveId,
    status: s.status,
    statement: s.statement,
    tlp: s.tlp,
    ...(s.justification ? { justification: s.justification } : {}),
    ...(s.rollout ? { rollout: s.rollout } : {}),
    ...(s.toOrgs ? { recipientOrgIds: s.toOrgs.map((h) => cast.org(h).orgId) } : {}),
  } as unknown as EntryInput;
}
