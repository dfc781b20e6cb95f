import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { addPerson, must, raw } from '../spaces/testing.ts';
import { validateCsaf } from './csaf-validation.ts';
import { advisoriesUrl, createWorld, fetchPublic, publish, putRow, relabel, type World } from './fixture.ts';

/**
 * TLP leak suite for advisories: text that is not CLEAR (row statements under any other label,
 * their history, statements promoted from non-CLEAR posts, other orgs' rows, a GREEN case's
 * title, RED rows the publisher may not read) never appears in a published document, in any
 * public URL, nor in the publisher's own preview and 409 answers.
 */

let w: World;
/** Every non-CLEAR text written in this file. */
const secrets = new Set<string>(['embargoed working title']);
const secret = (s: string) => {
  secrets.add(s);
  return s;
};
/** Every body a test saw: checked against every secret at the end, and after each step. */
const seen: string[] = [];

function assertNoSecret(body: string, where: string) {
  for (const s of secrets) assert.ok(!body.includes(s), `${where} leaks "${s}"`);
}

async function publicBodies(handle = 'alpha') {
  const bodies: Array<[string, string]> = [];
  const add = async (url: string) => {
    const res = await fetchPublic(w, url);
    bodies.push([url, res.body]);
    return res;
  };
  const dir = `/advisories/${handle}/`;
  await add(`${dir}provider-metadata.json`);
  await add(`${dir}changes.csv`);
  const index = await add(`${dir}index.txt`);
  for (const path of index.body.split('\n').filter(Boolean)) {
    const file = path.split('/')[1]!;
    const latest = await add(`${dir}${file}`);
    await add(`${dir}${path}`);
    await add(`${dir}${file}.sha256`);
    const version = Number(JSON.parse(latest.body).document.tracking.version);
    for (let v = 1; v <= version; v++) await add(`${dir}${file.replace(/\.json$/, '')}/versions/${v}.json`);
  }
  return bodies;
}

async function checkEverything() {
  for (const [url, body] of await publicBodies()) {
    seen.push(body);
    assertNoSecret(body, url);
  }
}

before(async () => {
  w = await createWorld('GREEN');
});
after(() => w.t.close());

test('non-CLEAR rows block publishing and their text stays out of the 409 and the preview', async () => {
  const own = w.alpha.owner.auth;
  await putRow(w, own, {
    layer: 'hypervisor',
    cveId: 'CVE-2017-5754',
    status: 'fixed',
    statement: 'Patched.',
  });
  const amber = await putRow(w, own, {
    layer: 'bmc',
    cveId: 'CVE-2017-5754',
    status: 'affected',
    statement: secret('AMBER-ROW-TEXT vendor microcode eta'),
    tlp: 'AMBER',
  });
  // Other orgs' rows, under every label, are never part of alpha's advisory.
  for (const tlp of ['CLEAR', 'GREEN', 'AMBER'])
    await putRow(w, w.bravo.owner.auth, {
      layer: tlp === 'CLEAR' ? 'bmc' : tlp === 'GREEN' ? 'hypervisor' : 'guest kernel',
      cveId: 'CVE-2017-5715',
      status: 'affected',
      statement: secret(`BRAVO-${tlp}-ROW-TEXT`),
      tlp,
    });
  const refused = await publish(w, own, { caseId: w.caseId, summary: 'first' });
  assert.equal(refused.statusCode, 409);
  seen.push(refused.body);
  assertNoSecret(refused.body, '409');
  assert.equal(refused.json().error.details.blocking[0].rowId, amber.id);
  const pv = await raw(w.t, own, 'POST', `${advisoriesUrl(w)}/preview`, { caseId: w.caseId });
  seen.push(pv.body);
  assertNoSecret(pv.body, 'preview');
  // The source re-writes the row in its own CLEAR words; the AMBER text lives on in its history only.
  await putRow(w, own, {
    layer: 'bmc',
    cveId: 'CVE-2017-5754',
    status: 'affected',
    statement: 'Microcode pending.',
  });
  const ok = await publish(w, own, { caseId: w.caseId, summary: 'first' });
  assert.equal(ok.statusCode, 201, ok.body);
  seen.push(ok.body);
  await checkEverything();
});

