import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type Auth, setupFirstOrg, type TestApp } from '../../test/helpers/app.ts';
import { dataOf, isEvent, openSse } from '../../test/helpers/sse.ts';
import { addPerson, join, must, newOrg, newToken, type Person, raw } from '../spaces/testing.ts';
import { appWithNotifications, settle, smtpSink } from './notifications-testing.ts';
import { runFanout } from './notify-fanout.ts';

/**
 * Coordination notifications end to end: the real fan-out and delivery workers, a real SMTP
 * server on loopback and a real live stream. Two orgs share a space: alpha (ann writes, al
 * reads) and bravo (bo, bea).
 */
let t: TestApp;
let smtp: Awaited<ReturnType<typeof smtpSink>>;
let ann: Person;
let al: Person;
let bo: Person;
let bea: Person;
let owner: Person;
let orgs: { alpha: string; bravo: string };
let spaceId: string;
let caseId: string;

before(async () => {
  smtp = await smtpSink();
  t = await appWithNotifications(smtp.url);
  const first = await setupFirstOrg(t.app, 'alpha', 'owner@alpha.test');
  owner = { auth: first.auth, userId: first.userId, email: 'owner@alpha.test' };
  const bravo = await newOrg(t, owner, 'bravo');
  orgs = { alpha: first.orgId, bravo: bravo.orgId };
  ann = await addPerson(t, owner.auth, orgs.alpha, 'ann@alpha.test', 'responder');
  al = await addPerson(t, owner.auth, orgs.alpha, 'al@alpha.test', 'responder');
  bo = bravo.owner;
  bea = await addPerson(t, bo.auth, orgs.bravo, 'bea@bravo.test', 'responder');
  const space = await must(t, owner.auth, 'POST', `/orgs/${orgs.alpha}/spaces`, {
    name: 'S',
    layers: ['host'],
  });
  spaceId = space.id;
  await join(t, spaceId, owner.auth, { orgId: orgs.bravo, handle: 'bravo', admin: bo.auth });
  const c = await must(t, ann.auth, 'POST', `/spaces/${spaceId}/cases`, {
    kind: 'vulnerability',
    title: 'Spectre v2',
    cveIds: ['CVE-2017-5715'],
    layers: ['host'],
  });
  caseId = c.id;
  await settle(t);
});
after(async () => {
  await t.close();
  await smtp.close();
});

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies
const notes = async (who: Auth, query = ''): Promise<any> => must(t, who, 'GET', `/me/notifications${query}`);
const post = (who: Auth, body: string, label: object = { tlp: 'GREEN' }) =>
  must(t, who, 'POST', `/cases/${caseId}/posts`, { body, ...label });
const mailsTo = (p: Person) => smtp.mails.filter((m) => m.to.includes(p.email));

