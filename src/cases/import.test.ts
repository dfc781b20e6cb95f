import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, setupFirstOrg, type TestApp } from '../../test/helpers/app.ts';
import { addPerson, createCoordinationApp, join, must, newOrg, type Person, raw } from '../spaces/testing.ts';
import { MELTDOWN_CVE, OSV_WITH_ALIASES } from './import-fixtures.ts';

/** CVE JSON 5 / OSV import through the API: preview for a new case, and applied to a case. */
let t: TestApp;
let ann: Person;
let bo: Person;
let stranger: Person;
let spaceId: string;
let caseId: string;

before(async () => {
  t = await createCoordinationApp();
  const first = await setupFirstOrg(t.app, 'alpha', 'owner@alpha.test');
  const owner: Person = { auth: first.auth, userId: first.userId, email: 'owner@alpha.test' };
  ann = await addPerson(t, owner.auth, first.orgId, 'ann@alpha.test', 'responder');
  const bravo = await newOrg(t, owner, 'bravo');
  bo = await addPerson(t, bravo.owner.auth, bravo.orgId, 'bo@bravo.test', 'responder');
  stranger = (await newOrg(t, owner, 'charlie')).owner;
  const space = await must(t, owner.auth, 'POST', `/orgs/${first.orgId}/spaces`, { name: 'S' });
  spaceId = space.id;
  await join(t, spaceId, owner.auth, { orgId: bravo.orgId, handle: 'bravo', admin: bravo.owner.auth });
  const c = await must(t, ann.auth, 'POST', `/spaces/${spaceId}/cases`, {
    kind: 'vulnerability',
    title: 'Meltdown and Spectre',
    cveIds: ['CVE-2017-5753'],
  });
  caseId = c.id;
});
after(() => t.close());

