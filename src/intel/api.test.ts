import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test/helpers/app.ts';
import type { Tlp } from '../policy/index.ts';
import { addPerson, must, raw } from '../spaces/testing.ts';
import { bundleProblems } from './stix/validate.ts';
import { buildIntelWorld, ENTITLED, type IntelWorld, LABELS, READERS, shareByHand } from './testing.ts';

describe('intel REST: indicators, TLP, sharing policy, approvals, STIX', () => {
  let t: TestApp;
  let w: IntelWorld;
  const ids = new Map<Tlp, string>();

  before(async () => {
    t = await createTestApp();
    w = await buildIntelWorld(t);
    for (const tlp of LABELS) ids.set(tlp, (await shareByHand(w, tlp)).id);
  });
  after(async () => t?.close());

  test('TLP matrix: every reader lists and reads exactly the indicators the label entitles them to', async () => {
    for (const reader of READERS) {
      const org = w.orgOf[reader];
      const list = await must(t, w.auth[reader], 'GET', `/orgs/${org}/intel/indicators?scope=all&limit=200`);
      const seen = new Set(list.items.map((i: { id: string }) => i.id));
      for (const tlp of LABELS) {
        const id = ids.get(tlp)!;
        const entitled = ENTITLED[tlp].includes(reader);
        assert.equal(seen.has(id), entitled, `${reader} lists ${tlp}: want ${entitled}`);
        const one = await raw(t, w.auth[reader], 'GET', `/orgs/${org}/intel/indicators/${id}`);
        assert.equal(one.statusCode, entitled ? 200 : 404, `${reader} reads ${tlp}`);
      }
    }
  });

  test('peers get the peer view (no attack id); a stranger to the org gets 404 for the org', async () => {
    const bravoView = await must(
      t,
      w.auth.bravoOwner,
      'GET',
      `/orgs/${w.orgIds.bravo}/intel/indicators/${ids.get('GREEN')}`,
    );
    assert.equal(bravoView.attackId, null);
    assert.equal(bravoView.org.id, w.orgIds.alpha);
    assert.deepEqual(bravoView.reflectors, [{ address: '203.0.113.10', port: 123 }]);
    const res = await raw(t, w.auth.bravoOwner, 'GET', `/orgs/${w.orgIds.alpha}/intel/indicators`);
    assert.equal(res.statusCode, 404);
  });

  test('shared indicators are posted into the space as a case; GREEN titles carry the summary', async () => {
    const cases = await must(t, w.auth.bravoOwner, 'GET', `/spaces/${w.spaceId}/cases`);
    const titles = cases.items.map((c: { title: string }) => c.title);
    assert.ok(
      titles.includes('DDoS on Org alpha: NTP amplification, 38 Gbps (CLEAR #0)'),
      titles.join(' | '),
    );
    // All five went to one open case per vector: the first one's, appended to.
    assert.equal(cases.items.length, 1);
    const posts = await must(t, w.auth.charlieOwner, 'GET', `/cases/${cases.items[0].id}/posts`);
    const bodies = posts.items.map((p: { body: string }) => p.body).join('\n');
    assert.match(bodies, /GREEN #0/);
    assert.doesNotMatch(bodies, /AMBER #0|RED #0/, 'charlie never sees the AMBER or RED posts');
  });

  test('sharing policy: admins only, validated, AMBER needs named orgs', async () => {
    const url = `/orgs/${w.orgIds.alpha}/intel/policy`;
    const initial = await must(t, w.auth.alphaViewer, 'GET', url);
    assert.equal(initial.mode, 'off');
    assert.equal((await raw(t, w.auth.alphaViewer, 'PUT', url, { mode: 'automatic' })).statusCode, 403);
    const noSpace = await raw(t, w.auth.alphaOwner, 'PUT', url, { mode: 'automatic' });
    assert.equal(noSpace.statusCode, 400, noSpace.body);
    const amber = await raw(t, w.auth.alphaOwner, 'PUT', url, {
      mode: 'automatic',
      spaceId: w.spaceId,
      defaultTlp: 'AMBER',
    });
    assert.equal(amber.statusCode, 400);
    assert.match(amber.body, /named organisations/);
    const outsider = await raw(t, w.auth.alphaOwner, 'PUT', url, {
      mode: 'propose',
      spaceId: w.spaceId,
      defaultTlp: 'AMBER',
      recipientOrgIds: [w.orgIds.delta],
    });
    assert.equal(outsider.statusCode, 400);
    const bad = await raw(t, w.auth.alphaOwner, 'PUT', url, { mode: 'sometimes' });
    assert.equal(bad.statusCode, 400);
    const saved = await must(t, w.auth.alphaOwner, 'PUT', url, {
      mode: 'propose',
      spaceId: w.spaceId,
      defaultTlp: 'AMBER',
      recipientOrgIds: [w.orgIds.bravo],
      anonymisation: 'hide',
    });
    assert.equal(saved.mode, 'propose');
    assert.equal(saved.anonymisation, 'hide');
    assert.equal((await must(t, w.auth.alphaViewer, 'GET', url)).defaultTlp, 'AMBER');
  });

  test('a responder proposes; peers see nothing until an admin approves; withdrawal shows as revoked', async () => {
    const responder = await addPerson(t, w.alphaOwner.auth, w.orgIds.alpha, 'resp@alpha.test', 'responder');
    const base = `/orgs/${w.orgIds.alpha}/intel/indicators`;
    const proposed = await must(t, responder.auth, 'POST', base, {
      vector: 'tcp_syn',
      protocol: 'tcp',
      tcpFlags: 2,
      sourcePrefixes: ['192.0.2.0/24'],
      summary: 'TCP SYN flood, 2 Mpps',
      tlp: 'GREEN',
    });
    assert.equal(proposed.state, 'proposed');
    const peerUrl = `/orgs/${w.orgIds.bravo}/intel/indicators/${proposed.id}`;
    assert.equal((await raw(t, w.auth.bravoOwner, 'GET', peerUrl)).statusCode, 404);
    assert.equal(
      (await raw(t, responder.auth, 'POST', `${base}/${proposed.id}/approve`, {})).statusCode,
      403,
    );
    const approved = await must(t, w.auth.alphaOwner, 'POST', `${base}/${proposed.id}/approve`, {}, 200);
    assert.equal(approved.state, 'shared');
    assert.ok(approved.caseId, 'posted into a case');
    assert.equal((await must(t, w.auth.bravoOwner, 'GET', peerUrl)).state, 'shared');
    assert.equal(
      (await raw(t, w.auth.alphaOwner, 'POST', `${base}/${proposed.id}/approve`, {})).statusCode,
      409,
    );
    await must(t, w.auth.alphaOwner, 'POST', `${base}/${proposed.id}/withdraw`, {}, 200);
    const seen = await must(t, w.auth.bravoOwner, 'GET', peerUrl);
    assert.equal(seen.state, 'withdrawn');
    assert.equal(seen.active, false);
    const bundle = await must(t, w.auth.bravoOwner, 'GET', `/orgs/${w.orgIds.bravo}/intel/stix?scope=peers`);
    const sdo = bundle.objects.find(
      (o: { type: string; name?: string }) => o.type === 'indicator' && o.name === 'TCP SYN flood, 2 Mpps',
    );
    assert.equal(sdo.revoked, true);
    assert.match(sdo.pattern, /src_ref\.value ISSUBSET '192\.0\.2\.0\/24'/);
  });

  test('bad input is a clear 400', async () => {
    const base = `/orgs/${w.orgIds.alpha}/intel/indicators`;
    for (const [body, why] of [
      [{ vector: 'amp_ntp', summary: 'x', sourcePrefixes: ['192.0.2.1/24'] }, /zero host bits/],
      [
        { vector: 'amp_ntp', summary: 'x', reflectors: [{ address: 'nope', port: 123 }] },
        /not an IP address|reflectors/,
      ],
      [{ vector: 'AMP NTP', summary: 'x' }, /vector/],
      [{ vector: 'amp_ntp', summary: 'x', tlp: 'amber' }, /exactly one of/],
      [
        {
          vector: 'amp_ntp',
          summary: 'x',
          firstSeen: '2026-01-02T00:00:00Z',
          lastSeen: '2026-01-01T00:00:00Z',
        },
        /lastSeen/,
      ],
      [{ vector: 'amp_ntp', summary: 'x', extra: 1 }, /extra|additional/],
    ] as const) {
      const res = await raw(t, w.auth.alphaOwner, 'POST', base, { spaceId: w.spaceId, ...body });
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.body, why);
    }
  });

  test('STIX bundles of the org’s indicators and of the case validate; RED is never exported', async () => {
    const own = await must(t, w.auth.alphaOwner, 'GET', `/orgs/${w.orgIds.alpha}/intel/stix`);
    assert.deepEqual(bundleProblems(own), []);
    const names = own.objects
      .filter((o: { type: string }) => o.type === 'indicator')
      .map((o: { name: string }) => o.name);
    assert.ok(names.some((n: string) => n.includes('AMBER+STRICT #0')));
    assert.ok(!names.some((n: string) => n.includes('RED #0')), 'RED never exported');
    const cases = await must(t, w.auth.bravoOwner, 'GET', `/spaces/${w.spaceId}/cases`);
    const asCharlie = await must(
      t,
      w.auth.charlieOwner,
      'GET',
      `/orgs/${w.orgIds.charlie}/intel/cases/${cases.items.at(-1).id}/stix`,
    );
    assert.deepEqual(bundleProblems(asCharlie), []);
    assert.ok(asCharlie.objects.some((o: { type: string }) => o.type === 'report'));
    assert.ok(
      !JSON.stringify(asCharlie).includes('AMBER #0'),
      'charlie’s export holds only what charlie reads',
    );
    const delta = await raw(
      t,
      w.auth.deltaOwner,
      'GET',
      `/orgs/${w.orgIds.delta}/intel/cases/${cases.items.at(-1).id}/stix`,
    );
    assert.equal(delta.statusCode, 404);
  });
});
