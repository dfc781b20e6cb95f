import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { TestApp } from '../../test/helpers/app.ts';
import { createCoordinationApp, raw } from '../spaces/testing.ts';
import {
  buildWorld,
  CODE,
  CVES,
  ENTITLED_IN_CLEAR_CASE,
  type Item,
  keysFor,
  LABELS,
  MEMBERS,
  may,
  READERS,
  type Reader,
  type World,
} from './leak-fixture.ts';

/**
 * The TLP leak suite, REST side: every reader × every read path returns exactly the items the
 * hand-written tables in leak-fixture.ts entitle them to, and counts, snippets, previews and
 * histories reveal nothing else. The live stream is covered in leak-live.test.ts.
 */
let t: TestApp;
let w: World;
before(async () => {
  t = await createCoordinationApp();
  w = await buildWorld(t);
});
after(() => t.close());

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies
const get = async (r: Reader, url: string): Promise<{ status: number; body: any }> => {
  const res = await raw(t, w.auth[r], 'GET', url);
  return { status: res.statusCode, body: res.statusCode === 200 ? res.json() : undefined };
};
const keyOf = (items: Item[], id: string) => items.find((i) => i.id === id)?.key ?? `unknown:${id}`;
/** The item a marker word in a snippet belongs to. */
const markerKey = (word: string) =>
  word
    .replace(/^marker/, '')
    .replace(/edit$/, 'post')
    .replace(/^(widened|narrowed)\w*$/, '$1');
const CVE_OF: Record<string, string> = {
  clr: CVES[0]!,
  grn: CVES[0]!,
  amb: CVES[1]!,
  ams: CVES[1]!,
  red: CVES[2]!,
};
const isMember = (r: Reader) => MEMBERS.includes(r);
/** What a stranger gets from a path under a GREEN case: 401 anonymous, 404 otherwise. */
const hidden = (r: Reader) => (r === 'anonymous' ? 401 : 404);

/** Runs `check` for every reader and reports every mismatch at once. */
async function eachReader(check: (r: Reader) => Promise<string[]>) {
  const failures: string[] = [];
  for (const r of READERS) for (const f of await check(r)) failures.push(`${r}: ${f}`);
  assert.deepEqual(failures, []);
}
const same = (what: string, got: unknown, want: unknown) =>
  JSON.stringify(got) === JSON.stringify(want)
    ? []
    : [`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`];

