import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call } from '../../test/helpers/app.ts';
import { must, raw } from '../spaces/testing.ts';
import { eventually, type StatusWorld, statusWorld, visit } from './testing.ts';

describe('public status page', () => {
  let w: StatusWorld;
  let api: string;
  let db: string;
  let incidentId: string;
  before(async () => {
    w = await statusWorld({ slug: 'acme' });
    const group = await must(w.t, w.owner, 'POST', `${w.base}/components`, {
      name: 'Network',
      isGroup: true,
    });
    api = (await must(w.t, w.owner, 'POST', `${w.base}/components`, { name: 'API', description: 'REST API' }))
      .id;
    db = (
      await must(w.t, w.owner, 'POST', `${w.base}/components`, { name: 'Block storage', groupId: group.id })
    ).id;
  });
  after(() => w.t.close());

  it('serves the page without JavaScript: landmarks, headings, feeds, status in words', async () => {
    const res = await visit(w.t, '/status/acme');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /^text\/html/);
    const html = res.body;
    assert.doesNotMatch(html, /<script/i);
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<main id="main">/);
    assert.match(html, /<header class="site" role="banner">/);
    assert.match(html, /<h1>Acme Cloud status<\/h1>/);
    assert.match(
      html,
      /<link rel="alternate" type="application\/atom\+xml"[^>]*href="\/status\/acme\/history.atom"/,
    );
    assert.match(
      html,
      /<link rel="alternate" type="application\/rss\+xml"[^>]*href="\/status\/acme\/history.rss"/,
    );
    assert.match(html, /prefers-color-scheme:dark/);
    assert.match(html, /All Systems Operational/);
    assert.match(html, /Block storage<\/span><span class="status s-operational">.*Operational/);
    assert.equal((html.match(/<rect /g) ?? []).length, 2 * 90, 'one bar per day per component');
    assert.match(html, /role="img" aria-label="API: 100.00 % uptime over the last 90 days"/);
  });

  it('answers the Statuspage JSON shapes', async () => {
    const summary = (await visit(w.t, '/status/acme/api/v2/summary.json')).json();
    assert.deepEqual(Object.keys(summary).sort(), [
      'components',
      'incidents',
      'page',
      'scheduled_maintenances',
      'status',
    ]);
    assert.deepEqual(Object.keys(summary.page), ['id', 'name', 'url', 'time_zone', 'updated_at']);
    assert.equal(summary.page.time_zone, 'Etc/UTC');
    assert.deepEqual(summary.status, { indicator: 'none', description: 'All Systems Operational' });
    const group = summary.components.find((c: { group: boolean }) => c.group);
    assert.deepEqual(group.components, [db]);
    const apiC = summary.components.find((c: { id: string }) => c.id === api);
    assert.deepEqual(Object.keys(apiC).sort(), [
      'created_at',
      'description',
      'group',
      'group_id',
      'id',
      'name',
      'only_show_if_degraded',
      'page_id',
      'position',
      'showcase',
      'start_date',
      'status',
      'updated_at',
    ]);
    assert.match(apiC.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    for (const path of [
      'status',
      'components',
      'incidents',
      'incidents/unresolved',
      'scheduled-maintenances',
      'scheduled-maintenances/upcoming',
      'scheduled-maintenances/active',
    ]) {
      const res = await visit(w.t, `/status/acme/api/v2/${path}.json`);
      assert.equal(res.statusCode, 200, path);
      assert.ok(res.json().page, path);
    }
  });

  it('shows an incident with Update #N newest first, on the page, its stable URL, JSON and feeds', async () => {
    const inc = await must(w.t, w.owner, 'POST', `${w.base}/incidents`, {
      name: 'Storage latency',
      body: 'We are investigating <high> latency.',
      components: { [db]: 'partial_outage' },
    });
    incidentId = inc.id;
    for (let n = 2; n <= 7; n++)
      await must(w.t, w.owner, 'POST', `${w.base}/incidents/${inc.id}/updates`, {
        status: n === 7 ? 'monitoring' : 'identified',
        body: `Progress note ${n}.`,
      });
    const home = (await visit(w.t, '/status/acme')).body;
    assert.match(home, /Partial System Outage/);
    assert.ok(home.indexOf('Update #7') < home.indexOf('Update #6'), 'newest first');
    assert.match(home, /&lt;high&gt;/, 'bodies are escaped');
    const page = await visit(w.t, `/status/acme/incidents/${inc.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 id="title">Storage latency<\/h1>/);
    assert.match(page.body, /Affected components: Block storage/);
    const unresolved = (await visit(w.t, '/status/acme/api/v2/incidents/unresolved.json')).json();
    const j = unresolved.incidents[0];
    assert.equal(j.id, inc.id);
    assert.equal(j.status, 'monitoring');
    assert.equal(j.impact, 'major');
    assert.deepEqual(
      j.incident_updates.map((u: { body: string }) => u.body.slice(0, 15)),
      [
        'Progress note 7',
        'Progress note 6',
        'Progress note 5',
        'Progress note 4',
        'Progress note 3',
        'Progress note 2',
        'We are investig',
      ],
    );
    assert.deepEqual(j.incident_updates[6].affected_components, [
      { code: db, name: 'Block storage', old_status: 'operational', new_status: 'partial_outage' },
    ]);
    assert.equal(j.incident_updates[0].affected_components, null);
    assert.match(j.shortlink, new RegExp(`/status/acme/incidents/${inc.id}$`));
    assert.ok(j.monitoring_at);
    const status = (await visit(w.t, '/status/acme/api/v2/status.json')).json().status;
    assert.deepEqual(status, { indicator: 'major', description: 'Partial System Outage' });
    const atom = await visit(w.t, '/status/acme/history.atom');
    assert.match(atom.headers['content-type'] as string, /application\/atom\+xml/);
    assert.match(atom.body, new RegExp(`<id>tag:[^,]+,2005:Incident/${inc.id}</id>`));
    assert.match(atom.body, /&lt;strong&gt;Monitoring&lt;\/strong&gt; - Progress note 7/);
    const rss = await visit(w.t, '/status/acme/history.rss');
    assert.match(rss.body, /<rss version="2.0"/);
    assert.match(rss.body, new RegExp(`<guid>[^<]+/incidents/${inc.id}</guid>`));
  });

  it('answers 304 to a matching ETag, with public caching headers', async () => {
    const first = await visit(w.t, '/status/acme/api/v2/summary.json');
    const etag = first.headers.etag as string;
    assert.match(etag, /^"[A-Za-z0-9_-]{20,}"$/);
    assert.match(first.headers['cache-control'] as string, /public, max-age=\d+, stale-while-revalidate=\d+/);
    const again = await visit(w.t, '/status/acme/api/v2/summary.json', { 'if-none-match': etag });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    const weak = await visit(w.t, '/status/acme/api/v2/summary.json', { 'if-none-match': `"x", W/${etag}` });
    assert.equal(weak.statusCode, 304);
    await must(w.t, w.owner, 'PATCH', `${w.base}/components/${api}`, { status: 'degraded_performance' });
    const changed = await visit(w.t, '/status/acme/api/v2/summary.json', { 'if-none-match': etag });
    assert.equal(changed.statusCode, 200, 'a change gives a new ETag');
    assert.notEqual(changed.headers.etag, etag);
  });

  it('serves from memory: no database query in 1,000 requests after warm-up', async () => {
    const urls = [
      '/status/acme',
      '/status/acme/api/v2/summary.json',
      `/status/acme/incidents/${incidentId}`,
      '/status/acme/history.atom',
      '/status/nosuch',
    ];
    for (const u of urls) await visit(w.t, u);
    const db = w.t.platform.db as unknown as Record<string, (...a: unknown[]) => unknown>;
    let queries = 0;
    const originals = new Map<string, (...a: unknown[]) => unknown>();
    for (const m of ['query', 'one', 'execute', 'tx', 'exec']) {
      const original = db[m]!;
      originals.set(m, original);
      db[m] = (...a: unknown[]) => {
        queries++;
        return original.apply(db, a);
      };
    }
    try {
      for (let i = 0; i < 1000; i++) {
        const res = await visit(w.t, urls[i % urls.length]!);
        assert.equal(res.statusCode, i % urls.length === 4 ? 404 : 200);
      }
    } finally {
      for (const [m, f] of originals) db[m] = f;
    }
    assert.equal(queries, 0);
  });

  it('renders older incident pages on first request from memory, still without the database', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 26; n++)
      ids.push(
        (
          await must(w.t, w.owner, 'POST', `${w.base}/incidents`, {
            name: `Blip ${n}`,
            body: 'Brief.',
            status: 'resolved',
          })
        ).id,
      );
    const oldest = `/status/acme/incidents/${ids[0]}`;
    await visit(w.t, '/status/acme'); // the re-render after the last change is done
    const db = w.t.platform.db as unknown as Record<string, (...a: unknown[]) => unknown>;
    const original = db.query!;
    let queries = 0;
    db.query = (...a: unknown[]) => {
      queries++;
      return original.apply(db, a);
    };
    try {
      const res = await visit(w.t, oldest);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1 id="title">Blip 0<\/h1>/);
      assert.equal((await visit(w.t, oldest)).headers.etag, res.headers.etag);
    } finally {
      db.query = original;
    }
    assert.equal(queries, 0);
  });

  it('says 404 for unknown slugs and incidents, 405 for writes', async () => {
    assert.equal((await visit(w.t, '/status/nosuch')).statusCode, 404);
    assert.equal((await visit(w.t, '/status/acme/incidents/nosuch')).statusCode, 404);
    assert.equal((await visit(w.t, '/status/ACME%2F..')).statusCode, 404);
    const post = await w.t.app.inject({ method: 'POST', url: '/status/acme', payload: {} });
    assert.equal(post.statusCode, 405);
  });

  it('serves the page on its own host name, and hides an unpublished page', async () => {
    await must(
      w.t,
      w.owner,
      'PUT',
      `${w.base}/page`,
      { slug: 'acme', name: 'Acme Cloud', customHost: 'status.acme.test', published: true },
      200,
    );
    const res = await eventually(async () => {
      const r = await visit(w.t, '/', { host: 'status.acme.test' });
      return r.statusCode === 200 && r;
    }, 'the custom host');
    assert.match(res.body, /href="\/history.atom"/);
    const json = await visit(w.t, '/api/v2/summary.json', { host: 'status.acme.test:443' });
    assert.match(json.json().page.url, /^https?:\/\/status\.acme\.test$/);
    const api = await visit(w.t, '/api/v1/session', { host: 'status.acme.test' });
    assert.match(
      api.headers['content-type'] as string,
      /json/,
      'the console and API stay reachable on that host',
    );
    const claim = await call(w.t.app, {
      method: 'PUT',
      url: `/api/v1${w.base}/page`,
      auth: w.owner,
      headers: { host: 'console.acme.test' },
      body: { slug: 'acme', name: 'Acme', customHost: 'console.acme.test', published: true },
    });
    assert.equal(claim.statusCode, 400, 'a page cannot claim the host the console is reached at');
    await must(
      w.t,
      w.owner,
      'PUT',
      `${w.base}/page`,
      { slug: 'acme', name: 'Acme Cloud', published: false },
      200,
    );
    assert.equal((await visit(w.t, '/status/acme')).statusCode, 404);
    assert.equal((await visit(w.t, '/', { host: 'status.acme.test' })).statusCode !== 200, true);
    const preview = await raw(w.t, w.owner, 'GET', `${w.base}/preview`);
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /Update #7/);
  });
});

describe('public status page across serve processes', () => {
  it('re-renders on every process sharing the bus, gzip on request', async () => {
    const a = await statusWorld({ slug: 'shared' });
    const { createTestApp } = await import('../../test/helpers/app.ts');
    const b = await createTestApp({}, { db: a.t.platform.db, bus: a.t.platform.bus });
    try {
      const before = await visit(b, '/status/shared/api/v2/components.json');
      assert.equal(before.json().components.length, 0);
      await must(a.t, a.owner, 'POST', `${a.base}/components`, { name: 'DNS' });
      const seen = await eventually(async () => {
        const r = await visit(b, '/status/shared/api/v2/components.json');
        return r.json().components.length === 1 && r;
      }, 'the other process to re-render');
      assert.equal(seen.json().components[0].name, 'DNS');
      const zipped = await visit(b, '/status/shared', { 'accept-encoding': 'gzip, br' });
      assert.equal(zipped.headers['content-encoding'], 'gzip');
      const { gunzipSync } = await import('node:zlib');
      const plain = await visit(b, '/status/shared');
      assert.equal(gunzipSync(zipped.rawPayload).toString('utf8'), plain.body);
      assert.notEqual(zipped.headers.etag, plain.headers.etag);
      const refused = await visit(b, '/status/shared', { 'accept-encoding': 'gzip;q=0' });
      assert.equal(refused.headers['content-encoding'], undefined);
    } finally {
      await b.close();
      await a.t.close();
    }
  });
});
