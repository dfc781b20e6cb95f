import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { Auth, TestApp } from '../../test/helpers/app.ts';
import { dataOf, isEvent, openSse, type SseStream } from '../../test/helpers/sse.ts';
import type { Tlp } from '../policy/index.ts';
import { createCoordinationApp, must } from '../spaces/testing.ts';
import {
  buildWorld,
  CODE,
  CVES,
  LABELS,
  LAYERS,
  MEMBERS,
  may,
  READERS,
  type Reader,
  type World,
} from './leak-fixture.ts';

/**
 * The TLP leak suite, live side: every reader holds a real Server-Sent Events connection while
 * items of every kind are written under every label; each stream must carry exactly the events
 * the hand-written tables entitle its reader to.
 */
let t: TestApp;
let w: World;
let base: string;
before(async () => {
  t = await createCoordinationApp();
  w = await buildWorld(t);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1`;
});
after(() => t.close());

const headersOf = (auth: Auth): Record<string, string> =>
  auth === null
    ? {}
    : 'token' in auth
      ? { authorization: `Bearer ${auth.token}` }
      : { cookie: `swimmy_session=${auth.cookie}` };

// biome-ignore lint/suspicious/noExplicitAny: event payloads
const markerOf = (type: string, d: any): string =>
  type.startsWith('post.')
    ? d.post.body
    : type === 'case.status'
      ? d.status.body
      : type === 'matrix.changed'
        ? d.entry.statement
        : type === 'question.created'
          ? d.question.body
          : type === 'question.answered'
            ? d.answer.body
            : type === 'attachment.created'
              ? d.attachment.filename
              : type.startsWith('case.')
                ? d.case.title
                : `?${type}`;

const labelFields = (tlp: Tlp) =>
  tlp === 'AMBER'
    ? { tlp, recipientOrgIds: [w.orgIds.bravo] }
    : tlp === 'RED'
      ? { tlp, recipientUserIds: [w.userIds.red!] }
      : { tlp };

test('the live stream delivers each event to exactly its entitled readers', async () => {
  const streams = new Map<Reader, SseStream>();
  for (const r of READERS) {
    const res = await openSse(`${base}/stream`, { headers: headersOf(w.auth[r]) });
    if (r === 'anonymous') {
      assert.equal(res.status, 401);
      continue;
    }
    assert.equal(res.status, 200, `${r} connects`);
    await res.stream!.next({ filter: (f) => f.retry !== undefined });
    streams.set(r, res.stream!);
  }
  try {
    const expected = new Map<Reader, string[]>(READERS.map((r) => [r, []]));
    const expect = (who: (r: Reader) => boolean, key: string) => {
      for (const r of READERS) if (who(r)) expected.get(r)!.push(key);
    };
    const a = w.auth.author;
    const c = `/cases/${w.caseId}`;
    for (const tlp of LABELS) {
      const code = CODE[tlp];
      const label = labelFields(tlp);
      const to = (r: Reader) => may(r, tlp);
      await must(t, a, 'POST', `${c}/posts`, { body: `livepost${code}`, ...label });
      expect(to, `post.created:livepost${code}`);
      await must(t, a, 'PUT', `${c}/status`, { body: `livestatus${code}`, ...label }, 201);
      expect(to, `case.status:livestatus${code}`);
      await must(
        t,
        a,
        'PUT',
        `${c}/matrix`,
        { layer: LAYERS[1], cveId: CVES[2], status: 'affected', statement: `livematrix${code}`, ...label },
        200,
      );
      expect(to, `matrix.changed:livematrix${code}`);
      const q = await must(t, a, 'POST', `${c}/questions`, {
        vendor: 'Intel',
        body: `livequestion${code}`,
        ...label,
      });
      expect(to, `question.created:livequestion${code}`);
      await must(t, a, 'POST', `/questions/${q.id}/answers`, { body: `liveanswer${code}` });
      expect(to, `question.answered:liveanswer${code}`);
      await must(t, a, 'POST', `${c}/attachments`, {
        filename: `live${code}.patch`,
        contentBase64: 'cGF0Y2g=',
        ...label,
      });
      expect(to, `attachment.created:live${code}.patch`);
    }
    // An edit that narrows RED → AMBER+STRICT reaches the new audience only.
    const secret = await must(t, a, 'POST', `${c}/posts`, { body: 'liveredbefore', ...labelFields('RED') });
    expect((r) => may(r, 'RED'), 'post.created:liveredbefore');
    await must(t, a, 'PATCH', `/posts/${secret.id}`, { body: 'liveedited', tlp: 'AMBER+STRICT' });
    expect((r) => may(r, 'AMBER+STRICT'), 'post.edited:liveedited');
    await must(t, a, 'POST', `/spaces/${w.spaceId}/cases`, { kind: 'incident', title: 'Live case' });
    expect((r) => MEMBERS.includes(r), 'case.created:Live case');
    await must(t, a, 'POST', `/cases/${w.clearCaseId}/posts`, { body: 'livepubliccase', tlp: 'CLEAR' });
    expect((r) => r !== 'anonymous', 'post.created:livepubliccase');
    await must(t, a, 'POST', `/cases/${w.clearCaseId}/posts`, { body: 'livepubliccasegreen', tlp: 'GREEN' });
    expect((r) => MEMBERS.includes(r), 'post.created:livepubliccasegreen');

    // The last event every member gets: once it arrived, everything before it has too.
    await must(t, a, 'POST', `/cases/${w.clearCaseId}/posts`, { body: 'livedone', tlp: 'CLEAR' });
    const failures: string[] = [];
    for (const [r, stream] of streams) {
      await stream.next({ timeoutMs: 10_000, filter: (f) => isEvent(f) && f.data.includes('livedone') });
      const got = stream.frames
        .filter(isEvent)
        .map((f) => `${f.event}:${markerOf(f.event ?? '', (dataOf(f) as { data: unknown }).data)}`)
        .filter((k) => !k.endsWith(':livedone'));
      const want = expected.get(r)!;
      if (JSON.stringify([...got].sort()) !== JSON.stringify([...want].sort()))
        failures.push(`${r}: got ${JSON.stringify(got.sort())}, want ${JSON.stringify(want.sort())}`);
      // No event may carry a reply preview: not every reader of a reply may read its parent.
      if (stream.frames.some((f) => isEvent(f) && /"preview"/.test(f.data)))
        failures.push(`${r}: a preview went live`);
    }
    assert.deepEqual(failures, []);
  } finally {
    for (const s of streams.values()) s.close();
  }
});
