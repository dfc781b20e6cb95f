import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { must } from '../spaces/testing.ts';
import { validateCsaf } from './csaf-validation.ts';
import { advisoriesUrl, createWorld, fetchPublic, publish, putRow, relabel, type World } from './fixture.ts';
import { productIdOf } from './vex.ts';

let w: World;
// biome-ignore lint/suspicious/noExplicitAny: tests read JSON loosely
let first: any;
before(async () => {
  w = await createWorld();
  const own = w.alpha.owner.auth;
  await putRow(w, own, {
    layer: 'hypervisor',
    cveId: 'CVE-2017-5754',
    status: 'mitigation_in_progress',
    statement: 'KPTI rolling out; no action needed.',
    rollout: [{ region: 'fr-par', state: 'in_progress' }],
  });
  await putRow(w, own, {
    layer: 'guest kernel',
    cveId: 'CVE-2017-5754',
    status: 'not_affected',
    justification: 'vulnerable_code_not_in_execute_path',
  });
  await putRow(w, own, { layer: 'hypervisor', cveId: 'CVE-2017-5753', status: 'fixed' });
  await putRow(w, own, { layer: 'bmc', cveId: 'CVE-2017-5715', status: 'under_investigation' });
  // bravo's rows are in the same case; they never go into alpha's advisory.
  await putRow(w, w.bravo.owner.auth, {
    layer: 'bmc',
    cveId: 'CVE-2017-5754',
    status: 'affected',
    statement: 'bravo',
  });
});
after(() => w.t.close());

test('an admin publishes a valid CSAF VEX advisory from its own CLEAR rows only', async () => {
  const res = await publish(w, w.alpha.owner.auth, { caseId: w.caseId, summary: 'Initial release' });
  assert.equal(res.statusCode, 201, res.body);
  first = res.json();
  assert.match(first.advisory.trackingId, /^alpha-\d{4}-0001$/);
  assert.equal(first.revision.label, 'Update #1');
  const pub = await fetchPublic(w, first.advisory.url);
  assert.equal(pub.statusCode, 200);
  assert.match(String(pub.headers['content-type']), /^application\/json/);
  const doc = pub.json();
  const { isValid, failures } = await validateCsaf(doc);
  assert.ok(isValid, failures.join('\n'));
  assert.equal(doc.document.category, 'csaf_vex');
  assert.equal(doc.document.distribution.tlp.label, 'WHITE');
  assert.equal(doc.document.publisher.name, 'Org alpha');
  assert.equal(doc.document.tracking.status, 'final');
  assert.equal(doc.document.tracking.version, '1');
  // The case is GREEN: its title stays out; the product tree holds alpha's layers only.
  assert.doesNotMatch(pub.body, /embargoed working title|bravo/);
  const vendor = doc.product_tree.branches[0];
  assert.equal(vendor.name, 'Org alpha');
  assert.deepEqual(vendor.branches.map((b: { name: string }) => b.name).sort(), [
    'bmc',
    'guest kernel',
    'hypervisor',
  ]);
  const meltdown = doc.vulnerabilities.find((v: { cve: string }) => v.cve === 'CVE-2017-5754');
  assert.deepEqual(meltdown.product_status, {
    known_affected: [productIdOf('hypervisor')],
    known_not_affected: [productIdOf('guest kernel')],
  });
  assert.deepEqual(meltdown.flags, [
    { label: 'vulnerable_code_not_in_execute_path', product_ids: [productIdOf('guest kernel')] },
  ]);
  assert.equal(meltdown.remediations[0].category, 'mitigation');
  assert.match(meltdown.remediations[0].details, /KPTI rolling out[\s\S]*fr-par: in progress/);
  const digest = createHash('sha256').update(pub.body).digest('hex');
  assert.equal(first.revision.sha256, digest);
});

