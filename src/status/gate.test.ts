import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { TLP_LABELS, type Tlp } from '../policy/index.ts';
import { must, raw } from '../spaces/testing.ts';
import { publishFromCoordination } from './gate.ts';
import { type StatusWorld, statusWorld, visit } from './testing.ts';

/** Every public resource of the page: HTML, incident pages, JSON API, feeds. */
async function everythingPublic(w: StatusWorld, incidentId: string): Promise<string> {
  const paths = [
    '',
    '/history',
    `/incidents/${incidentId}`,
    '/history.atom',
    '/history.rss',
    ...[
      'summary',
      'status',
      'components',
      'incidents',
      'incidents/unresolved',
      'scheduled-maintenances',
      'scheduled-maintenances/upcoming',
      'scheduled-maintenances/active',
    ].map((p) => `/api/v2/${p}.json`),
  ];
  const bodies = await Promise.all(paths.map(async (p) => (await visit(w.t, `/status/acme${p}`)).body));
  const preview = await raw(w.t, w.owner, 'GET', `${w.base}/preview?incident=${incidentId}`);
  return bodies.join('\n') + preview.body;
}

describe('publishing gate: only TLP:CLEAR reaches the public', () => {
  let w: StatusWorld;
  let incidentId: string;
  let clearCase: string;
  let greenCase: string;
  before(async () => {
    w = await statusWorld({ slug: 'acme' });
    const space = await must(w.t, w.owner, 'POST', `/orgs/${w.orgId}/spaces`, { name: 'Meltdown providers' });
    clearCase = (
      await must(w.t, w.owner, 'POST', `/spaces/${space.id}/cases`, {
        kind: 'vulnerability',
        title: 'Meltdown',
        tlp: 'CLEAR',
      })
    ).id;
    greenCase = (
      await must(w.t, w.owner, 'POST', `/spaces/${space.id}/cases`, {
        kind: 'vulnerability',
        title: 'Spectre',
        tlp: 'GREEN',
      })
    ).id;
    incidentId = (
      await must(w.t, w.owner, 'POST', `${w.base}/incidents`, {
        name: 'CPU vulnerabilities',
        body: 'We are assessing Meltdown.',
      })
    ).id;
  });
  after(() => w.t.close());

  it('refuses posts labelled GREEN, AMBER, AMBER+STRICT with a 409 that says to re-mark, and publishes nothing of them', async () => {
    const secrets: string[] = [];
    for (const tlp of ['GREEN', 'AMBER', 'AMBER+STRICT'] as const) {
      const secret = `secret-${tlp}-${Math.random().toString(36).slice(2)}`;
      secrets.push(secret);
      const post = await must(w.t, w.owner, 'POST', `/cases/${clearCase}/posts`, {
        body: `Vendor said ${secret}`,
        tlp,
      });
      const res = await raw(w.t, w.owner, 'POST', `${w.base}/incidents/${incidentId}/updates/from-post`, {
        postId: post.id,
        status: 'identified',
      });
      assert.equal(res.statusCode, 409, tlp);
      assert.match(
        res.json().error.message,
        new RegExp(`TLP:${tlp.replace('+', '\\+')}.*only TLP:CLEAR.*re-mark it CLEAR`),
      );
    }
    const inGreenCase = await must(w.t, w.owner, 'POST', `/cases/${greenCase}/posts`, {
      body: 'secret-in-green-case',
      tlp: 'CLEAR',
    });
    const res = await raw(w.t, w.owner, 'POST', `${w.base}/incidents/${incidentId}/updates/from-post`, {
      postId: inGreenCase.id,
      status: 'identified',
    });
    assert.equal(res.statusCode, 409, 'a CLEAR post inside a GREEN case is GREEN to the world');
    secrets.push('secret-in-green-case');
    const everything = await everythingPublic(w, incidentId);
    for (const s of secrets) assert.ok(!everything.includes(s), `${s} leaked`);
    const inc = await must(w.t, w.owner, 'GET', `${w.base}/incidents/${incidentId}`);
    assert.equal(inc.updates.length, 1, 'no update was numbered for a refused post');
  });

  it('publishes the same post once its source re-marks it CLEAR', async () => {
    const post = await must(w.t, w.owner, 'POST', `/cases/${clearCase}/posts`, {
      body: 'KPTI is rolled out on all hosts.',
      tlp: 'GREEN',
    });
    const url = `${w.base}/incidents/${incidentId}/updates/from-post`;
    assert.equal(
      (await raw(w.t, w.owner, 'POST', url, { postId: post.id, status: 'monitoring' })).statusCode,
      409,
    );
    await must(w.t, w.owner, 'PATCH', `/posts/${post.id}`, { tlp: 'CLEAR' });
    const inc = await must(w.t, w.owner, 'POST', url, { postId: post.id, status: 'monitoring' });
    assert.equal(inc.updates[0].number, 2);
    assert.equal(inc.updates[0].body, 'KPTI is rolled out on all hosts.');
    assert.match(await everythingPublic(w, incidentId), /KPTI is rolled out on all hosts\./);
  });

  it('says 404 for a post the caller cannot read', async () => {
    const res = await raw(w.t, w.owner, 'POST', `${w.base}/incidents/${incidentId}/updates/from-post`, {
      postId: '00000000-0000-4000-8000-000000000000',
      status: 'monitoring',
    });
    assert.equal(res.statusCode, 404);
  });

  it('publishFromCoordination refuses every label but CLEAR, whatever the text', async () => {
    const before = (await must(w.t, w.owner, 'GET', `${w.base}/incidents/${incidentId}`)).updates.length;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TLP_LABELS.filter((l) => l !== 'CLEAR')),
        fc.string({ minLength: 1 }),
        async (tlp: Tlp, text) => {
          await assert.rejects(
            publishFromCoordination(
              w.t.platform,
              { kind: 'anonymous', orgs: new Map() },
              w.orgId,
              incidentId,
              { tlp, text, what: 'This statement' },
              { status: 'monitoring' },
            ),
            (err: { status?: number }) => err.status === 409,
          );
        },
      ),
      { numRuns: 50 },
    );
    const afterwards = (await must(w.t, w.owner, 'GET', `${w.base}/incidents/${incidentId}`)).updates.length;
    assert.equal(afterwards, before);
  });
});
