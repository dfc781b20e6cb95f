import { type Auth, setupFirstOrg, type TestApp } from '../../test/helpers/app.ts';
import type { Tlp } from '../policy/index.ts';
import { addPerson, join, must, newOrg, newToken, type Person } from '../spaces/testing.ts';

/**
 * The world of the TLP leak suite: four orgs, people and API tokens in each role towards one
 * space, and one item of every kind under every label. Who may see what is written out by hand
 * in ENTITLED below, independently of the policy code under test.
 */
export const LABELS: Tlp[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];
export const CODE: Record<Tlp, string> = {
  CLEAR: 'clr',
  GREEN: 'grn',
  AMBER: 'amb',
  'AMBER+STRICT': 'ams',
  RED: 'red',
};

export const READERS = [
  'author', // alpha, writes every item
  'alphaColleague',
  'red', // bravo, the named RED recipient
  'bravoColleague',
  'charlie', // charlie joined after every item was written
  'delta', // delta never joined
  'anonymous',
  'tokenAlpha',
  'tokenBravo',
  'tokenCharlie',
  'tokenDelta',
] as const;
export type Reader = (typeof READERS)[number];

const ALPHA: Reader[] = ['author', 'alphaColleague', 'tokenAlpha'];
const BRAVO: Reader[] = ['red', 'bravoColleague', 'tokenBravo'];
const CHARLIE: Reader[] = ['charlie', 'tokenCharlie'];

/** Items in the GREEN case, written by alpha's author: AMBER to bravo, AMBER+STRICT to alpha, RED to `red`. */
export const ENTITLED: Record<Tlp, Reader[]> = {
  CLEAR: [...ALPHA, ...BRAVO, ...CHARLIE],
  GREEN: [...ALPHA, ...BRAVO, ...CHARLIE],
  AMBER: [...ALPHA, ...BRAVO],
  'AMBER+STRICT': [...ALPHA],
  RED: ['author', 'red'],
};
/** Items in the CLEAR case: CLEAR reaches anyone signed in; GREEN only the space. */
export const ENTITLED_IN_CLEAR_CASE: Partial<Record<Tlp, Reader[]>> = {
  CLEAR: READERS.filter((r) => r !== 'anonymous'),
  GREEN: [...ALPHA, ...BRAVO, ...CHARLIE],
};
export const MEMBERS: Reader[] = [...ALPHA, ...BRAVO, ...CHARLIE];

export const may = (r: Reader, tlp: Tlp) => ENTITLED[tlp].includes(r);

export interface Item {
  key: string;
  id: string;
  tlp: Tlp;
  /** Who may see it (from the tables above). */
  readers: Reader[];
}

export interface World {
  t: TestApp;
  spaceId: string;
  caseId: string;
  clearCaseId: string;
  auth: Record<Reader, Auth>;
  userIds: Partial<Record<Reader, string>>;
  orgIds: Record<'alpha' | 'bravo' | 'charlie' | 'delta', string>;
  alphaOwner: Person;
  /** Each person's email address (tokens and anonymous have none). */
  emails: Partial<Record<Reader, string>>;
  posts: Item[];
  attachments: Item[];
  matrix: Item[];
  questions: Item[];
  answers: Item[];
  statuses: Item[];
}

const labelFields = (tlp: Tlp, bravo: string, red: string) =>
  tlp === 'AMBER'
    ? { tlp, recipientOrgIds: [bravo] }
    : tlp === 'RED'
      ? { tlp, recipientUserIds: [red] }
      : { tlp };