describe('coordination notifications', () => {
  test('a new case tells every member who may read it, by list, count and email; not its author', async () => {
    for (const p of [al, bo, bea]) {
      const n = await notes(p.auth);
      assert.equal(n.items.length, 1);
      assert.equal(n.items[0].kind, 'case_created');
      assert.equal(n.items[0].title, 'New vulnerability case: Spectre v2');
      assert.match(n.items[0].preview, /CVE-2017-5715/);
      assert.equal(n.unread, 1);
      assert.equal(mailsTo(p).length, 1);
      assert.match(mailsTo(p)[0]!.subject, /^\[TLP:GREEN\] New vulnerability case: Spectre v2/);
      assert.match(mailsTo(p)[0]!.text, /https:\/\/swimmy\.test\/spaces\/[0-9a-f-]+\/cases\//);
    }
    assert.equal((await notes(ann.auth)).items.length, 0);
  });

  test('mentions reach the named person and the org; live over SSE to that person alone', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1`;
    const open = async (p: Person) => {
      const res = await openSse(`${base}/stream`, { headers: { cookie: `swimmy_session=${p.auth.cookie}` } });
      await res.stream!.next({ filter: (f) => f.retry !== undefined });
      return res.stream!;
    };
    const [sAl, sBo, sBea] = [await open(al), await open(bo), await open(bea)];
    try {
      await post(ann.auth, 'KPTI on hosts: @al@alpha please check, and @bravo too');
      await settle(t);
      const only = (f: { event?: string }) => f.event === 'coordination.notification';
      for (const [s, p, kind] of [
        [sAl, al, 'mention_user'],
        [sBo, bo, 'mention_org'],
        [sBea, bea, 'mention_org'],
      ] as const) {
        const frame = await s.next({ timeoutMs: 10_000, filter: only });
        // biome-ignore lint/suspicious/noExplicitAny: event payload
        const n = (dataOf(frame) as any).data.notification;
        assert.equal(n.kind, kind);
        assert.match(n.preview, /KPTI on hosts/);
        const listed = (await notes(p.auth)).items[0];
        assert.deepEqual(n.id, listed.id, 'the live event is the listed notification');
        assert.deepEqual(await s.drain(300, (f) => only(f) && isEvent(f)), [], 'no one else’s notification');
      }
      assert.match((await notes(bo.auth)).items[0].title, /mentioned @bravo in Spectre v2/);
    } finally {
      for (const s of [sAl, sBo, sBea]) s.close();
    }
  });

  test('RED to bea mentioning al tells bea only; an AMBER+STRICT matrix row for alpha tells no one in bravo', async () => {
    const before = { al: (await notes(al.auth)).unread, bo: (await notes(bo.auth)).unread };
    await post(ann.auth, 'Secret for @bea@bravo and @al@alpha', {
      tlp: 'RED',
      recipientUserIds: [bea.userId],
    });
    await must(t, ann.auth, 'PUT', `/cases/${caseId}/matrix`, {
      layer: 'host',
      cveId: 'CVE-2017-5715',
      status: 'affected',
      statement: 'alpha only',
      tlp: 'AMBER+STRICT',
    });
    await settle(t);
    assert.equal((await notes(bea.auth)).items[0].kind, 'mention_user');
    assert.equal((await notes(bea.auth)).items[0].tlp, 'RED');
    assert.equal((await notes(bo.auth)).unread, before.bo, 'nothing for bravo');
    const alNotes = await notes(al.auth);
    assert.equal(alNotes.unread, before.al + 1, 'al: the matrix change only');
    assert.equal(alNotes.items[0].kind, 'matrix_changed');
    assert.equal(alNotes.items[0].preview, 'alpha only');
    // The RED mail says there is something, never what.
    const red = mailsTo(bea).at(-1)!;
    assert.match(red.subject, /^\[TLP:RED\] A mention of you or your organisation in Spectre v2/);
    assert.doesNotMatch(red.text, /Secret for/);
  });

  test('narrowing a post later hides its notification and its count at once', async () => {
    const p = await post(ann.auth, 'Heads-up @bea@bravo: microcode withdrawn');
    await settle(t);
    const seen = await notes(bea.auth);
    assert.equal(seen.items[0].item.id, p.id);
    await must(t, ann.auth, 'PATCH', `/posts/${p.id}`, { tlp: 'AMBER+STRICT' });
    const after = await notes(bea.auth);
    assert.ok(!after.items.some((n: { item: { id: string } }) => n.item.id === p.id));
    assert.equal(after.unread, seen.unread - 1);
    assert.doesNotMatch(JSON.stringify(after), /microcode withdrawn/);
  });

  test('mark read by id and all; unread=1; cursor pages; unknown ids are a 404', async () => {
    const all = await notes(bea.auth, '?limit=200');
    assert.ok(all.items.length >= 3);
    const first = await notes(bea.auth, '?limit=2');
    const second = await notes(bea.auth, `?limit=2&cursor=${first.nextCursor}`);
    assert.deepEqual(
      [...first.items, ...second.items].map((n: { id: string }) => n.id),
      all.items.slice(0, 4).map((n: { id: string }) => n.id),
    );
    const one = all.items[0].id;
    assert.equal(
      (await must(t, bea.auth, 'POST', '/me/notifications/read', { ids: [one] }, 200)).unread,
      all.unread - 1,
    );
    const unread = await notes(bea.auth, '?unread=1&limit=200');
    assert.ok(!unread.items.some((n: { id: string }) => n.id === one));
    const theirs = (await notes(bo.auth)).items[0].id;
    const wrong = await raw(t, bea.auth, 'POST', '/me/notifications/read', { ids: [theirs] });
    assert.equal(wrong.statusCode, 404, 'someone else’s notification');
    assert.equal((await raw(t, bea.auth, 'POST', '/me/notifications/read', { ids: ['x'] })).statusCode, 400);
    assert.equal((await raw(t, bea.auth, 'GET', '/me/notifications?cursor=nope')).statusCode, 400);
    assert.equal((await must(t, bea.auth, 'POST', '/me/notifications/read', {}, 200)).unread, 0);
    assert.equal((await must(t, bea.auth, 'GET', '/me/notifications/unread-count')).unread, 0);
  });

  test('email can be turned off per person; API tokens have no notifications', async () => {
    assert.deepEqual(await must(t, bo.auth, 'GET', '/me/notifications/settings'), {
      email: true,
      emailAvailable: true,
    });
    await must(t, bo.auth, 'PUT', '/me/notifications/settings', { email: false }, 200);
    const mails = mailsTo(bo).length;
    const count = (await notes(bo.auth)).unread;
    await post(ann.auth, 'Ping @bravo');
    await settle(t);
    assert.equal((await notes(bo.auth)).unread, count + 1, 'still told in the app');
    assert.equal(mailsTo(bo).length, mails, 'but not by email');
    assert.equal(
      (await raw(t, bo.auth, 'PUT', '/me/notifications/settings', { email: 'no' })).statusCode,
      400,
    );
    const token = await newToken(t, bo.auth, orgs.bravo, 'responder');
    assert.equal((await raw(t, token, 'GET', '/me/notifications')).statusCode, 403);
  });

  test('an org that leaves stops seeing its notifications; a re-run of the fan-out tells no one twice', async () => {
    const before = await t.platform.db.one<{ n: string }>(
      'select count(*) as n from coordination_notifications',
    );
    await runFanout(t.platform, { type: 'case', id: caseId }, 'https://swimmy.test');
    const again = await t.platform.db.one<{ n: string }>(
      'select count(*) as n from coordination_notifications',
    );
    assert.equal(again?.n, before?.n);
    const removed = await raw(t, owner.auth, 'DELETE', `/spaces/${spaceId}/orgs/${orgs.bravo}`);
    assert.equal(removed.statusCode, 204);
    assert.deepEqual((await notes(bea.auth)).items, []);
    assert.equal((await notes(bea.auth)).unread, 0);
  });
});
