import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addPerson, must, newToken, raw } from '../spaces/testing.ts';
import { advisoriesUrl, createWorld, fetchPublic, publish, putRow, type World } from './fixture.ts';

let w: World;
before(async () => {
  w = await createWorld();
  await putRow(w, w.alpha.owner.auth, { layer: 'hypervisor', cveId: 'CVE-2017-5754', status: 'fixed' });
});
after(() => w.t.close());

const code = (res: { statusCode: number; json(): unknown }) => [
  res.statusCode,
  (res.json() as { error: { code: string } }).error.code,
];

test('unknown case, a case outside the org’s spaces, a case with no rows of its own', async () => {
  const own = w.alpha.owner.auth;
  const unknown = await publish(w, own, { caseId: '00000000-0000-4000-8000-000000000000', summary: 's' });
  assert.deepEqual(code(unknown), [404, 'not_found']);
  // charlie's case is CLEAR (anyone may read it) but alpha is no member of its space.
  const foreign = await publish(w, own, { caseId: w.foreignCaseId, summary: 's' });
  assert.deepEqual(code(foreign), [404, 'not_found']);
  const foreignPreview = await raw(w.t, own, 'POST', `${advisoriesUrl(w)}/preview`, {
    caseId: w.foreignCaseId,
  });
  assert.equal(foreignPreview.statusCode, 404);
  // bravo is in the space but has written no rows.
  const none = await publish(w, w.bravo.owner.auth, { caseId: w.caseId, summary: 's' }, w.bravo.orgId);
  assert.deepEqual(code(none), [409, 'conflict']);
  assert.match(none.json().error.message, /no status matrix rows/);
});

test('only owners and admins of a provider org publish; strangers get 404', async () => {
  const responder = await addPerson(w.t, w.alpha.owner.auth, w.alpha.orgId, 'resp@alpha.test', 'responder');
  const viewer = await addPerson(w.t, w.alpha.owner.auth, w.alpha.orgId, 'view@alpha.test', 'viewer');
  const admin = await addPerson(w.t, w.alpha.owner.auth, w.alpha.orgId, 'admin@alpha.test', 'admin');
  for (const who of [responder, viewer]) {
    assert.equal((await publish(w, who.auth, { caseId: w.caseId, summary: 's' })).statusCode, 403);
    assert.equal((await raw(w.t, who.auth, 'GET', advisoriesUrl(w))).statusCode, 403);
  }
  const responderToken = await newToken(w.t, w.alpha.owner.auth, w.alpha.orgId, 'responder');
  assert.equal((await publish(w, responderToken, { caseId: w.caseId, summary: 's' })).statusCode, 403);
  assert.equal((await publish(w, w.charlie.owner.auth, { caseId: w.caseId, summary: 's' })).statusCode, 404);
  assert.equal((await publish(w, null, { caseId: w.caseId, summary: 's' })).statusCode, 401);
  const pv = await raw(w.t, admin.auth, 'POST', `${advisoriesUrl(w)}/preview`, { caseId: w.caseId });
  assert.equal(pv.statusCode, 200, pv.body);
  // A customer org has nothing to advise about.
  await w.t.platform.db.execute(`update orgs set kind = 'customer' where id = $1`, [w.alpha.orgId]);
  try {
    const res = await publish(w, w.alpha.owner.auth, { caseId: w.caseId, summary: 's' });
    assert.deepEqual(code(res), [403, 'forbidden']);
    assert.match(res.json().error.message, /provider/);
  } finally {
    await w.t.platform.db.execute(`update orgs set kind = 'provider' where id = $1`, [w.alpha.orgId]);
  }
});

test('bodies are validated: summary required, no unknown fields, http(s) references only', async () => {
  const own = w.alpha.owner.auth;
  for (const body of [
    { caseId: w.caseId },
    { caseId: w.caseId, summary: '' },
    { caseId: 'nope', summary: 's' },
    { caseId: w.caseId, summary: 's', tlp: 'CLEAR' },
    { caseId: w.caseId, summary: 's', references: [{ url: 'javascript:alert(1)', summary: 'x' }] },
    { caseId: w.caseId, summary: 's', title: 'x'.repeat(301) },
  ]) {
    const res = await publish(w, own, body);
    assert.deepEqual(code(res), [400, 'validation_failed'], JSON.stringify(body));
  }
  const revs = await raw(w.t, own, 'GET', `${advisoriesUrl(w)}/alpha-1999-0001/revisions`);
  assert.equal(revs.statusCode, 404);
});

test('nothing is published before the embargo lifts', async () => {
  const own = w.alpha.owner.auth;
  const embargoed = await must(w.t, own, 'POST', `/spaces/${w.spaceId}/cases`, {
    kind: 'vulnerability',
    title: 'Embargoed',
    cveIds: ['CVE-2018-3639'],
    layers: ['hypervisor'],
    embargoAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  await putRow(w, own, { layer: 'hypervisor', cveId: 'CVE-2018-3639', status: 'affected' }, embargoed.id);
  const res = await publish(w, own, { caseId: embargoed.id, summary: 's' });
  assert.deepEqual(code(res), [409, 'conflict']);
  assert.match(res.json().error.message, /embargo/);
  const pv = await must(w.t, own, 'POST', `${advisoriesUrl(w)}/preview`, { caseId: embargoed.id }, 200);
  assert.ok(pv.embargoAt);
});

test('public URLs: unknown orgs, files and versions are 404s, never 500s', async () => {
  await must(w.t, w.alpha.owner.auth, 'POST', advisoriesUrl(w), { caseId: w.caseId, summary: 'first' });
  for (const url of [
    '/advisories/nobody/provider-metadata.json',
    '/advisories/nobody/index.txt',
    '/advisories/alpha/alpha-1999-0001.json',
    '/advisories/alpha/..%2F..%2Fetc%2Fpasswd',
    '/advisories/alpha/ALPHA.json',
    '/advisories/alpha/2018/nothing.json',
    '/advisories/alpha/abcd/nothing.json',
    '/advisories/alpha/alpha-1999-0001/versions/1.json',
    `/advisories/alpha/x/versions/0.json`,
    `/advisories/alpha/x/versions/01.json`,
    '/advisories/Not_A_Handle/index.txt',
  ]) {
    const res = await fetchPublic(w, url);
    assert.equal(res.statusCode, 404, url);
  }
  // Another org's directory does not list alpha's advisory.
  const bravoIndex = await fetchPublic(w, '/advisories/bravo/index.txt');
  assert.equal(bravoIndex.statusCode, 200);
  assert.equal(bravoIndex.body, '');
});