const STATUS: Record<Tlp, object> = {
  CLEAR: { status: 'fixed' },
  GREEN: { status: 'affected' },
  AMBER: { status: 'mitigation_in_progress' },
  'AMBER+STRICT': { status: 'under_investigation' },
  RED: { status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' },
};
export const CVES = ['CVE-2017-5753', 'CVE-2017-5715', 'CVE-2017-5754'];
export const LAYERS = ['host kernel', 'hypervisor'];

export interface WorldOptions {
  /** Runs before charlie joins, e.g. to let notification jobs finish while charlie is outside. */
  beforeLateJoin?: () => Promise<void>;
}

export async function buildWorld(t: TestApp, o: WorldOptions = {}): Promise<World> {
  const first = await setupFirstOrg(t.app, 'alpha', 'owner@alpha.test');
  const alphaOwner: Person = { auth: first.auth, userId: first.userId, email: 'owner@alpha.test' };
  const alpha = first.orgId;
  const bravo = await newOrg(t, alphaOwner, 'bravo');
  const charlie = await newOrg(t, alphaOwner, 'charlie');
  const delta = await newOrg(t, alphaOwner, 'delta');
  const author = await addPerson(t, alphaOwner.auth, alpha, 'author@alpha.test', 'responder');
  const alphaColleague = await addPerson(t, alphaOwner.auth, alpha, 'colleague@alpha.test', 'responder');
  const red = await addPerson(t, bravo.owner.auth, bravo.orgId, 'red@bravo.test', 'responder');
  const bravoColleague = await addPerson(
    t,
    bravo.owner.auth,
    bravo.orgId,
    'colleague@bravo.test',
    'responder',
  );
  const tok = async (admin: Auth, orgId: string) => newToken(t, admin, orgId, 'responder');
  const auth: Record<Reader, Auth> = {
    author: author.auth,
    alphaColleague: alphaColleague.auth,
    red: red.auth,
    bravoColleague: bravoColleague.auth,
    charlie: charlie.owner.auth,
    delta: delta.owner.auth,
    anonymous: null,
    tokenAlpha: await tok(alphaOwner.auth, alpha),
    tokenBravo: await tok(bravo.owner.auth, bravo.orgId),
    tokenCharlie: await tok(charlie.owner.auth, charlie.orgId),
    tokenDelta: await tok(delta.owner.auth, delta.orgId),
  };
  const space = await must(t, alphaOwner.auth, 'POST', `/orgs/${alpha}/spaces`, {
    name: 'Meltdown',
    layers: LAYERS,
  });
  await join(t, space.id, alphaOwner.auth, { orgId: bravo.orgId, handle: 'bravo', admin: bravo.owner.auth });
  const a = author.auth;
  const theCase = await must(t, a, 'POST', `/spaces/${space.id}/cases`, {
    kind: 'vulnerability',
    title: 'Meltdown and Spectre',
    cveIds: CVES,
    layers: LAYERS,
  });
  const clearCase = await must(t, a, 'POST', `/spaces/${space.id}/cases`, {
    kind: 'incident',
    title: 'Meltdown public notes',
    tlp: 'CLEAR',
  });
  const w: World = {
    t,
    spaceId: space.id,
    caseId: theCase.id,
    clearCaseId: clearCase.id,
    auth,
    userIds: { author: author.userId, red: red.userId, alphaColleague: alphaColleague.userId },
    orgIds: { alpha, bravo: bravo.orgId, charlie: charlie.orgId, delta: delta.orgId },
    alphaOwner,
    emails: {
      author: author.email,
      alphaColleague: alphaColleague.email,
      red: red.email,
      bravoColleague: bravoColleague.email,
      charlie: charlie.owner.email,
      delta: delta.owner.email,
    },
    posts: [],
    attachments: [],
    matrix: [],
    questions: [],
    answers: [],
    statuses: [],
  };
  const c = `/cases/${theCase.id}`;
  for (const [i, tlp] of LABELS.entries()) {
    const code = CODE[tlp];
    const label = labelFields(tlp, bravo.orgId, red.userId);
    const readers = ENTITLED[tlp];
    const post = await must(t, a, 'POST', `${c}/posts`, {
      body: `Meltdown finding marker${code}post`,
      ...label,
    });
    await must(t, a, 'PATCH', `/posts/${post.id}`, {
      body: `Meltdown finding marker${code}post marker${code}edit`,
    });
    w.posts.push({ key: `${code}post`, id: post.id, tlp, readers });
    const reply = await must(t, a, 'POST', `${c}/posts`, {
      body: `Meltdown marker${code}reply`,
      replyTo: post.id,
      quote: true,
      ...label,
    });
    w.posts.push({ key: `${code}reply`, id: reply.id, tlp, readers });
    const att = await must(t, a, 'POST', `${c}/attachments`, {
      filename: `${code}.patch`,
      contentBase64: Buffer.from(`patch ${code}`).toString('base64'),
      ...label,
    });
    w.attachments.push({ key: code, id: att.id, tlp, readers });
    const row = await must(
      t,
      a,
      'PUT',
      `${c}/matrix`,
      {
        layer: LAYERS[i % 2],
        cveId: CVES[Math.floor(i / 2)],
        statement: `marker${code}statement`,
        ...STATUS[tlp],
        ...label,
      },
      200,
    );
    w.matrix.push({ key: code, id: row.id, tlp, readers });
    const q = await must(t, a, 'POST', `${c}/questions`, {
      vendor: 'Intel',
      body: `marker${code}question`,
      ...label,
    });
    w.questions.push({ key: code, id: q.id, tlp, readers });
    const ans = await must(t, a, 'POST', `/questions/${q.id}/answers`, {
      body: `marker${code}answer`,
      sources: ['https://example.test/a'],
    });
    w.answers.push({ key: code, id: ans.id, tlp, readers });
    const st = await must(t, a, 'PUT', `${c}/status`, { body: `marker${code}status`, ...label }, 201);
    w.statuses.push({ key: code, id: st.id, tlp, readers });
  }
  await specialPosts(w, c, bravo.orgId, red.userId);
  await mentionPosts(w, c, bravo.orgId, red.userId);
  await must(t, a, 'POST', `/cases/${clearCase.id}/posts`, {
    body: 'Meltdown markerpubliccase',
    tlp: 'CLEAR',
  });
  await must(t, a, 'POST', `/cases/${clearCase.id}/posts`, {
    body: 'Meltdown markerpubliccasegreen',
    tlp: 'GREEN',
  });
  await o.beforeLateJoin?.();
  // Charlie joins mid-incident, after everything above was written.
  await join(t, space.id, alphaOwner.auth, {
    orgId: charlie.orgId,
    handle: 'charlie',
    admin: charlie.owner.auth,
  });
  return w;
}

/** A GREEN reply to the RED post; a post widened RED → GREEN; one narrowed GREEN → RED. */
async function specialPosts(w: World, c: string, _bravo: string, red: string) {
  const { t } = w;
  const a = w.auth.author;
  const redPost = w.posts.find((p) => p.key === 'redpost')!;
  const leaky = await must(t, a, 'POST', `${c}/posts`, {
    body: 'Meltdown markerleakyreply',
    replyTo: redPost.id,
    tlp: 'GREEN',
  });
  w.posts.push({ key: 'leakyreply', id: leaky.id, tlp: 'GREEN', readers: ENTITLED.GREEN });
  const widened = await must(t, a, 'POST', `${c}/posts`, {
    body: 'markerwidenedsecret',
    tlp: 'RED',
    recipientUserIds: [red],
  });
  await must(t, a, 'PATCH', `/posts/${widened.id}`, { body: 'Meltdown markerwidenedpublic', tlp: 'GREEN' });
  w.posts.push({ key: 'widened', id: widened.id, tlp: 'GREEN', readers: ENTITLED.GREEN });
  const narrowed = await must(t, a, 'POST', `${c}/posts`, { body: 'markernarrowedpublic', tlp: 'GREEN' });
  await must(t, a, 'PATCH', `/posts/${narrowed.id}`, {
    body: 'Meltdown markernarrowedsecret',
    tlp: 'RED',
    recipientUserIds: [red],
  });
  w.posts.push({ key: 'narrowed', id: narrowed.id, tlp: 'RED', readers: ENTITLED.RED });
}

/**
 * One post per label that mentions red by name, bravo as an organisation and alpha's colleague
 * by name (AMBER to bravo, AMBER+STRICT to alpha, RED to red only).
 */
async function mentionPosts(w: World, c: string, bravo: string, red: string) {
  for (const tlp of LABELS) {
    const code = CODE[tlp];
    const post = await must(w.t, w.auth.author, 'POST', `${c}/posts`, {
      body: `Meltdown marker${code}mention for @red@bravo, @bravo and @colleague@alpha`,
      ...labelFields(tlp, bravo, red),
    });
    w.posts.push({ key: `${code}mention`, id: post.id, tlp, readers: ENTITLED[tlp] });
  }
}

export const keysFor = (items: Item[], r: Reader) =>
  items
    .filter((i) => i.readers.includes(r))
    .map((i) => i.key)
    .sort();
