import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp } from '../../test/helpers/app.ts';
import { raw } from '../spaces/testing.ts';
import { buildWorld, READERS, type Reader, type World } from './leak-fixture.ts';
import { appWithNotifications, settle, smtpSink } from './notifications-testing.ts';

/**
 * The TLP leak suite, notification side: with the real fan-out worker and a real SMTP server,
 * every reader has exactly the notifications the hand-written table below entitles them to —
 * in the list, in the unread count and in their mailbox — and no preview or email carries the
 * marker word of an item they may not read. Email never carries AMBER, AMBER+STRICT or RED text.
 */
/**
 * The notifications each reader must have once the world is built, written out by hand:
 * `case:main` / `case:clear` (new cases), `mention:<code>` (the mention post under that label),
 * `matrix:<code>` (the matrix row under that label). The author is told nothing (it was them);
 * charlie joined afterwards; delta never did. A RED post mentioning alpha's colleague, who is
 * not addressed, and AMBER+STRICT items for alpha mentioning bravo notify nobody of those.
 */
const NOTIFIED: Record<Reader, string[]> = {
  author: [],
  alphaColleague: [
    'case:clear',
    'case:main',
    'matrix:ams',
    'matrix:amb',
    'matrix:clr',
    'matrix:grn',
    'mention:ams',
    'mention:amb',
    'mention:clr',
    'mention:grn',
  ],
  red: [
    'case:clear',
    'case:main',
    'matrix:amb',
    'matrix:clr',
    'matrix:grn',
    'matrix:red',
    'mention:amb',
    'mention:clr',
    'mention:grn',
    'mention:red',
  ],
  bravoColleague: [
    'case:clear',
    'case:main',
    'matrix:amb',
    'matrix:clr',
    'matrix:grn',
    'mention:amb',
    'mention:clr',
    'mention:grn',
  ],
  charlie: [],
  delta: [],
  anonymous: [],
  tokenAlpha: [],
  tokenBravo: [],
  tokenCharlie: [],
  tokenDelta: [],
};

let t: TestApp;
let w: World;
let smtp: Awaited<ReturnType<typeof smtpSink>>;
before(async () => {
  smtp = await smtpSink();
  t = await appWithNotifications(smtp.url);
  // Notifications are fanned out to the space's members of the moment: let them finish
  // before charlie joins, so that charlie is told nothing about what came before.
  w = await buildWorld(t, { beforeLateJoin: async () => void (await settle(t)) });
  await settle(t);
});
after(async () => {
  await t.close();
  await smtp.close();
});

const PEOPLE = READERS.filter((r) => !r.startsWith('token') && r !== 'anonymous');
const MAILABLE = new Set(['clr', 'grn']);

/** The fixture key of a notification: what it is about. */
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies
function keyOf(n: any): string {
  if (n.item.type === 'case')
    return n.item.id === w.caseId ? 'case:main' : n.item.id === w.clearCaseId ? 'case:clear' : `case:?`;
  if (n.item.type === 'post') {
    const p = w.posts.find((x) => x.id === n.item.id);
    return p?.key.endsWith('mention') ? `mention:${p.key.replace(/mention$/, '')}` : `post:?${n.item.id}`;
  }
  const m = w.matrix.find((x) => x.id === n.item.id);
  return m ? `matrix:${m.key}` : `matrix:?${n.item.id}`;
}
/** Codes of the items a text shows marker words of (mention posts and matrix statements). */
const markerCodes = (text: string) =>
  [...text.matchAll(/marker(clr|grn|amb|ams|red)(mention|statement)/g)].map(
    (m) => `${m[2] === 'mention' ? 'mention' : 'matrix'}:${m[1]}`,
  );

async function list(r: Reader, query = '') {
  const res = await raw(t, w.auth[r], 'GET', `/me/notifications?limit=200${query}`);
  return { status: res.statusCode, body: res.statusCode === 200 ? res.json() : undefined };
}

