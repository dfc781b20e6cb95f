import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setupFirstOrg, type TestApp } from '../../test/helpers/app.ts';
import { createCoordinationApp, join, must, newOrg, type Person, raw } from '../spaces/testing.ts';

let t: TestApp;
let owner: Person;
let bravo: { orgId: string; owner: Person };
let spaceId: string;
let caseId: string;
before(async () => {
  t = await createCoordinationApp();
  const first = await setupFirstOrg(t.app, 'alpha', 'owner@alpha.test');
  owner = { auth: first.auth, userId: first.userId, email: 'owner@alpha.test' };
  bravo = await newOrg(t, owner, 'bravo');
  spaceId = (
    await must(t, owner.auth, 'POST', `/orgs/${first.orgId}/spaces`, { name: 'S', layers: ['hypervisor'] })
  ).id;
  await join(t, spaceId, owner.auth, { orgId: bravo.orgId, handle: 'bravo', admin: bravo.owner.auth });
  caseId = (
    await must(t, owner.auth, 'POST', `/spaces/${spaceId}/cases`, {
      kind: 'vulnerability',
      title: 'Meltdown',
      cveIds: ['CVE-2017-5754'],
      layers: ['hypervisor'],
    })
  ).id;
});
after(() => t.close());

test('promote a post into a statement, a question and an answer, label carried and linked back', async () => {
  const post = await must(t, owner.auth, 'POST', `/cases/${caseId}/posts`, {
    body: 'Xen XSA-254: PV guests need the Comet shim',
    tlp: 'AMBER',
    recipientOrgIds: [bravo.orgId],
  });
  const st = await must(t, bravo.owner.auth, 'POST', `/posts/${post.id}/promote`, {
    as: 'statement',
    layer: 'hypervisor',
    cveId: 'CVE-2017-5754',
    status: 'mitigation_in_progress',
  });
  assert.equal(st.entry.sourcePostId, post.id);
  assert.equal(st.entry.statement, post.body);
  assert.equal(st.entry.label.tlp, 'AMBER');
  assert.equal(st.entry.label.org.handle, 'bravo', "bravo's own matrix row");
  assert.deepEqual(new Set(st.entry.label.recipientOrgIds), new Set([post.label.org.id, bravo.orgId]));
  const q = await must(t, owner.auth, 'POST', `/posts/${post.id}/promote`, { as: 'question', vendor: 'Xen' });
  assert.equal(q.question.sourcePostId, post.id);
  assert.equal(q.question.label.tlp, 'AMBER');
  const a = await must(t, owner.auth, 'POST', `/posts/${post.id}/promote`, {
    as: 'answer',
    questionId: q.question.id,
  });
  assert.equal(a.answer.questionId, q.question.id);
  assert.equal((await must(t, owner.auth, 'GET', `/matrix/${st.entry.id}/history`)).items.length, 1);
});

test('votes: one per org; status by the asking org; "still affected" summary with rollout', async () => {
  const q = await must(t, owner.auth, 'POST', `/cases/${caseId}/questions`, {
    vendor: 'Intel',
    body: 'Microcode ETA?',
    tlp: 'GREEN',
  });
  await must(t, bravo.owner.auth, 'POST', `/questions/${q.id}/votes`, {}, 200);
  const twice = await must(t, bravo.owner.auth, 'POST', `/questions/${q.id}/votes`, {}, 200);
  assert.deepEqual(
    twice.votes.map((v: { handle: string }) => v.handle),
    ['bravo'],
  );
  const denied = await raw(t, bravo.owner.auth, 'PATCH', `/questions/${q.id}`, { status: 'answered' });
  assert.equal(denied.statusCode, 403);
  const updated = await must(t, owner.auth, 'PATCH', `/questions/${q.id}`, { status: 'partially_answered' });
  assert.equal(updated.status, 'partially_answered');
  const rollout = [
    {
      region: 'fr-par',
      state: 'planned',
      windowStart: '2099-01-01T00:00:00Z',
      windowEnd: '2099-01-02T00:00:00Z',
    },
  ];
  await must(
    t,
    owner.auth,
    'PUT',
    `/cases/${caseId}/matrix`,
    {
      layer: 'hypervisor',
      cveId: 'CVE-2017-5754',
      status: 'affected',
      tlp: 'GREEN',
      rollout,
    },
    200,
  );
  const view = await must(t, bravo.owner.auth, 'GET', `/cases/${caseId}/matrix?stillAffected=true`);
  assert.deepEqual(view.stillAffected.map((s: { org: { handle: string } }) => s.org.handle).sort(), [
    'alpha',
    'bravo',
  ]);
  const alphaRow = view.items.find(
    (r: { label: { org: { handle: string } } }) => r.label.org.handle === 'alpha',
  );
  assert.equal(alphaRow.rollout[0].region, 'fr-par');
});

test('unread markers: mark read, then only new posts the reader may see count', async () => {
  const unread = async () =>
    (await must(t, bravo.owner.auth, 'GET', `/spaces/${spaceId}/unread`)).items[0].unread;
  await must(t, bravo.owner.auth, 'PUT', `/cases/${caseId}/read`, {}, 204);
  assert.equal(await unread(), 0);
  await must(t, owner.auth, 'POST', `/cases/${caseId}/posts`, { body: 'one', tlp: 'GREEN' });
  await must(t, owner.auth, 'POST', `/cases/${caseId}/posts`, { body: 'two', tlp: 'AMBER+STRICT' });
  assert.equal(await unread(), 1, 'the AMBER+STRICT post to alpha does not count for bravo');
});
