import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addPerson, must, raw } from '../spaces/testing.ts';
import { type StatusWorld, statusWorld } from './testing.ts';

describe('status admin API', () => {
  let w: StatusWorld;
  before(async () => {
    w = await statusWorld();
  });
  after(() => w.t.close());

  it('asks for a page first, then creates it with a unique slug', async () => {
    const none = await raw(w.t, w.owner, 'GET', `${w.base}/components`);
    assert.equal(none.statusCode, 404);
    assert.match(none.json().error.message, /no status page yet/);
    const page = await must(w.t, w.owner, 'PUT', `${w.base}/page`, { slug: 'acme', name: 'Acme Cloud' }, 200);
    assert.equal(page.slug, 'acme');
    assert.equal(page.published, false);
    assert.match(page.publicUrl, /\/status\/acme$/);
    const bad = await raw(w.t, w.owner, 'PUT', `${w.base}/page`, { slug: 'Bad Slug!', name: 'x' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /slug must be/);
    const tz = await raw(w.t, w.owner, 'PUT', `${w.base}/page`, {
      slug: 'acme',
      name: 'x',
      timeZone: 'Mars/Olympus',
    });
    assert.equal(tz.statusCode, 400);
    const host = await raw(w.t, w.owner, 'PUT', `${w.base}/page`, {
      slug: 'acme',
      name: 'x',
      customHost: 'not a host',
    });
    assert.equal(host.statusCode, 400);
  });

  it('refuses a slug another org took (409)', async () => {
    const other = await must(w.t, w.owner, 'POST', '/orgs', { name: 'Other', handle: 'other' });
    const res = await raw(w.t, w.owner, 'PUT', `/orgs/${other.id}/status/page`, {
      slug: 'acme',
      name: 'Other',
    });
    assert.equal(res.statusCode, 409);
    assert.match(res.json().error.message, /slug "acme" is taken/);
  });

  it('validates components: statuses, groups, unknown ids', async () => {
    const group = await must(w.t, w.owner, 'POST', `${w.base}/components`, {
      name: 'Compute',
      isGroup: true,
    });
    const vm = await must(w.t, w.owner, 'POST', `${w.base}/components`, {
      name: 'Instances',
      groupId: group.id,
    });
    assert.equal(vm.groupId, group.id);
    assert.equal(vm.status, 'operational');
    const badStatus = await raw(w.t, w.owner, 'POST', `${w.base}/components`, {
      name: 'X',
      status: 'on_fire',
    });
    assert.equal(badStatus.statusCode, 400);
    assert.match(badStatus.json().error.message, /status must be one of operational, degraded_performance/);
    const nested = await raw(w.t, w.owner, 'POST', `${w.base}/components`, {
      name: 'G2',
      isGroup: true,
      groupId: group.id,
    });
    assert.equal(nested.statusCode, 400);
    const notGroup = await raw(w.t, w.owner, 'POST', `${w.base}/components`, { name: 'Y', groupId: vm.id });
    assert.equal(notGroup.statusCode, 400);
    const unknown = await raw(w.t, w.owner, 'PATCH', `${w.base}/components/nosuchthing`, {
      status: 'operational',
    });
    assert.equal(unknown.statusCode, 404);
    const extra = await raw(w.t, w.owner, 'POST', `${w.base}/components`, { name: 'Z', colour: 'red' });
    assert.equal(extra.statusCode, 400);
  });

  it('numbers updates, newest first, and refuses updates to a resolved incident unless reopened', async () => {
    const [vm] = (await must(w.t, w.owner, 'GET', `${w.base}/components`)).items.filter(
      (c: { isGroup: boolean }) => !c.isGroup,
    );
    const inc = await must(w.t, w.owner, 'POST', `${w.base}/incidents`, {
      name: 'Instances unreachable in par1',
      body: 'We are investigating.',
      components: { [vm.id]: 'major_outage' },
    });
    assert.equal(inc.status, 'investigating');
    assert.equal(inc.impact, 'critical', 'impact follows the worst component status when not given');
    assert.equal(inc.updates[0].number, 1);
    assert.deepEqual(inc.updates[0].affectedComponents, [
      { code: vm.id, name: 'Instances', old_status: 'operational', new_status: 'major_outage' },
    ]);
    const url = `${w.base}/incidents/${inc.id}/updates`;
    await must(w.t, w.owner, 'POST', url, { status: 'identified', body: 'Found it.' });
    const resolved = await must(w.t, w.owner, 'POST', url, {
      status: 'resolved',
      body: 'Fixed.',
      components: { [vm.id]: 'operational' },
    });
    assert.deepEqual(
      resolved.updates.map((u: { number: number }) => u.number),
      [3, 2, 1],
    );
    assert.ok(resolved.resolvedAt);
    const late = await raw(w.t, w.owner, 'POST', url, { status: 'monitoring', body: 'Hm.' });
    assert.equal(late.statusCode, 409);
    assert.match(late.json().error.message, /is resolved; .*reopen: true/);
    const postmortem = await must(w.t, w.owner, 'POST', url, {
      status: 'postmortem',
      body: 'What happened.',
    });
    assert.equal(postmortem.status, 'postmortem');
    const reopened = await must(w.t, w.owner, 'POST', url, {
      status: 'investigating',
      body: 'Back.',
      reopen: true,
    });
    assert.equal(reopened.status, 'investigating');
    assert.equal(reopened.resolvedAt, null);
    assert.equal(reopened.updates[0].number, 5);
    const wrong = await raw(w.t, w.owner, 'POST', url, { status: 'completed', body: 'x' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.json().error.message, /must be one of investigating, identified/);
    const ghost = await raw(w.t, w.owner, 'POST', `${w.base}/incidents/nosuch/updates`, {
      status: 'resolved',
      body: 'x',
    });
    assert.equal(ghost.statusCode, 404);
    const foreign = await raw(w.t, w.owner, 'POST', url, {
      status: 'monitoring',
      body: 'x',
      components: { nope: 'operational' },
    });
    assert.equal(foreign.statusCode, 400);
    assert.match(foreign.json().error.message, /nope is not a component/);
  });

  it('refuses maintenance that ends before it starts', async () => {
    const start = new Date(Date.now() + 3_600_000);
    const res = await raw(w.t, w.owner, 'POST', `${w.base}/maintenances`, {
      name: 'Kernel upgrade',
      body: 'Rolling reboots.',
      scheduledFor: start.toISOString(),
      scheduledUntil: new Date(start.getTime() - 60_000).toISOString(),
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().error.message, /cannot end before it starts/);
    const noDate = await raw(w.t, w.owner, 'POST', `${w.base}/maintenances`, {
      name: 'x',
      body: 'x',
      scheduledFor: 'tomorrow',
      scheduledUntil: start.toISOString(),
    });
    assert.equal(noDate.statusCode, 400);
  });

  it('lets viewers read, responders post updates, admins edit', async () => {
    const viewer = await addPerson(w.t, w.owner, w.orgId, 'viewer@acme.test', 'viewer');
    const responder = await addPerson(w.t, w.owner, w.orgId, 'responder@acme.test', 'responder');
    await must(w.t, viewer.auth, 'GET', `${w.base}/incidents`);
    const vPost = await raw(w.t, viewer.auth, 'POST', `${w.base}/incidents`, { name: 'x', body: 'y' });
    assert.equal(vPost.statusCode, 403);
    const inc = await must(w.t, responder.auth, 'POST', `${w.base}/incidents`, {
      name: 'Slow API',
      body: 'Looking.',
    });
    await must(w.t, responder.auth, 'POST', `${w.base}/incidents/${inc.id}/updates`, {
      status: 'monitoring',
      body: 'Better.',
    });
    const rEdit = await raw(w.t, responder.auth, 'POST', `${w.base}/components`, { name: 'DNS' });
    assert.equal(rEdit.statusCode, 403);
    const rPage = await raw(w.t, responder.auth, 'PUT', `${w.base}/page`, { slug: 'acme', name: 'Hijacked' });
    assert.equal(rPage.statusCode, 403);
    const stranger = await raw(w.t, null, 'GET', `${w.base}/incidents`);
    assert.equal(stranger.statusCode, 401);
  });
});
