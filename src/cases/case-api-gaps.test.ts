import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setupFirstOrg, type TestApp } from '../../test/helpers/app.ts';
import type { BusEvent } from '../platform/bus/bus.ts';
import { addPerson, createCoordinationApp, join, must, newOrg, type Person } from '../spaces/testing.ts';

// The console's needs: the exact unread marker on a case, the case id on label and question
// events (so a page refreshes only itself), and un-voting for one of several orgs.
let t: TestApp;
let owner: Person;
let bravo: { orgId: string; owner: Person };
let alphaId: string;
let spaceId: string;
let caseId: string;
const events: BusEvent[] = [];
before(async () => {
  t = await createCoordinationApp();
  const first = await setupFirstOrg(t.app, 'alpha', 'owner@alpha.test');
  alphaId = first.orgId;
  owner = { auth: first.auth, userId: first.userId, email: 'owner@alpha.test' };
  bravo = await newOrg(t, owner, 'bravo');
  spaceId = (await must(t, owner.auth, 'POST', `/orgs/${alphaId}/spaces`, { name: 'S' })).id;
  await join(t, spaceId, owner.auth, { orgId: bravo.orgId, handle: 'bravo', admin: bravo.owner.auth });
  caseId = (await must(t, owner.auth, 'POST', `/spaces/${spaceId}/cases`, { kind: 'incident', title: 'X' }))
    .id;
  t.platform.bus.subscribe((e) => events.push(e));
});
after(() => t.close());

test('GET /cases/:id and the case list carry the reader’s own unread marker', async () => {
  const first = await must(t, owner.auth, 'POST', `/cases/${caseId}/posts`, { body: 'one', tlp: 'GREEN' });
  const second = await must(t, owner.auth, 'POST', `/cases/${caseId}/posts`, { body: 'two', tlp: 'GREEN' });
  assert.equal((await must(t, bravo.owner.auth, 'GET', `/cases/${caseId}`)).lastReadSeq, 0);
  await must(t, bravo.owner.auth, 'PUT', `/cases/${caseId}/read`, { seq: first.seq }, 204);
  assert.equal((await must(t, bravo.owner.auth, 'GET', `/cases/${caseId}`)).lastReadSeq, first.seq);
  const listed = (await must(t, bravo.owner.auth, 'GET', `/spaces/${spaceId}/cases`)).items[0];
  assert.equal(listed.lastReadSeq, first.seq);
  assert.equal(listed.unread, 1);
  // Another reader's marker is their own.
  assert.equal((await must(t, owner.auth, 'GET', `/cases/${caseId}`)).lastReadSeq, 0);
  await must(t, bravo.owner.auth, 'PUT', `/cases/${caseId}/read`, {}, 204);
  assert.equal((await must(t, bravo.owner.auth, 'GET', `/cases/${caseId}`)).lastReadSeq, second.seq);
});

const waitFor = async (pred: (e: BusEvent) => boolean) => {
  for (let i = 0; i < 500; i++) {
    const hit = events.find(pred);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail('event not published');
};

test('label.changed, question.voted and question.updated name their case', async () => {
  const post = await must(t, owner.auth, 'POST', `/cases/${caseId}/posts`, {
    body: 'narrow first',
    tlp: 'AMBER+STRICT',
    recipientOrgIds: [alphaId],
  });
  await must(t, owner.auth, 'PUT', `/labels/post/${post.id}`, { tlp: 'GREEN' }, 200);
  const changed = await waitFor((e) => e.type === 'label.changed');
  assert.equal((changed.data as { caseId: string }).caseId, caseId);
  assert.equal((changed.data as { itemId: string }).itemId, post.id);

  const q = await must(t, owner.auth, 'POST', `/cases/${caseId}/questions`, {
    vendor: 'Intel',
    body: 'ETA?',
    tlp: 'GREEN',
  });
  await must(t, bravo.owner.auth, 'POST', `/questions/${q.id}/votes`, {}, 200);
  await must(t, owner.auth, 'PATCH', `/questions/${q.id}`, { status: 'answered' });
  for (const type of ['question.voted', 'question.updated']) {
    const e = await waitFor((x) => x.type === type);
    assert.equal((e.data as { caseId: string }).caseId, caseId, type);
  }
});

test('DELETE /questions/:id/votes takes asOrgId like POST does', async () => {
  // Someone in both orgs: the vote and its removal must name which org.
  const both = await addPerson(t, owner.auth, alphaId, 'both@alpha.test', 'responder');
  await must(t, bravo.owner.auth, 'POST', `/orgs/${bravo.orgId}/members`, {
    email: 'both@alpha.test',
    role: 'responder',
  });
  const fresh = both.auth;
  const q = await must(t, owner.auth, 'POST', `/cases/${caseId}/questions`, {
    vendor: 'AMD',
    body: 'Zen?',
    tlp: 'GREEN',
  });
  const voted = await must(t, fresh, 'POST', `/questions/${q.id}/votes`, { asOrgId: bravo.orgId }, 200);
  assert.deepEqual(
    voted.votes.map((v: { handle: string }) => v.handle),
    ['bravo'],
  );
  await must(t, fresh, 'DELETE', `/questions/${q.id}/votes?asOrgId=${alphaId}`, undefined, 200);
  assert.equal((await must(t, fresh, 'GET', `/questions/${q.id}`)).votes.length, 1, 'alpha had no vote');
  const gone = await must(
    t,
    fresh,
    'DELETE',
    `/questions/${q.id}/votes?asOrgId=${bravo.orgId}`,
    undefined,
    200,
  );
  assert.deepEqual(gone.votes, []);
  const bad = await t.app.inject({
    method: 'DELETE',
    url: `/api/v1/questions/${q.id}/votes?asOrgId=nope`,
    cookies: { swimmy_session: fresh.cookie },
    headers: { 'x-csrf-token': fresh.csrf },
  });
  assert.equal(bad.statusCode, 400);
});