test('public files: ETag/304, cache headers, hashes, directory layout, index, changes, provider metadata', async () => {
  const url = first.advisory.url as string;
  const a = await fetchPublic(w, url);
  assert.match(String(a.headers['cache-control']), /public, max-age=\d+/);
  const etag = String(a.headers.etag);
  const b = await fetchPublic(w, url, { 'if-none-match': etag });
  assert.equal(b.statusCode, 304);
  assert.equal(b.body, '');
  const sha = await fetchPublic(w, `${url}.sha256`);
  assert.equal(sha.body.split(' ')[0], first.revision.sha256);
  const year = new Date(first.advisory.initialReleaseDate).getUTCFullYear();
  const file = `${first.advisory.trackingId}.json`;
  const inDir = await fetchPublic(w, `${first.advisory.directoryUrl}${year}/${file}`);
  assert.equal(inDir.body, a.body);
  assert.equal((await fetchPublic(w, `${first.advisory.directoryUrl}${year + 1}/${file}`)).statusCode, 404);
  const version = await fetchPublic(w, first.revision.url);
  assert.equal(version.body, a.body);
  assert.match(String(version.headers['cache-control']), /immutable/);
  const index = await fetchPublic(w, `${first.advisory.directoryUrl}index.txt`);
  assert.equal(index.body, `${year}/${file}\n`);
  const changes = await fetchPublic(w, `${first.advisory.directoryUrl}changes.csv`);
  assert.match(
    changes.body,
    new RegExp(`^"${year}/${file}","\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"\\n$`),
  );
  const meta = (await fetchPublic(w, `${first.advisory.directoryUrl}provider-metadata.json`)).json();
  assert.equal(meta.role, 'csaf_provider');
  assert.equal(meta.metadata_version, '2.0');
  assert.equal(meta.canonical_url, `${first.advisory.directoryUrl}provider-metadata.json`);
  assert.deepEqual(meta.distributions, [{ directory_url: first.advisory.directoryUrl }]);
  assert.equal(meta.list_on_CSAF_aggregators, true);
  assert.equal(meta.mirror_on_CSAF_aggregators, true);
  assert.equal(meta.last_updated, first.advisory.currentReleaseDate);
  assert.deepEqual(meta.publisher, JSON.parse(a.body).document.publisher);
});

test('republishing is the next numbered revision; old revisions stay byte for byte', async () => {
  const before = await fetchPublic(w, first.advisory.url);
  await putRow(w, w.alpha.owner.auth, {
    layer: 'hypervisor',
    cveId: 'CVE-2017-5754',
    status: 'fixed',
    statement: 'KPTI everywhere.',
  });
  const res = await publish(w, w.alpha.owner.auth, { caseId: w.caseId, summary: 'Fixed in every region' });
  assert.equal(res.statusCode, 201, res.body);
  const second = res.json();
  assert.equal(second.advisory.trackingId, first.advisory.trackingId);
  assert.equal(second.revision.version, 2);
  // The cached latest file was dropped at once.
  const latest = await fetchPublic(w, first.advisory.url, { 'if-none-match': String(before.headers.etag) });
  assert.equal(latest.statusCode, 200);
  const doc = latest.json();
  assert.ok((await validateCsaf(doc)).isValid);
  assert.equal(doc.document.tracking.version, '2');
  assert.deepEqual(
    doc.document.tracking.revision_history.map((r: { number: string; summary: string }) => [
      r.number,
      r.summary,
    ]),
    [
      ['1', 'Update #1: Initial release'],
      ['2', 'Update #2: Fixed in every region'],
    ],
  );
  assert.equal(
    doc.document.tracking.initial_release_date,
    JSON.parse(before.body).document.tracking.initial_release_date,
  );
  assert.equal((await fetchPublic(w, first.revision.url)).body, before.body);
  const revs = await must(
    w.t,
    w.alpha.owner.auth,
    'GET',
    `${advisoriesUrl(w)}/${first.advisory.trackingId}/revisions`,
  );
  assert.deepEqual(
    revs.items.map((r: { label: string }) => r.label),
    ['Update #2', 'Update #1'],
  );
  const listed = await must(w.t, w.alpha.owner.auth, 'GET', `${advisoriesUrl(w)}?caseId=${w.caseId}`);
  assert.equal(listed.items.length, 1);
  assert.equal(listed.items[0].version, 2);
});