test('a statement promoted from a non-CLEAR post blocks until that post is re-marked by its source', async () => {
  const post = await must(w.t, w.bravo.owner.auth, 'POST', `/cases/${w.caseId}/posts`, {
    body: secret('BRAVO-AMBER-POST Xen shim details'),
    tlp: 'AMBER',
    recipientOrgIds: [w.alpha.orgId],
  });
  const promoted = await must(w.t, w.alpha.owner.auth, 'POST', `/posts/${post.id}/promote`, {
    as: 'statement',
    layer: 'guest kernel',
    cveId: 'CVE-2017-5753',
    status: 'mitigation_in_progress',
  });
  // alpha may widen its own row's label, but not bravo's words inside it.
  await relabel(w, w.alpha.owner.auth, 'matrix_row', promoted.entry.id, 'CLEAR');
  const refused = await publish(w, w.alpha.owner.auth, { caseId: w.caseId, summary: 'second' });
  assert.equal(refused.statusCode, 409);
  seen.push(refused.body);
  assertNoSecret(refused.body, '409');
  const blocker = refused.json().error.details.blocking[0];
  assert.deepEqual(
    [blocker.reason, blocker.remark],
    ['source_post_not_clear', { itemType: 'post', itemId: post.id }],
  );
  const pv = await raw(w.t, w.alpha.owner.auth, 'POST', `${advisoriesUrl(w)}/preview`, { caseId: w.caseId });
  assertNoSecret(pv.body, 'preview');
  await checkEverything();
  // bravo, the source, re-marks its post CLEAR: from now on the text is public by its decision.
  await relabel(w, w.bravo.owner.auth, 'post', post.id, 'CLEAR');
  secrets.delete('BRAVO-AMBER-POST Xen shim details');
  const ok = await publish(w, w.alpha.owner.auth, { caseId: w.caseId, summary: 'second' });
  assert.equal(ok.statusCode, 201, ok.body);
  assert.match((await fetchPublic(w, ok.json().advisory.url)).body, /BRAVO-AMBER-POST/);
  await checkEverything();
});

test('a RED row the publisher may not read stays out (and does not reveal itself by blocking)', async () => {
  const admin = await addPerson(w.t, w.alpha.owner.auth, w.alpha.orgId, 'admin@alpha.test', 'admin');
  const named = await addPerson(w.t, w.alpha.owner.auth, w.alpha.orgId, 'named@alpha.test', 'responder');
  await putRow(w, admin.auth, {
    layer: 'hypervisor',
    cveId: 'CVE-2017-5715',
    status: 'affected',
    statement: secret('RED-ROW-TEXT only for named'),
    tlp: 'RED',
    recipientUserIds: [named.userId],
  });
  const ok = await publish(w, w.alpha.owner.auth, { caseId: w.caseId, summary: 'third' });
  assert.equal(ok.statusCode, 201, ok.body);
  const doc = (await fetchPublic(w, ok.json().advisory.url)).json();
  assert.ok((await validateCsaf(doc)).isValid);
  assert.ok(!doc.vulnerabilities.some((v: { cve: string }) => v.cve === 'CVE-2017-5715'));
  await checkEverything();
});

test('property: whatever labels the rows carry, only CLEAR text is ever published', async () => {
  const tlps = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT'] as const;
  const cells = [
    { layer: 'hypervisor', cveId: 'CVE-2017-5754' },
    { layer: 'bmc', cveId: 'CVE-2017-5754' },
    { layer: 'hypervisor', cveId: 'CVE-2017-5753' },
  ];
  let round = 0;
  await fc.assert(
    fc.asyncProperty(fc.tuple(...cells.map(() => fc.constantFrom(...tlps))), async (labels) => {
      round++;
      for (const [i, cell] of cells.entries()) {
        const text = `R${round}-C${i}-${labels[i]}-TEXT`;
        if (labels[i] !== 'CLEAR') secret(text);
        await putRow(w, w.alpha.owner.auth, { ...cell, status: 'affected', statement: text, tlp: labels[i] });
      }
      const res = await publish(w, w.alpha.owner.auth, { caseId: w.caseId, summary: `round ${round}` });
      seen.push(res.body);
      assertNoSecret(res.body, 'publish answer');
      assert.equal(res.statusCode, labels.every((l) => l === 'CLEAR') ? 201 : 409, res.body);
      await checkEverything();
    }),
    { numRuns: 12, examples: [[['CLEAR', 'CLEAR', 'CLEAR']]] },
  );
  // Some rounds did publish CLEAR text: the check above looked at real documents.
  assert.ok(seen.some((b) => /R\d+-C0-CLEAR-TEXT/.test(b)));
  for (const body of seen) assertNoSecret(body, 'a body seen earlier');
});
