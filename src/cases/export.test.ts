import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestApp } from '../../test/helpers/app.ts';
import { mostRestrictive, type Tlp } from '../policy/tlp.ts';
import { createCoordinationApp, raw } from '../spaces/testing.ts';
import { buildWorld, CODE, type Item, MEMBERS, READERS, type Reader, type World } from './leak-fixture.ts';

/**
 * Exports are a read path like any other: for every reader, the marker words of exactly the
 * entitled items appear (current text only — no old revisions, no previews of hidden parents),
 * and the document is labelled with the strictest label it contains.
 */
let t: TestApp;
let w: World;
before(async () => {
  t = await createCoordinationApp();
  w = await buildWorld(t);
});
after(() => t.close());

/** The marker words each item's current text carries (see leak-fixture.ts). */
function markersOf(kind: string, i: Item): string[] {
  if (kind === 'posts') {
    if (i.key.endsWith('post')) return [`marker${i.key}`, `marker${i.key.replace(/post$/, 'edit')}`];
    if (i.key === 'widened') return ['markerwidenedpublic'];
    if (i.key === 'narrowed') return ['markernarrowedsecret'];
    return [`marker${i.key}`];
  }
  if (kind === 'attachments') return [`${i.key}.patch`];
  const word = { matrix: 'statement', questions: 'question', answers: 'answer', statuses: 'status' }[kind];
  return [`marker${i.key}${word}`];
}
const KINDS = ['posts', 'attachments', 'matrix', 'questions', 'answers', 'statuses'] as const;
const expected = (r: Reader) =>
  KINDS.flatMap((k) => w[k].filter((i) => i.readers.includes(r)).flatMap((i) => markersOf(k, i))).sort();
const found = (text: string) =>
  [...new Set([...(text.match(/marker\w+/g) ?? []), ...(text.match(/\b\w{3}\.patch\b/g) ?? [])])].sort();
const strictest = (r: Reader) =>
  mostRestrictive(
    'GREEN',
    ...KINDS.flatMap((k) => w[k].filter((i) => i.readers.includes(r)).map((i) => i.tlp)),
  );

test('every reader exports exactly what they may read, in Markdown and JSON', async () => {
  const failures: string[] = [];
  for (const r of READERS) {
    for (const format of ['markdown', 'json']) {
      const res = await raw(t, w.auth[r], 'GET', `/cases/${w.caseId}/export?format=${format}`);
      if (!MEMBERS.includes(r)) {
        if (res.statusCode !== (r === 'anonymous' ? 401 : 404))
          failures.push(`${r} ${format}: ${res.statusCode}`);
        continue;
      }
      if (res.statusCode !== 200) {
        failures.push(`${r} ${format}: ${res.statusCode}`);
        continue;
      }
      const got = found(res.body);
      const want = expected(r);
      if (JSON.stringify(got) !== JSON.stringify(want))
        failures.push(`${r} ${format}: got ${got.join(' ')}, want ${want.join(' ')}`);
      const tlp = res.headers['x-tlp'] as Tlp;
      if (tlp !== strictest(r)) failures.push(`${r} ${format}: labelled ${tlp}, want ${strictest(r)}`);
      if (!String(res.headers['content-disposition']).includes(`TLP-${tlp.replace('+', '-')}`))
        failures.push(`${r} ${format}: file name lacks the label`);
    }
  }
  assert.deepEqual(failures, []);
});

test('the Markdown export shows every item with its label and the embargo in UTC', async () => {
  const res = await raw(t, w.auth.author, 'GET', `/cases/${w.caseId}/export`);
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['content-type'] as string, /^text\/markdown/);
  assert.match(res.body, /^# TLP:RED — /);
  for (const tlp of ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'])
    assert.ok(res.body.includes(`[TLP:${tlp},`), `an item labelled ${tlp}`);
  assert.match(res.body, /\| CVE-2017-\d+ \| (fixed|affected)/);
  assert.match(res.body, /^- Embargo: (—|\d{4}-\d\d-\d\d \d\d:\d\d UTC)$/m);
  // Item bodies are quoted so their own Markdown cannot break the document's structure.
  assert.ok(res.body.includes(`> Meltdown finding marker${CODE.RED}post marker${CODE.RED}edit`));
});

test('bad format is a 400 naming the choices', async () => {
  const res = await raw(t, w.auth.author, 'GET', `/cases/${w.caseId}/export?format=pdf`);
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /format/);
});