describe('TLP leak suite (REST)', () => {
  test('case list and case reads: GREEN case to members only, CLEAR case to anyone signed in', () =>
    eachReader(async (r) => {
      const main = await get(r, `/cases/${w.caseId}`);
      const pub = await get(r, `/cases/${w.clearCaseId}`);
      const list = await get(r, `/spaces/${w.spaceId}/cases`);
      const titles = r === 'anonymous' ? null : list.body.items.map((c: { title: string }) => c.title).sort();
      const want = isMember(r)
        ? ['Meltdown and Spectre', 'Meltdown public notes']
        : r === 'anonymous'
          ? null
          : ['Meltdown public notes'];
      return [
        ...same('main case', main.status, isMember(r) ? 200 : hidden(r)),
        ...same('clear case', pub.status, r === 'anonymous' ? 401 : 200),
        ...same('case list', titles, want),
      ];
    }));

  test('post list, single reads and reply previews', () =>
    eachReader(async (r) => {
      const list = await get(r, `/cases/${w.caseId}/posts`);
      if (!isMember(r)) return same('list status', list.status, hidden(r));
      const out: string[] = [];
      const items: Array<{
        id: string;
        body: string;
        replyTo: { id: string; preview: string; tlp: string } | null;
      }> = list.body.items;
      out.push(...same('posts', items.map((p) => keyOf(w.posts, p.id)).sort(), keysFor(w.posts, r)));
      for (const p of w.posts)
        out.push(
          ...same(`GET ${p.key}`, (await get(r, `/posts/${p.id}`)).status, p.readers.includes(r) ? 200 : 404),
        );
      // A quoting reply previews its parent under the stricter label; the GREEN reply to the
      // RED post shows no preview, and not even the parent's id, to GREEN-only readers.
      const leaky = items.find((p) => p.id === w.posts.find((x) => x.key === 'leakyreply')!.id)!;
      out.push(
        ...same('leaky preview', leaky.replyTo ? leaky.replyTo.tlp : null, may(r, 'RED') ? 'RED' : null),
      );
      for (const p of items) {
        if (p.replyTo?.preview && !w.posts.find((x) => x.id === p.replyTo!.id)?.readers.includes(r))
          out.push(`preview of a hidden post in ${keyOf(w.posts, p.id)}`);
        if (/markernarrowed|markerwidenedsecret/.test(JSON.stringify(p)) && !may(r, 'RED'))
          out.push('old revision text leaked');
      }
      return out;
    }));

  test('edit histories: each revision under its own label', () =>
    eachReader(async (r) => {
      const out: string[] = [];
      for (const p of w.posts) {
        const res = await get(r, `/posts/${p.id}/revisions`);
        if (!p.readers.includes(r)) {
          out.push(...same(`${p.key} history`, res.status, r === 'anonymous' ? 401 : 404));
          continue;
        }
        const revs = res.body.items.map(
          (v: { revision: number; label: { tlp: string } }) => `${v.revision}:${v.label.tlp}`,
        );
        const want =
          p.key === 'widened'
            ? may(r, 'RED')
              ? ['1:RED', '2:GREEN']
              : ['2:GREEN']
            : p.key === 'narrowed'
              ? ['1:GREEN', '2:RED']
              : p.key.endsWith('post')
                ? [`1:${p.tlp}`, `2:${p.tlp}`]
                : [`1:${p.tlp}`];
        out.push(...same(`${p.key} history`, revs, want));
      }
      return out;
    }));

  test('search: hits, snippets and case titles only from visible items', () =>
    eachReader(async (r) => {
      const res = await get(r, '/search?q=meltdown&limit=100');
      if (r === 'anonymous') return same('status', res.status, 401);
      const hits: Array<{ type: string; id: string; snippet: string }> = res.body.items;
      const posts = hits.filter((h) => h.type === 'post').map((h) => h.id);
      const inMain = posts
        .filter((id) => w.posts.some((p) => p.id === id))
        .map((id) => keyOf(w.posts, id))
        .sort();
      const out = same('post hits', inMain, keysFor(w.posts, r));
      const extra = posts.length - inMain.length;
      out.push(...same('clear-case hits', extra, isMember(r) ? 2 : 1));
      for (const h of hits)
        for (const word of h.snippet.match(/marker\w+/g) ?? []) {
          const item = w.posts.find((p) => p.key === markerKey(word));
          if (item && !item.readers.includes(r)) out.push(`snippet of hidden ${item.key}`);
        }
      for (const tlp of LABELS) {
        const hidden = await get(r, `/search?q=marker${CODE[tlp]}post`);
        out.push(...same(`search ${tlp}`, hidden.body.items.length, may(r, tlp) ? 1 : 0));
      }
      out.push(...same('old revision', (await get(r, '/search?q=markerwidenedsecret')).body.items.length, 0));
      return out;
    }));

  test('unread counts cover only visible posts, and marking read stops at what one can see', () =>
    eachReader(async (r) => {
      const res = await get(r, `/spaces/${w.spaceId}/unread`);
      if (r === 'anonymous') return same('status', res.status, 401);
      const counts = Object.fromEntries(
        res.body.items.map((c: { caseId: string; unread: number }) => [c.caseId, c.unread]),
      );
      const mine = r === 'author' ? 0 : null;
      const want: Record<string, number> = {
        [w.clearCaseId]: mine ?? (isMember(r) ? 2 : 1),
        ...(isMember(r) ? { [w.caseId]: mine ?? keysFor(w.posts, r).length } : {}),
      };
      return same('unread', counts, want);
    }));

  test('attachments: list, metadata and download (with SHA-256)', () =>
    eachReader(async (r) => {
      const list = await get(r, `/cases/${w.caseId}/attachments`);
      if (!isMember(r)) return same('list', list.status, hidden(r));
      const out = same(
        'list',
        list.body.items.map((a: { id: string }) => keyOf(w.attachments, a.id)).sort(),
        keysFor(w.attachments, r),
      );
      for (const a of w.attachments) {
        const meta = await get(r, `/attachments/${a.id}`);
        const dl = await raw(t, w.auth[r], 'GET', `/attachments/${a.id}/content`);
        const ok = a.readers.includes(r);
        out.push(
          ...same(`meta ${a.key}`, meta.status, ok ? 200 : 404),
          ...same(`download ${a.key}`, dl.statusCode, ok ? 200 : 404),
        );
        if (ok) {
          const sha = createHash('sha256').update(`patch ${a.key}`).digest('hex');
          out.push(
            ...same('bytes', dl.body, `patch ${a.key}`),
            ...same('sha', [meta.body.sha256, dl.headers['x-content-sha256']], [sha, sha]),
          );
        }
      }
      return out;
    }));

  test('status matrix: case view, consortium view, "still affected" and history', () =>
    eachReader(async (r) => {
      const byCase = await get(r, `/cases/${w.caseId}/matrix`);
      const bySpace = await get(r, `/spaces/${w.spaceId}/matrix`);
      const still = await get(r, `/spaces/${w.spaceId}/matrix?stillAffected=true`);
      if (!isMember(r))
        return [
          ...same('case view', byCase.status, hidden(r)),
          ...same('space', bySpace.body?.items.length ?? null, r === 'anonymous' ? null : 0),
        ];
      const want = keysFor(w.matrix, r);
      const keys = (b: { items: Array<{ id: string }> }) => b.items.map((m) => keyOf(w.matrix, m.id)).sort();
      const stillWant = want.filter((k) => ['grn', 'amb', 'ams'].includes(k));
      const stillCves = still.body.stillAffected.flatMap((s: { cveIds: string[] }) => s.cveIds);
      const out = [
        ...same('case view', keys(byCase.body), want),
        ...same('space view', keys(bySpace.body), want),
        ...same('still', keys(still.body), stillWant.sort()),
      ];
      out.push(
        ...same('still summary', stillCves.sort(), [...new Set(stillWant.map((k) => CVE_OF[k]!))].sort()),
      );
      for (const m of w.matrix) {
        const h = await get(r, `/matrix/${m.id}/history`);
        out.push(...same(`history ${m.key}`, h.status, m.readers.includes(r) ? 200 : 404));
        if (h.status === 200)
          out.push(
            ...same(
              `history ${m.key} labels`,
              h.body.items.map((x: { label: { tlp: string } }) => x.label.tlp),
              [m.tlp],
            ),
          );
      }
      return out;
    }));

  test('vendor questions and answers', () =>
    eachReader(async (r) => {
      const list = await get(r, `/cases/${w.caseId}/questions`);
      if (!isMember(r)) return same('list', list.status, hidden(r));
      const qs: Array<{ id: string; answers: Array<{ id: string }> }> = list.body.items;
      const out = [
        ...same('questions', qs.map((q) => keyOf(w.questions, q.id)).sort(), keysFor(w.questions, r)),
        ...same(
          'answers',
          qs.flatMap((q) => q.answers.map((a) => keyOf(w.answers, a.id))).sort(),
          keysFor(w.answers, r),
        ),
      ];
      for (const q of w.questions)
        out.push(
          ...same(
            `GET ${q.key}`,
            (await get(r, `/questions/${q.id}`)).status,
            q.readers.includes(r) ? 200 : 404,
          ),
        );
      return out;
    }));

  test('pinned status: the newest one each reader may see, and its history', () =>
    eachReader(async (r) => {
      const cur = await get(r, `/cases/${w.caseId}/status`);
      const hist = await get(r, `/cases/${w.caseId}/status/history`);
      if (!isMember(r)) return same('status', cur.status, hidden(r));
      const visible = w.statuses.filter((s) => s.readers.includes(r));
      return [
        ...same('current', cur.body.status?.id, visible[visible.length - 1]?.id),
        ...same(
          'history',
          hist.body.items.map((s: { id: string }) => keyOf(w.statuses, s.id)).sort(),
          keysFor(w.statuses, r),
        ),
      ];
    }));

  test('reads of RED and AMBER+STRICT content are audited', async () => {
    const redPost = w.posts.find((p) => p.key === 'redpost')!;
    await get('red', `/posts/${redPost.id}`);
    const log = await raw(t, w.alphaOwner.auth, 'GET', `/orgs/${w.orgIds.alpha}/audit?limit=200`);
    const reads = log
      .json()
      .items.filter(
        (e: { action: string; targetId: string }) => e.action === 'content.read' && e.targetId === redPost.id,
      );
    assert.ok(reads.length >= 1, 'RED read audited');
    assert.equal(reads[0].details.tlp, 'RED');
  });

  test('an org that leaves loses access to everything at once, its named RED recipient included', async () => {
    await raw(t, w.auth.red, 'GET', `/cases/${w.caseId}`);
    const bravoOwner = await raw(
      t,
      w.alphaOwner.auth,
      'DELETE',
      `/spaces/${w.spaceId}/orgs/${w.orgIds.bravo}`,
    );
    assert.equal(bravoOwner.statusCode, 204);
    const redPost = w.posts.find((p) => p.key === 'redpost')!;
    assert.equal((await get('red', `/posts/${redPost.id}`)).status, 404);
    assert.equal((await get('tokenBravo', `/cases/${w.caseId}/posts`)).status, 404);
    assert.equal((await get('red', '/search?q=markerredpost')).body.items.length, 0);
    // CLEAR content of a CLEAR case stays readable to anyone signed in, former members included.
    assert.ok(ENTITLED_IN_CLEAR_CASE.CLEAR?.includes('red'));
    assert.equal((await get('red', `/cases/${w.clearCaseId}`)).status, 200);
    const left = await get('red', `/cases/${w.clearCaseId}/posts`);
    assert.equal(left.body.items.length, 1);
  });
});
