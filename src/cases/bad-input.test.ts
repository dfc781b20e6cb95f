import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setupFirstOrg, type TestApp } from '../../test/helpers/app.ts';
import { addPerson, createCoordinationApp, join, must, newOrg, type Person, raw } from '../spaces/testing.ts';
import { DEFAULT_MAX_ATTACHMENT_BYTES } from './attachments.ts';

/** Every bad input is a clear 4xx that says what is wrong; nothing is stored. */
let t: TestApp;
let owner: Person;
let alpha: string;
let bravo: { orgId: string; owner: Person };
let outsider: { orgId: string; owner: Person };
let spaceId: string;
let caseId: string;

before(async () => {
  t = await createCoordinationApp();
  const first = await setupFirstOrg(t.app, 'alpha', 'owner@alpha.test');
  owner = { auth: first.auth, userId: first.userId, email: 'owner@alpha.test' };
  alpha = first.orgId;
  bravo = await newOrg(t, owner, 'bravo');
  outsider = await newOrg(t, owner, 'outsider');
  spaceId = (
    await must(t, owner.auth, 'POST', `/orgs/${alpha}/spaces`, { name: 'S', layers: ['host kernel'] })
  ).id;
  await join(t, spaceId, owner.auth, { orgId: bravo.orgId, handle: 'bravo', admin: bravo.owner.auth });
  caseId = (
    await must(t, owner.auth, 'POST', `/spaces/${spaceId}/cases`, {
      kind: 'vulnerability',
      title: 'Meltdown',
      cveIds: ['CVE-2017-5754'],
      layers: ['host kernel'],
    })
  ).id;
});
after(() => t.close());

async function rejects(
  url: string,
  body: unknown,
  status: number,
  message: RegExp,
  auth = owner.auth,
  method: 'POST' | 'PATCH' | 'PUT' = 'POST',
) {
  const res = await raw(t, auth, method, url, body);
  assert.equal(res.statusCode, status, res.body);
  assert.match(res.json().error.message, message);
}
const post = (body: object) => ({ body: 'hello', ...body });