describe('CVE/OSV import API', () => {
  test('preview: a pasted CVE JSON 5 record becomes the fields of a new case, ready to post', async () => {
    const preview = await must(
      t,
      ann.auth,
      'POST',
      '/imports/cve/preview',
      { text: JSON.stringify(MELTDOWN_CVE) },
      200,
    );
    assert.equal(preview.format, 'cve');
    assert.deepEqual(preview.suggestedCase, {
      kind: 'vulnerability',
      title: 'Rogue data cache load (Meltdown)',
      cveIds: ['CVE-2017-5754'],
    });
    assert.equal(preview.references.length, 4);
    const created = await must(t, ann.auth, 'POST', `/spaces/${spaceId}/cases`, preview.suggestedCase);
    assert.deepEqual(created.cveIds, ['CVE-2017-5754']);
    const osv = await must(t, ann.auth, 'POST', '/imports/cve/preview', { record: OSV_WITH_ALIASES }, 200);
    assert.deepEqual(
      [osv.format, osv.cveIds, osv.aliases],
      ['osv', ['CVE-2022-41723'], ['GHSA-vvpx-j8f3-3w6h']],
    );
  });

  test('bad records are a 400 with the path of the problem; oversized ones a 413; strangers to sign-in a 401', async () => {
    const broken = structuredClone(MELTDOWN_CVE) as { containers: { cna: { references: unknown[] } } };
    broken.containers.cna.references[1] = { url: ['https://x.test'] };
    const res = await raw(t, ann.auth, 'POST', '/imports/cve/preview', { record: broken });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.details.path, 'containers.cna.references[1].url');
    assert.match(res.json().error.message, /containers\.cna\.references\[1\]\.url must be a string/);
    const huge = { ...OSV_WITH_ALIASES, details: 'x'.repeat(700 * 1024) };
    assert.equal((await raw(t, ann.auth, 'POST', '/imports/cve/preview', { record: huge })).statusCode, 413);
    assert.equal((await raw(t, ann.auth, 'POST', '/imports/cve/preview', { text: '[1,' })).statusCode, 400);
    assert.equal(
      (await raw(t, ann.auth, 'POST', '/imports/cve/preview', { record: {}, extra: 1 })).statusCode,
      400,
    );
    assert.equal(
      (await raw(t, null, 'POST', '/imports/cve/preview', { record: MELTDOWN_CVE })).statusCode,
      401,
    );
  });

  test('apply: adds the CVE ids and posts description, affected products and linked references', async () => {
    const res = await must(
      t,
      ann.auth,
      'POST',
      `/cases/${caseId}/import`,
      { record: MELTDOWN_CVE, tlp: 'GREEN' },
      200,
    );
    assert.deepEqual(res.addedCveIds, ['CVE-2017-5754']);
    assert.deepEqual(res.case.cveIds, ['CVE-2017-5753', 'CVE-2017-5754']);
    assert.equal(res.post.label.tlp, 'GREEN');
    assert.match(res.post.body, /Systems with microprocessors utilizing speculative execution/);
    assert.match(res.post.html, /<a href="https:\/\/xenbits\.xen\.org\/xsa\/advisory-254\.html"/);
    assert.match(res.post.html, /CWE-200 Information exposure/);
    const again = await must(
      t,
      ann.auth,
      'POST',
      `/cases/${caseId}/import`,
      { record: MELTDOWN_CVE, post: false },
      200,
    );
    assert.deepEqual([again.addedCveIds, again.post], [[], null]);
  });

  test('imported text cannot mention anyone, nor inject markup', async () => {
    const record = {
      ...OSV_WITH_ALIASES,
      details: 'Ask @bravo or <script>alert(1)</script> [x](javascript:alert(1))',
    };
    const res = await must(
      t,
      ann.auth,
      'POST',
      `/cases/${caseId}/import`,
      { record, tlp: 'GREEN', addCveIds: false },
      200,
    );
    assert.deepEqual(res.post.mentions, []);
    assert.doesNotMatch(res.post.html, /<script|href="javascript/);
    assert.match(res.post.html, /Ask @bravo/);
  });

  test('apply follows the case rules: strangers 404, other orgs may post but not change CVE ids, labels are checked', async () => {
    const body = { record: OSV_WITH_ALIASES, tlp: 'GREEN' };
    assert.equal((await raw(t, stranger.auth, 'POST', `/cases/${caseId}/import`, body)).statusCode, 404);
    const before = await must(t, ann.auth, 'GET', `/cases/${caseId}/posts?limit=200`);
    assert.equal((await raw(t, bo.auth, 'POST', `/cases/${caseId}/import`, body)).statusCode, 403);
    const after = await must(t, ann.auth, 'GET', `/cases/${caseId}/posts?limit=200`);
    assert.equal(after.items.length, before.items.length, 'nothing posted when the ids could not be added');
    const posted = await must(
      t,
      bo.auth,
      'POST',
      `/cases/${caseId}/import`,
      { ...body, addCveIds: false },
      200,
    );
    assert.equal(posted.post.label.org.handle, 'bravo');
    const red = await raw(t, ann.auth, 'POST', `/cases/${caseId}/import`, {
      record: OSV_WITH_ALIASES,
      tlp: 'RED',
    });
    assert.equal(red.statusCode, 400);
    assert.match(red.json().error.message, /RED needs at least one named recipient/);
    const ids = (await must(t, ann.auth, 'GET', `/cases/${caseId}`)).cveIds;
    assert.ok(!ids.includes('CVE-2022-41723'), 'a refused import changes nothing');
  });

  test('the import and notification endpoints are documented in the OpenAPI document', async () => {
    const doc = (await call(t.app, { url: '/api/openapi.json' })).json() as { paths: Record<string, object> };
    for (const path of [
      '/api/v1/imports/cve/preview',
      '/api/v1/cases/{caseId}/import',
      '/api/v1/me/notifications',
      '/api/v1/me/notifications/read',
      '/api/v1/me/notifications/unread-count',
      '/api/v1/me/notifications/settings',
    ])
      assert.ok(doc.paths[path], path);
  });
});
