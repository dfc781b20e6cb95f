import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { must } from '../spaces/testing.ts';
import { startStatus } from './index.ts';
import { eventually, type StatusWorld, statusWorld, visit } from './testing.ts';

describe('scheduled maintenance', () => {
  let w: StatusWorld;
  let comp: string;
  before(async () => {
    w = await statusWorld({ slug: 'acme' });
    startStatus(w.t.platform);
    w.t.platform.jobs.start();
    comp = (await must(w.t, w.owner, 'POST', `${w.base}/components`, { name: 'Object storage' })).id;
  });
  after(() => w.t.close());

  it('is upcoming, starts and completes by itself on time (durable jobs)', async () => {
    const from = new Date(Date.now() + 1500);
    const until = new Date(from.getTime() + 1500);
    const m = await must(w.t, w.owner, 'POST', `${w.base}/maintenances`, {
      name: 'Storage firmware',
      body: 'Firmware upgrade of the storage nodes.',
      scheduledFor: from.toISOString(),
      scheduledUntil: until.toISOString(),
      componentIds: [comp],
    });
    assert.equal(m.status, 'scheduled');
    const upcoming = (await visit(w.t, '/status/acme/api/v2/scheduled-maintenances/upcoming.json')).json();
    assert.deepEqual(
      upcoming.scheduled_maintenances.map((x: { id: string }) => x.id),
      [m.id],
    );
    assert.equal(upcoming.scheduled_maintenances[0].scheduled_for, from.toISOString());
    assert.equal(upcoming.scheduled_maintenances[0].impact, 'maintenance');

    const active = await eventually(async () => {
      const j = (await visit(w.t, '/status/acme/api/v2/scheduled-maintenances/active.json')).json();
      return j.scheduled_maintenances.length === 1 && j;
    }, 'the maintenance to start');
    assert.equal(active.scheduled_maintenances[0].status, 'in_progress');
    const summary = (await visit(w.t, '/status/acme/api/v2/summary.json')).json();
    assert.equal(summary.components[0].status, 'under_maintenance');
    assert.deepEqual(summary.status, { indicator: 'none', description: 'Service Under Maintenance' });
    assert.match((await visit(w.t, '/status/acme')).body, /Maintenance in progress/);

    const done = await eventually(
      async () => {
        const inc = await must(w.t, w.owner, 'GET', `${w.base}/incidents/${m.id}`);
        return inc.status === 'completed' && inc;
      },
      'the maintenance to complete',
      8000,
    );
    assert.deepEqual(
      done.updates.map((u: { status: string }) => u.status),
      ['completed', 'in_progress', 'scheduled'],
    );
    const components = await must(w.t, w.owner, 'GET', `${w.base}/components`);
    assert.equal(components.items[0].status, 'operational');
  });

  it('leaves a maintenance alone when it was moved by hand', async () => {
    const from = new Date(Date.now() + 3000);
    const m = await must(w.t, w.owner, 'POST', `${w.base}/maintenances`, {
      name: 'Network',
      body: 'Switch upgrade.',
      scheduledFor: from.toISOString(),
      scheduledUntil: new Date(from.getTime() + 60_000).toISOString(),
      componentIds: [comp],
    });
    await must(w.t, w.owner, 'POST', `${w.base}/incidents/${m.id}/updates`, {
      status: 'completed',
      body: 'Cancelled: not needed.',
    });
    await new Promise((r) => setTimeout(r, Math.max(0, from.getTime() + 700 - Date.now())));
    const inc = await must(w.t, w.owner, 'GET', `${w.base}/incidents/${m.id}`);
    assert.deepEqual(
      inc.updates.map((u: { status: string }) => u.status),
      ['completed', 'scheduled'],
    );
  });
});