test('preview shows exactly what would be published, and the rows that block it', async () => {
  const row = await putRow(w, w.alpha.owner.auth, {
    layer: 'bmc',
    cveId: 'CVE-2017-5753',
    status: 'affected',
    tlp: 'AMBER',
  });
  const pv = await must(
    w.t,
    w.alpha.owner.auth,
    'POST',
    `${advisoriesUrl(w)}/preview`,
    { caseId: w.caseId },
    200,
  );
  assert.equal(pv.publishable, false);
  assert.equal(pv.version, 3);
  assert.deepEqual(
    pv.blocking.map((b: { rowId: string; reason: string }) => [b.rowId, b.reason]),
    [[row.id, 'row_not_clear']],
  );
  assert.ok((await validateCsaf(pv.document)).isValid);
  const refused = await publish(w, w.alpha.owner.auth, { caseId: w.caseId, summary: 'x' });
  assert.equal(refused.statusCode, 409);
  assert.equal(refused.json().error.details.blocking[0].rowId, row.id);
  await relabel(w, w.alpha.owner.auth, 'matrix_row', row.id, 'CLEAR');
  const ok = await must(
    w.t,
    w.alpha.owner.auth,
    'POST',
    `${advisoriesUrl(w)}/preview`,
    { caseId: w.caseId },
    200,
  );
  assert.equal(ok.publishable, true);
});

test('revisions are immutable in the database', async () => {
  await assert.rejects(
    w.t.platform.db.execute(`update advisory_revisions set summary = 'rewritten'`),
    /immutable/,
  );
});

test('the admin API is in the OpenAPI document', async () => {
  const spec = (await fetchPublic(w, '/api/openapi.json')).json();
  for (const path of ['/api/v1/orgs/{orgId}/advisories', '/api/v1/orgs/{orgId}/advisories/preview'])
    assert.ok(spec.paths[path]?.post, path);
  assert.ok(spec.paths['/api/v1/orgs/{orgId}/advisories/{trackingId}/revisions']?.get);
});

test('hot public files are served from memory: no query per request, one on a miss', async () => {
  const { platform } = w.t;
  const real = platform.db;
  let queries = 0;
  const counting = Object.create(real);
  for (const m of ['query', 'one', 'execute'] as const)
    counting[m] = (...args: unknown[]) => {
      queries++;
      return (real[m] as (...a: unknown[]) => unknown).apply(real, args);
    };
  const urls = [
    first.advisory.url,
    `${first.advisory.directoryUrl}index.txt`,
    `${first.advisory.directoryUrl}changes.csv`,
  ];
  for (const url of urls) await fetchPublic(w, url); // warm
  platform.db = counting;
  try {
    for (let i = 0; i < 50; i++)
      for (const url of urls) assert.equal((await fetchPublic(w, url)).statusCode, 200);
    assert.equal(queries, 0);
    const cold = `${first.advisory.directoryUrl}provider-metadata.json`;
    await fetchPublic(w, cold);
    assert.equal(queries, 1);
  } finally {
    platform.db = real;
  }
});

test('concurrent publishes get consecutive revision numbers', async () => {
  const results = await Promise.all(
    [1, 2, 3].map((i) => publish(w, w.alpha.owner.auth, { caseId: w.caseId, summary: `burst ${i}` })),
  );
  for (const r of results) assert.equal(r.statusCode, 201, r.body);
  const versions = results.map((r) => r.json().revision.version).sort();
  const base = versions[0];
  assert.deepEqual(versions, [base, base + 1, base + 2]);
  const doc = (await fetchPublic(w, first.advisory.url)).json();
  assert.equal(doc.document.tracking.version, String(base + 2));
  assert.ok((await validateCsaf(doc)).isValid);
});