describe('bad input', () => {
  test('wrong labels: only the exact TLP 2.0 spellings', async () => {
    for (const tlp of ['amber', 'WHITE', 'AMBER STRICT', 'TLP:RED', '', 'Green'])
      await rejects(
        `/cases/${caseId}/posts`,
        post({ tlp }),
        400,
        /tlp must be exactly one of CLEAR, GREEN, AMBER, AMBER\+STRICT, RED/,
      );
    await rejects(`/cases/${caseId}/posts`, post({ tlp: 42 }), 400, /tlp/);
    await rejects(
      `/orgs/${alpha}/spaces`,
      { name: 'x', defaultTlp: 'amber' },
      400,
      /defaultTlp must be exactly/,
    );
    await rejects(
      `/spaces/${spaceId}/cases`,
      { kind: 'incident', title: 'x', tlp: 'AMBER' },
      400,
      /case itself is CLEAR or GREEN/,
    );
  });

  test('RED needs named recipients, who must be in the space', async () => {
    await rejects(
      `/cases/${caseId}/posts`,
      post({ tlp: 'RED' }),
      400,
      /RED needs at least one named recipient/,
    );
    await rejects(
      `/cases/${caseId}/posts`,
      post({ tlp: 'RED', recipientUserIds: [owner.userId] }),
      400,
      /RED needs at least one named/,
    );
    await rejects(
      `/cases/${caseId}/posts`,
      post({ tlp: 'RED', recipientUserIds: [outsider.owner.userId] }),
      400,
      /RED recipients must be members of this space/,
    );
    await rejects(
      `/cases/${caseId}/posts`,
      post({ tlp: 'RED', recipientOrgIds: [bravo.orgId] }),
      400,
      /RED is addressed to named people/,
    );
  });

  test('AMBER recipients outside the space, and recipients on labels that take none', async () => {
    await rejects(
      `/cases/${caseId}/posts`,
      post({ tlp: 'AMBER', recipientOrgIds: [outsider.orgId] }),
      400,
      /must be member organisations of this space/,
    );
    await rejects(
      `/cases/${caseId}/posts`,
      post({ tlp: 'AMBER+STRICT', recipientUserIds: [bravo.owner.userId] }),
      400,
      /addressed to organisations/,
    );
    await rejects(
      `/cases/${caseId}/posts`,
      post({ tlp: 'GREEN', recipientOrgIds: [bravo.orgId] }),
      400,
      /drop recipientOrgIds/,
    );
    await rejects(
      `/cases/${caseId}/attachments`,
      { filename: 'a', contentBase64: 'YQ==', tlp: 'AMBER', recipientOrgIds: [outsider.orgId] },
      400,
      /member organisations/,
    );
  });

  test('embargo must be an unambiguous UTC instant in the future', async () => {
    const c = (embargoAt: string) => ({ kind: 'vulnerability', title: 'x', embargoAt });
    await rejects(
      `/spaces/${spaceId}/cases`,
      c('2018-01-03T00:00:00Z'),
      400,
      /embargoAt must be in the future/,
    );
    await rejects(
      `/spaces/${spaceId}/cases`,
      c('2099-01-09 21:00'),
      400,
      /ISO 8601 .* with Z or a UTC offset/,
    );
    await rejects(`/spaces/${spaceId}/cases`, c('2099-01-09T21:00:00'), 400, /with Z or a UTC offset/);
    await rejects(`/spaces/${spaceId}/cases`, c('2099-02-31T21:00:00Z'), 400, /not a real date-time/);
    await rejects(
      `/cases/${caseId}`,
      { embargoAt: '2000-01-01T00:00:00Z' },
      400,
      /future/,
      owner.auth,
      'PATCH',
    );
    const ok = await must(t, owner.auth, 'POST', `/spaces/${spaceId}/cases`, c('2099-01-09T22:00:00+01:00'));
    assert.equal(ok.embargoAt, '2099-01-09T21:00:00.000Z');
  });

  test('invalid CVE ids and unknown layers', async () => {
    for (const bad of ['CVE-2017-575', 'cve-2017-5754', 'CVE-17-5754', 'CVE-2017-5754 ', 'XSA-254'])
      await rejects(
        `/spaces/${spaceId}/cases`,
        { kind: 'vulnerability', title: 'x', cveIds: [bad] },
        400,
        /Not CVE ids/,
      );
    await rejects(
      `/spaces/${spaceId}/cases`,
      { kind: 'vulnerability', title: 'x', layers: ['firmware'] },
      400,
      /Unknown component layers: firmware/,
    );
    await rejects(
      `/cases/${caseId}/matrix`,
      { layer: 'host kernel', cveId: 'CVE-2017-5715', status: 'affected' },
      400,
      /cveId must be one of this case's CVE ids/,
      owner.auth,
      'PUT',
    );
    await rejects(
      `/cases/${caseId}/matrix`,
      { layer: 'host kernel', cveId: 'CVE-2017-5754', status: 'not_affected' },
      400,
      /needs a justification/,
      owner.auth,
      'PUT',
    );
    await rejects(
      `/cases/${caseId}/matrix`,
      {
        layer: 'host kernel',
        cveId: 'CVE-2017-5754',
        status: 'fixed',
        justification: 'component_not_present',
      },
      400,
      /only with the not_affected/,
      owner.auth,
      'PUT',
    );
    await rejects(
      `/cases/${caseId}/matrix`,
      { layer: 'host kernel', cveId: 'CVE-2017-5754', status: 'patched' },
      400,
      /status/,
      owner.auth,
      'PUT',
    );
  });

  test('oversized and malformed attachments', async () => {
    const big = Buffer.alloc(DEFAULT_MAX_ATTACHMENT_BYTES + 1, 1).toString('base64');
    await rejects(
      `/cases/${caseId}/attachments`,
      { filename: 'big.bin', contentBase64: big },
      413,
      /limited to 8388608 bytes/,
    );
    await rejects(
      `/cases/${caseId}/attachments`,
      { filename: 'x', contentBase64: 'not base64!' },
      400,
      /not valid base64/,
    );
    await rejects(
      `/cases/${caseId}/attachments`,
      { filename: '../etc/passwd', contentBase64: 'YQ==' },
      400,
      /filename/,
    );
    const list = await must(t, owner.auth, 'GET', `/cases/${caseId}/attachments`);
    assert.equal(list.items.length, 0);
  });

  test('Markdown with script, iframe, javascript: links and handlers is neutralised', async () => {
    const body = [
      '<script>alert(1)</script>',
      '<iframe src="https://evil.test"></iframe>',
      '[click](javascript:alert(1))',
      '[data](data:text/html;base64,PHNjcmlwdD4=)',
      '<img src=x onerror=alert(1)>',
      '![img](https://tracker.test/pixel.png)',
      '<a href="https://ok.test" onclick="alert(1)">x</a>',
      '[fine](https://example.test/advisory)',
    ].join('\n\n');
    const p = await must(t, owner.auth, 'POST', `/cases/${caseId}/posts`, { body, tlp: 'GREEN' });
    assert.equal(p.body, body, 'the source is kept as written');
    // Typed tags survive only as escaped text; no element, link or handler is live.
    assert.doesNotMatch(p.html, /<(script|iframe|img|object|embed)\b/i);
    assert.doesNotMatch(p.html, /href="\s*(javascript|data|vbscript):/i);
    assert.match(p.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(p.html, /<[^>]+\son\w+\s*=/i);
    assert.match(
      p.html,
      /<a href="https:\/\/example\.test\/advisory" rel="noopener noreferrer nofollow" target="_blank">fine<\/a>/,
    );
  });

  test('mentions must name orgs and people of the space', async () => {
    await rejects(
      `/cases/${caseId}/posts`,
      post({ body: 'ping @outsider' }),
      400,
      /@outsider is not an organisation in this space/,
    );
    await rejects(
      `/cases/${caseId}/posts`,
      post({ body: 'ping @nobody@bravo' }),
      400,
      /@nobody@bravo is not a person in this space/,
    );
    const ok = await must(t, owner.auth, 'POST', `/cases/${caseId}/posts`, {
      body: 'ping @bravo and @owner@bravo, mail sec@intel.test',
      tlp: 'GREEN',
    });
    assert.deepEqual(
      ok.mentions.map((m: { text: string; kind: string }) => `${m.kind}:${m.text}`),
      ['org:bravo', 'user:owner@bravo'],
    );
  });

  test('replies: the parent must be readable and in the case; a quote cannot widen its parent', async () => {
    const parent = await must(t, owner.auth, 'POST', `/cases/${caseId}/posts`, {
      body: 'secret',
      tlp: 'AMBER+STRICT',
    });
    await rejects(
      `/cases/${caseId}/posts`,
      post({ replyTo: parent.id, quote: true, tlp: 'GREEN' }),
      400,
      /cannot be less restrictive/,
    );
    await rejects(
      `/cases/${caseId}/posts`,
      post({ replyTo: parent.id, quote: true, tlp: 'AMBER+STRICT', recipientOrgIds: [alpha, bravo.orgId] }),
      400,
      /cannot be less restrictive or reach more/,
    );
    await rejects(
      `/cases/${caseId}/posts`,
      post({ replyTo: parent.id, tlp: 'GREEN' }),
      400,
      /replyTo must be a post of this case that you can read/,
      bravo.owner.auth,
    );
    await rejects(`/cases/${caseId}/posts`, post({ quote: true }), 400, /quote needs replyTo/);
  });

  test('widening needs the source; a narrowing request is refused', async () => {
    const p = await must(t, owner.auth, 'POST', `/cases/${caseId}/posts`, {
      body: 'x',
      tlp: 'AMBER',
      recipientOrgIds: [bravo.orgId],
    });
    await rejects(
      `/labels/post/${p.id}`,
      { tlp: 'GREEN' },
      403,
      /send a re-marking request/,
      bravo.owner.auth,
      'PUT',
    );
    await rejects(
      `/labels/post/${p.id}/remark-requests`,
      { tlp: 'RED', recipientUserIds: [bravo.owner.userId] },
      400,
      /widen/,
      bravo.owner.auth,
    );
    const req = await must(t, bravo.owner.auth, 'POST', `/labels/post/${p.id}/remark-requests`, {
      tlp: 'GREEN',
      reason: 'others need it',
    });
    assert.equal(req.status, 'pending');
    assert.equal(
      (await raw(t, bravo.owner.auth, 'POST', `/remark-requests/${req.id}/approve`)).statusCode,
      403,
    );
    const done = await must(t, owner.auth, 'POST', `/remark-requests/${req.id}/approve`, {}, 200);
    assert.equal(done.status, 'approved');
    assert.equal((await must(t, owner.auth, 'GET', `/posts/${p.id}`)).label.tlp, 'GREEN');
  });

  test('posting to a space one was removed from, and as an observer', async () => {
    const viewer = await addPerson(t, bravo.owner.auth, bravo.orgId, 'viewer@bravo.test', 'viewer');
    await rejects(`/cases/${caseId}/posts`, post({ tlp: 'GREEN' }), 403, /Observers can read/, viewer.auth);
    await must(t, owner.auth, 'DELETE', `/spaces/${spaceId}/orgs/${bravo.orgId}`, undefined, 204);
    await rejects(
      `/cases/${caseId}/posts`,
      post({ tlp: 'GREEN' }),
      403,
      /no longer a member of this space/,
      bravo.owner.auth,
    );
    await rejects(
      `/spaces/${spaceId}/cases`,
      { kind: 'incident', title: 'x' },
      403,
      /no longer a member/,
      bravo.owner.auth,
    );
    await rejects(`/cases/${caseId}/posts`, post({ tlp: 'GREEN' }), 404, /No such/, outsider.owner.auth);
    // bravo's recipients are gone too: AMBER to bravo is now outside the space.
    await rejects(
      `/cases/${caseId}/posts`,
      post({ tlp: 'AMBER', recipientOrgIds: [bravo.orgId] }),
      400,
      /member organisations of this space/,
    );
  });
});
