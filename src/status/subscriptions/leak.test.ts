import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addPerson, must, raw } from '../../spaces/testing.ts';
import { eventually } from '../testing.ts';
import { postForm, type SubscriptionWorld, signUp, subscriptionWorld } from './testing.ts';

/**
 * The publishing gate, seen from subscribers: coordination posts and matrix statements labelled
 * GREEN, AMBER, AMBER+STRICT or RED are refused (409), and their text never reaches any email
 * (a real SMTP server) or webhook body (a real HTTP receiver); the same texts once CLEAR do.
 */
describe('publishing gate: no non-CLEAR text reaches an email or a webhook', () => {
  let w: SubscriptionWorld;
  let incidentId: string;
  let caseId: string;
  let userId: string;
  const markers: string[] = [];
  const marker = (tlp: string) => {
    const m = `marker-${tlp.replace('+', '-')}-${Math.random().toString(36).slice(2, 10)}`;
    markers.push(m);
    return m;
  };
  const labels = (tlp: string) => (tlp === 'RED' ? { tlp, recipientUserIds: [userId] } : { tlp });
  const everythingSent = () =>
    [...w.smtp.mails.map((m) => m.text), ...w.sink.hooks.map((h) => h.body)].join('\n');

  before(async () => {
    w = await subscriptionWorld();
    userId = (await addPerson(w.t, w.owner, w.orgId, 'named@acme.test', 'responder')).userId;
    await must(
      w.t,
      w.owner,
      'POST',
      `${w.base}/subscribers`,
      { kind: 'webhook', url: w.sink.url('/hook') },
      201,
    );
    await postForm(w.t, await signUp(w, 'reader@example.com'));
    const space = await must(w.t, w.owner, 'POST', `/orgs/${w.orgId}/spaces`, {
      name: 'Meltdown providers',
      layers: ['host kernel'],
    });
    caseId = (
      await must(w.t, w.owner, 'POST', `/spaces/${space.id}/cases`, {
        kind: 'vulnerability',
        title: 'Meltdown',
        tlp: 'CLEAR',
        cveIds: ['CVE-2017-5754'],
        layers: ['host kernel'],
      })
    ).id;
    incidentId = (
      await must(w.t, w.owner, 'POST', `${w.base}/incidents`, { name: 'CPU flaws', body: 'Assessing.' })
    ).id;
  });
  after(() => w?.close());

  it('refuses GREEN, AMBER, AMBER+STRICT and RED posts and statements with a 409 that says to re-mark', async () => {
    for (const tlp of ['GREEN', 'AMBER', 'AMBER+STRICT', 'RED']) {
      const post = await must(w.t, w.owner, 'POST', `/cases/${caseId}/posts`, {
        body: marker(tlp),
        ...labels(tlp),
      });
      const a = await raw(w.t, w.owner, 'POST', `${w.base}/incidents/${incidentId}/updates/from-post`, {
        postId: post.id,
        status: 'identified',
      });
      assert.equal(a.statusCode, 409, `post ${tlp}`);
      assert.match(a.json().error.message, /only TLP:CLEAR .* re-mark it CLEAR/);
      const row = await must(w.t, w.owner, 'PUT', `/cases/${caseId}/matrix`, {
        layer: 'host kernel',
        cveId: 'CVE-2017-5754',
        status: 'mitigation_in_progress',
        statement: marker(tlp),
        ...labels(tlp),
      });
      const b = await raw(w.t, w.owner, 'POST', `${w.base}/incidents/${incidentId}/updates/from-statement`, {
        matrixRowId: row.id,
        status: 'identified',
      });
      assert.equal(b.statusCode, 409, `statement ${tlp}`);
      assert.match(b.json().error.message, /This statement is labelled TLP:.*re-mark it CLEAR/);
    }
  });

  it('publishes the CLEAR ones, delivers them, and nothing refused was ever sent', async () => {
    const post = await must(w.t, w.owner, 'POST', `/cases/${caseId}/posts`, {
      body: 'Kernels patched (post).',
      tlp: 'GREEN',
    });
    await must(w.t, w.owner, 'PUT', `/labels/post/${post.id}`, { tlp: 'CLEAR' });
    await must(w.t, w.owner, 'POST', `${w.base}/incidents/${incidentId}/updates/from-post`, {
      postId: post.id,
      status: 'monitoring',
    });
    const row = await must(w.t, w.owner, 'PUT', `/cases/${caseId}/matrix`, {
      layer: 'host kernel',
      cveId: 'CVE-2017-5754',
      status: 'fixed',
      statement: 'Kernels patched (statement).',
      tlp: 'CLEAR',
    });
    const inc = await must(w.t, w.owner, 'POST', `${w.base}/incidents/${incidentId}/updates/from-statement`, {
      matrixRowId: row.id,
      status: 'resolved',
    });
    assert.deepEqual(
      inc.updates.map((u: { body: string }) => u.body),
      ['Kernels patched (statement).', 'Kernels patched (post).', 'Assessing.'],
    );
    await eventually(
      async () =>
        w.smtp.to('reader@example.com').some((m) => m.text.includes('Kernels patched (statement).')) &&
        w.sink.hooks.some((h) => h.body.includes('Kernels patched (statement).')),
      'the CLEAR updates by email and webhook',
    );
    const sent = everythingSent();
    assert.match(sent, /Kernels patched \(post\)\./, 'the check can see published text');
    assert.equal(markers.length, 8);
    for (const m of markers) assert.ok(!sent.includes(m), `${m} leaked to a subscriber`);
  });

  it('refuses an empty statement (400) and one the caller cannot read (404)', async () => {
    const empty = await must(w.t, w.owner, 'PUT', `/cases/${caseId}/matrix`, {
      layer: 'host kernel',
      cveId: 'CVE-2017-5754',
      status: 'fixed',
      statement: '',
      tlp: 'CLEAR',
    });
    const res = await raw(w.t, w.owner, 'POST', `${w.base}/incidents/${incidentId}/updates/from-statement`, {
      matrixRowId: empty.id,
      status: 'postmortem',
    });
    assert.equal(res.statusCode, 400);
    const missing = await raw(
      w.t,
      w.owner,
      'POST',
      `${w.base}/incidents/${incidentId}/updates/from-statement`,
      {
        matrixRowId: '00000000-0000-4000-8000-000000000000',
        status: 'postmortem',
      },
    );
    assert.equal(missing.statusCode, 404);
  });
});
