import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Auth, call, createTestApp, login, PASSWORD, type TestApp } from '../../test/helpers/app.ts';
import { emailOf, ORGS_DAY_ONE, ORGS_DAY_TWO } from './cast.ts';
import { describeDemo, loadDemo } from './index.ts';
import { DAY_ONE_POSTS, DAY_TWO_POSTS, type ThreadPost } from './meltdown-thread.ts';

/**
 * The demo seeded into a fresh database, read back through the HTTP API as its people. Who
 * must see which post is derived here from the story's own labels (not from the policy code):
 * CLEAR and GREEN reach every member org, AMBER+STRICT the author's org and the named orgs,
 * RED the author and the named people.
 */

const THREAD = [...DAY_ONE_POSTS, ...DAY_TWO_POSTS];
const orgOf = (ref: string) => ref.split('@')[1]!;

function entitled(post: ThreadPost, reader: string): boolean {
  switch (post.tlp) {
    case 'CLEAR':
    case 'GREEN':
      return true;
    case 'AMBER':
    case 'AMBER+STRICT':
      return orgOf(post.by) === orgOf(reader) || (post.toOrgs ?? []).includes(orgOf(reader));
    case 'RED':
      return post.by === reader || (post.toPeople ?? []).includes(reader);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON bodies loosely
async function get(t: TestApp, auth: Auth, url: string): Promise<any> {
  const res = await call(t.app, { url: `/api/v1${url}`, auth });
  assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
  return res.json();
}

let t: TestApp;
let caseId: string;
const sessions = new Map<string, Auth>();
const signIn = async (ref: string) => {
  const [local, handle] = ref.split('@') as [string, string];
  let auth = sessions.get(ref);
  if (!auth) {
    auth = await login(t.app, emailOf(local, handle), PASSWORD);
    sessions.set(ref, auth);
  }
  return auth;
};
const bodiesSeenBy = async (ref: string): Promise<string[]> =>
  (await get(t, await signIn(ref), `/cases/${caseId}/posts?limit=200`)).items
    .map((p: { body: string }) => p.body)
    .sort();
const bodiesEntitled = (ref: string) =>
  THREAD.filter((p) => entitled(p, ref))
    .map((p) => p.body)
    .sort();

describe('swimmy admin demo: the Meltdown / Spectre story', () => {
  before(async () => {
    t = await createTestApp();
    const outcome = await loadDemo(t.platform, { password: PASSWORD });
    assert.equal(outcome.status, 'loaded');
    const camille = await signIn('camille@scaleway');
    const space = (await get(t, camille, '/spaces')).items.find(
      (s: { name: string }) => s.name === 'Meltdown / Spectre',
    );
    assert.ok(space, 'the demo space is listed for its founder');
    caseId = (await get(t, camille, `/spaces/${space.id}/cases`)).items[0].id;
  });
  after(() => t?.close());

  test('nine providers are active members; the case has the three CVEs and the January embargo', async () => {
    const camille = await signIn('camille@scaleway');
    const c = await get(t, camille, `/cases/${caseId}`);
    assert.deepEqual(c.cveIds, ['CVE-2017-5753', 'CVE-2017-5715', 'CVE-2017-5754']);
    assert.equal(c.embargoAt, '2018-01-09T00:00:00.000Z');
    assert.equal(c.layers.length, 6);
    const orgs = await get(t, camille, `/spaces/${c.spaceId}/orgs`);
    const active = orgs.items.filter((o: { status: string }) => o.status === 'active');
    assert.deepEqual(
      active.map((o: { org: { handle: string } }) => o.org.handle).sort(),
      [...ORGS_DAY_ONE, ...ORGS_DAY_TWO].map((o) => o.handle).sort(),
    );
  });

  test('a Nexcess engineer sees the GREEN and CLEAR history and what was addressed to Nexcess, nothing more', async () => {
    for (const reader of ['dana@nexcess', 'chris@nexcess']) {
      const seen = await bodiesSeenBy(reader);
      assert.deepEqual(seen, bodiesEntitled(reader), reader);
      for (const body of seen) {
        const post = THREAD.find((p) => p.body === body)!;
        assert.ok(
          ['CLEAR', 'GREEN'].includes(post.tlp) ||
            post.toOrgs?.includes('nexcess') ||
            post.toPeople?.includes(reader),
          `${reader} must not see ${post.key}`,
        );
      }
    }
    // Something really is hidden from Nexcess, and something really is addressed to it.
    assert.ok(THREAD.length > (await bodiesSeenBy('dana@nexcess')).length);
    assert.ok((await bodiesSeenBy('dana@nexcess')).some((b) => b.includes('shared with Nexcess only')));
  });

  test('the named RED recipient at Scaleway sees the RED post; a colleague who is not named does not', async () => {
    const red = THREAD.find((p) => p.key === 'microcode-red')!;
    assert.ok((await bodiesSeenBy('hugo@scaleway')).includes(red.body));
    assert.ok(!(await bodiesSeenBy('lea@scaleway')).includes(red.body));
    for (const reader of ['hugo@scaleway', 'lea@scaleway', 'julien@ovh', 'ravi@packet', 'anna@exoscale'])
      assert.deepEqual(await bodiesSeenBy(reader), bodiesEntitled(reader), reader);
  });

  test('matrix rows, vendor questions with votes and answers, and a pinned status with history', async () => {
    const camille = await signIn('camille@scaleway');
    const matrix = (await get(t, camille, `/cases/${caseId}/matrix`)).items;
    const justified = matrix.filter((r: { status: string }) => r.status === 'not_affected');
    assert.ok(justified.length >= 2 && justified.every((r: { justification: string }) => r.justification));
    assert.ok(matrix.some((r: { rollout: unknown[] }) => r.rollout.length > 1));
    assert.ok(new Set(matrix.map((r: { status: string }) => r.status)).size >= 4);
    const ovhAmber = (r: { label: { tlp: string; org: { handle: string } } }) =>
      r.label.tlp === 'AMBER+STRICT' && r.label.org.handle === 'ovh';
    assert.ok(matrix.some(ovhAmber), 'Scaleway sees the row OVH addressed to it');
    const nexcessMatrix = (await get(t, await signIn('dana@nexcess'), `/cases/${caseId}/matrix`)).items;
    assert.ok(!nexcessMatrix.some(ovhAmber), 'Nexcess does not');

    const questions = (await get(t, camille, `/cases/${caseId}/questions`)).items;
    assert.equal(questions.length, 2);
    for (const q of questions) {
      assert.ok(q.votes.length >= 2, `${q.vendor} has votes`);
      assert.equal(q.answers.length, 1);
    }
    assert.ok(questions.some((q: { vendor: string }) => q.vendor === 'Intel'));
    const history = (await get(t, camille, `/cases/${caseId}/status/history`)).items;
    assert.equal(history.length, 3);
  });

  test("Scaleway's public status page tells the Meltdown incident in seven numbered updates", async () => {
    const res = await call(t.app, { url: '/status/scaleway/api/v2/incidents.json' });
    assert.equal(res.statusCode, 200);
    const [incident] = res.json().incidents;
    assert.match(incident.name, /Meltdown/);
    assert.equal(incident.status, 'resolved');
    assert.equal(incident.incident_updates.length, 7);
    assert.equal(incident.incident_updates[0].status, 'resolved', 'Update #7 first');
    const html = (await call(t.app, { url: `/status/scaleway/incidents/${incident.id}` })).body;
    assert.match(html, /Update #7/);
    const components = (await call(t.app, { url: '/status/scaleway/api/v2/components.json' })).json()
      .components;
    assert.ok(components.some((c: { name: string }) => c.name === 'Instances PAR1'));
    assert.ok(components.every((c: { status: string }) => c.status === 'operational'));
  });

  test('loading again changes nothing and says so', async () => {
    const before = await bodiesSeenBy('camille@scaleway');
    const again = await loadDemo(t.platform, { password: PASSWORD });
    assert.equal(again.status, 'already_loaded');
    assert.match(describeDemo(again, 'http://127.0.0.1:8080'), /already loaded/);
    assert.deepEqual(await bodiesSeenBy('camille@scaleway'), before);
    const spaces = (await get(t, await signIn('camille@scaleway'), '/spaces')).items;
    assert.equal(spaces.length, 1);
  });
});
