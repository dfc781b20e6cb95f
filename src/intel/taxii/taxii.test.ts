import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { type Auth, call, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import type { Tlp } from '../../policy/index.ts';
import { sdoId } from '../stix/ids.ts';
import { bundleProblems } from '../stix/validate.ts';
import { buildIntelWorld, ENTITLED, type IntelWorld, LABELS, type Reader, shareByHand } from '../testing.ts';
import { ownCollectionId } from './collections.ts';
import { TAXII_MEDIA } from './media.ts';

const ACCEPT = { accept: TAXII_MEDIA };

describe('TAXII 2.1 server', () => {
  let t: TestApp;
  let w: IntelWorld;
  const ids = new Map<Tlp, string>();

  const get = (auth: Auth, url: string, headers: Record<string, string> = ACCEPT) =>
    call(t.app, { url, auth, headers });
  const json = async (auth: Auth, url: string) => {
    const res = await get(auth, url);
    assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    assert.equal(res.headers['content-type'], TAXII_MEDIA);
    return res.json();
  };
  const objectsUrl = (collection: string, q = '') => `/taxii2/api/collections/${collection}/objects/${q}`;

  before(async () => {
    t = await createTestApp();
    w = await buildIntelWorld(t);
    for (const tlp of LABELS) ids.set(tlp, (await shareByHand(w, tlp)).id);
  });
  after(async () => t?.close());

  test('discovery, API root, collections: one per readable space plus the org’s own', async () => {
    const discovery = await json(w.auth.tokenBravo, '/taxii2/');
    assert.deepEqual(discovery.api_roots, [discovery.default]);
    assert.match(discovery.default, /\/taxii2\/api\/$/);
    const root = await json(w.auth.tokenBravo, '/taxii2/api/');
    assert.deepEqual(root.versions, [TAXII_MEDIA]);
    const bravo = await json(w.auth.tokenBravo, '/taxii2/api/collections/');
    assert.deepEqual(
      bravo.collections.map((c: { id: string }) => c.id).sort(),
      [w.spaceId, ownCollectionId(w.orgIds.bravo)].sort(),
    );
    assert.equal(bravo.collections[0].can_write, false);
    const delta = await json(w.auth.tokenDelta, '/taxii2/api/collections/');
    assert.deepEqual(
      delta.collections.map((c: { id: string }) => c.id),
      [ownCollectionId(w.orgIds.delta)],
    );
  });

  test('TLP matrix over TAXII: each token sees exactly the indicators the API shows it', async () => {
    const tokens: Reader[] = ['tokenAlpha', 'tokenBravo', 'tokenCharlie'];
    for (const reader of tokens) {
      const page = await json(w.auth[reader], objectsUrl(w.spaceId, '?limit=1000'));
      const seen = new Set(
        page.objects.filter((o: { type: string }) => o.type === 'indicator').map((o: { id: string }) => o.id),
      );
      // The same policy as REST: the indicator SDOs are exactly the REST list's shared ones.
      const rest = await call(t.app, {
        url: `/api/v1/orgs/${w.orgOf[reader]}/intel/indicators?scope=all&limit=200`,
        auth: w.auth[reader],
      });
      const restIds = rest
        .json()
        .items.filter((i: { state: string }) => i.state === 'shared')
        .map((i: { id: string }) => sdoId('indicator', i.id));
      assert.deepEqual([...seen].sort(), restIds.sort(), `${reader}: TAXII = REST`);
      for (const tlp of LABELS) {
        const want = ENTITLED[tlp].includes(reader) && tlp !== 'RED';
        assert.equal(seen.has(sdoId('indicator', ids.get(tlp)!)), want, `${reader} × ${tlp}`);
      }
      assert.deepEqual(
        bundleProblems({
          type: 'bundle',
          id: 'bundle--6ba7b810-9dad-41d1-80b4-00c04fd430c8',
          objects: page.objects,
        }),
        [],
      );
    }
    const own = await json(w.auth.tokenAlpha, objectsUrl(ownCollectionId(w.orgIds.alpha)));
    const names = own.objects
      .filter((o: { type: string }) => o.type === 'indicator')
      .map((o: { name: string }) => o.name);
    assert.equal(names.length, 4, `own collection: all but RED (${names.join(', ')})`);
  });

  test('paging: concatenated pages are the whole collection, without duplicates (property)', async () => {
    for (let n = 1; n <= 6; n++) await shareByHand(w, 'GREEN', n);
    const full = (await json(w.auth.tokenBravo, objectsUrl(w.spaceId, '?limit=1000'))).objects.map(
      (o: { id: string }) => o.id,
    );
    assert.ok(full.length > 15);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 9 }), fc.boolean(), async (limit, manifest) => {
        const got: string[] = [];
        let next: string | undefined;
        for (let i = 0; i < 100; i++) {
          const q = `?limit=${limit}${next ? `&next=${encodeURIComponent(next)}` : ''}`;
          const base = manifest ? `/taxii2/api/collections/${w.spaceId}/manifest/` : objectsUrl(w.spaceId);
          const page = await json(w.auth.tokenBravo, `${base}${q}`);
          const items = page.objects ?? [];
          assert.ok(items.length <= limit);
          got.push(...items.map((o: { id: string }) => o.id));
          if (!page.more) break;
          next = page.next;
        }
        assert.deepEqual(got, full);
        assert.equal(new Set(got).size, got.length, 'no duplicates');
      }),
      { numRuns: 12 },
    );
  });

  test('added_after, match[type], match[id], one object, versions', async () => {
    const all = await get(w.auth.tokenBravo, objectsUrl(w.spaceId, '?limit=3'));
    const first = all.headers['x-taxii-date-added-first'] as string;
    assert.match(first, /^\d{4}-\d\d-\d\dT/);
    const later = await json(w.auth.tokenBravo, objectsUrl(w.spaceId, `?added_after=${first}`));
    assert.ok(
      later.objects.every((o: { id: string }) => o.id),
      'objects after the first date',
    );
    const fullCount = (await json(w.auth.tokenBravo, objectsUrl(w.spaceId))).objects.length;
    assert.ok(later.objects.length < fullCount);
    const onlyIndicators = await json(
      w.auth.tokenBravo,
      objectsUrl(w.spaceId, '?match[type]=indicator,identity'),
    );
    assert.deepEqual([...new Set(onlyIndicators.objects.map((o: { type: string }) => o.type))].sort(), [
      'identity',
      'indicator',
    ]);
    const id = sdoId('indicator', ids.get('GREEN')!);
    const byId = await json(w.auth.tokenBravo, objectsUrl(w.spaceId, `?match[id]=${id}`));
    assert.deepEqual(
      byId.objects.map((o: { id: string }) => o.id),
      [id],
    );
    const one = await json(w.auth.tokenBravo, objectsUrl(w.spaceId, `${id}/`));
    assert.equal(one.objects[0].id, id);
    const versions = await json(w.auth.tokenBravo, objectsUrl(w.spaceId, `${id}/versions/`));
    assert.deepEqual(versions.versions, [one.objects[0].modified]);
    const amber = sdoId('indicator', ids.get('AMBER')!);
    assert.equal(
      (await get(w.auth.tokenCharlie, objectsUrl(w.spaceId, `${amber}/`))).statusCode,
      404,
      'not charlie’s to read',
    );
  });

  test('401, 403, 404, 406 and 400 are TAXII error messages', async () => {
    const expectError = async (res: Awaited<ReturnType<typeof get>>, status: number) => {
      assert.equal(res.statusCode, status, res.body);
      assert.equal(res.headers['content-type'], TAXII_MEDIA);
      const body = res.json();
      assert.equal(body.http_status, String(status));
      assert.ok(body.title && body.description);
    };
    await expectError(await get(null, '/taxii2/'), 401);
    await expectError(await get({ token: 'swm_nope' }, '/taxii2/api/collections/'), 401);
    await expectError(await get(w.auth.tokenDelta, objectsUrl(w.spaceId)), 404);
    await expectError(
      await get(w.auth.tokenBravo, '/taxii2/api/collections/00000000-0000-4000-8000-000000000000/'),
      404,
    );
    await expectError(await get(w.auth.tokenBravo, '/taxii2/api/nothing-here/'), 404);
    await expectError(await get(w.auth.tokenBravo, '/taxii2/', { accept: 'application/json' }), 406);
    await expectError(
      await get(w.auth.tokenBravo, '/taxii2/', { accept: 'application/taxii+json;version=2.0' }),
      406,
    );
    await expectError(await get(w.auth.tokenBravo, '/taxii2/', {}), 406);
    assert.equal(
      (await get(w.auth.tokenBravo, '/taxii2/', { accept: 'application/taxii+json' })).statusCode,
      200,
    );
    await expectError(await get(w.auth.tokenBravo, objectsUrl(w.spaceId, '?added_after=yesterday')), 400);
    await expectError(await get(w.auth.tokenBravo, objectsUrl(w.spaceId, '?limit=0')), 400);
    await expectError(await get(w.auth.tokenBravo, objectsUrl(w.spaceId, '?next=garbage')), 400);
    const post = await call(t.app, {
      method: 'POST',
      url: objectsUrl(w.spaceId),
      auth: w.auth.tokenBravo,
      headers: ACCEPT,
      body: { objects: [] },
    });
    await expectError(post, 403);
  });
});