describe('TLP leak suite (notifications)', () => {
  test('the list, the unread count and ?unread=1 show exactly the entitled notifications', async () => {
    const failures: string[] = [];
    for (const r of READERS) {
      const all = await list(r);
      const unread = await list(r, '&unread=1');
      const count = await raw(t, w.auth[r], 'GET', '/me/notifications/unread-count');
      if (!PEOPLE.includes(r)) {
        const want = r === 'anonymous' ? 401 : 403;
        if (all.status !== want || count.statusCode !== want)
          failures.push(`${r}: ${all.status}/${count.statusCode}`);
        continue;
      }
      const keys = all.body.items.map(keyOf).sort();
      if (JSON.stringify(keys) !== JSON.stringify([...NOTIFIED[r]].sort()))
        failures.push(`${r}: got ${keys.join(' ')}, want ${NOTIFIED[r].join(' ')}`);
      const n = NOTIFIED[r].length;
      if (all.body.unread !== n || count.json().unread !== n || unread.body.items.length !== n)
        failures.push(
          `${r}: counts ${all.body.unread}/${count.json().unread}/${unread.body.items.length}, want ${n}`,
        );
      for (const code of markerCodes(JSON.stringify(all.body)))
        if (!NOTIFIED[r].includes(code)) failures.push(`${r}: a preview shows ${code}`);
    }
    assert.deepEqual(failures, []);
  });

  test('each person gets one email per notification, and mail carries only CLEAR/GREEN text', () => {
    const failures: string[] = [];
    for (const r of PEOPLE) {
      const mine = smtp.mails.filter((m) => m.to.includes(w.emails[r]!));
      if (mine.length !== NOTIFIED[r].length)
        failures.push(`${r}: ${mine.length} emails, want ${NOTIFIED[r].length}`);
      const shown = mine.flatMap((m) => markerCodes(m.text));
      for (const code of shown)
        if (!NOTIFIED[r].includes(code) || !MAILABLE.has(code.split(':')[1]!))
          failures.push(`${r}: email shows ${code}`);
      // The test can fail the other way too: entitled CLEAR/GREEN mentions do show their text.
      for (const key of NOTIFIED[r].filter((k) => k.startsWith('mention:') && MAILABLE.has(k.split(':')[1]!)))
        if (!shown.includes(key)) failures.push(`${r}: email lacks ${key}`);
      for (const m of mine)
        if (!/^\[TLP:(CLEAR|GREEN|AMBER|AMBER\+STRICT|RED)\]/.test(m.subject))
          failures.push(`${r}: subject ${m.subject}`);
    }
    assert.deepEqual(failures, []);
  });

  test('an item one may not read notifies nobody: no stored row exists for them', async () => {
    const redMention = w.posts.find((p) => p.key === 'redmention')!;
    const amsRow = w.matrix.find((m) => m.key === 'ams')!;
    const rows = await t.platform.db.query<{ user_id: string; item_id: string }>(
      'select user_id, item_id from coordination_notifications where item_id = any($1::uuid[])',
      [[redMention.id, amsRow.id]],
    );
    const told = rows
      .map((x) => `${x.item_id === redMention.id ? 'red-post' : 'ams-row'}:${x.user_id}`)
      .sort();
    const want = [
      `red-post:${w.userIds.red}`,
      `ams-row:${w.userIds.alphaColleague}`,
      `ams-row:${w.alphaOwner.userId}`,
    ].sort();
    assert.deepEqual(told, want);
  });

  test('after bravo leaves the space, its people keep only what a CLEAR case still shows', async () => {
    const res = await raw(t, w.alphaOwner.auth, 'DELETE', `/spaces/${w.spaceId}/orgs/${w.orgIds.bravo}`);
    assert.equal(res.statusCode, 204);
    for (const r of ['red', 'bravoColleague'] as const) {
      const all = await list(r);
      assert.deepEqual(all.body.items.map(keyOf), ['case:clear'], r);
      assert.equal(all.body.unread, 1, r);
    }
    const alpha = await list('alphaColleague');
    assert.deepEqual(alpha.body.items.map(keyOf).sort(), [...NOTIFIED.alphaColleague].sort());
  });
});
