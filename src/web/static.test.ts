import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerErrorHandling } from '../platform/http/error-handler.ts';
import { webModule } from './static.ts';

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

async function appWith(root: string): Promise<FastifyInstance> {
  const app = Fastify();
  registerErrorHandling(app);
  app.get('/api/v1/ok', async () => ({ ok: true }));
  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.register(webModule({ root }));
  await app.ready();
  return app;
}

describe('web console serving', () => {
  let dir: string;
  let app: FastifyInstance;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'swimmy-ui-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = await appWith(dir);
  });
  after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('pages a browser asks for get index.html, never cached', async () => {
    for (const url of ['/', '/sign-in', '/o/acme/members', '/o/acme/audit?x=1', '/index.html']) {
      const res = await app.inject({ url, headers: HTML });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.headers['content-type'] as string, /^text\/html/, url);
      assert.equal(res.headers['cache-control'], 'no-cache', url);
      assert.match(res.body, /<title>console<\/title>/, url);
    }
    const head = await app.inject({ method: 'HEAD', url: '/o/acme', headers: HTML });
    assert.equal(head.statusCode, 200);
    assert.equal(head.body, '');
  });

  test('hashed assets are immutable for a year; a missing asset is a JSON 404 without that cache', async () => {
    const res = await app.inject({ url: '/assets/index-abc123.js' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /javascript/);
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    const miss = await app.inject({ url: '/assets/index-gone.js', headers: HTML });
    assert.equal(miss.statusCode, 404);
    assert.equal(miss.json().error.code, 'not_found');
    assert.doesNotMatch(String(miss.headers['cache-control'] ?? ''), /immutable/);
  });

  test('other build files are served for an hour', async () => {
    const res = await app.inject({ url: '/favicon.svg' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'public, max-age=3600');
  });

  test('server paths keep their JSON 404s, even for a browser', async () => {
    for (const url of ['/api/v1/nope', '/api', '/api/', '/metrics/x', '/healthz/deep', '/readyz/x']) {
      const res = await app.inject({ url, headers: HTML });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().error.code, 'not_found', url);
    }
    assert.deepEqual((await app.inject({ url: '/api/v1/ok', headers: HTML })).json(), { ok: true });
    assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200);
  });

  test('non-HTML clients and other methods get the JSON 404', async () => {
    const json = await app.inject({ url: '/o/acme', headers: { accept: 'application/json' } });
    assert.equal(json.statusCode, 404);
    assert.equal(json.json().error.code, 'not_found');
    const post = await app.inject({ method: 'POST', url: '/o/acme', headers: HTML });
    assert.equal(post.statusCode, 404);
    assert.equal(post.json().error.code, 'not_found');
  });

  test('nothing outside the build directory is reachable', async () => {
    for (const url of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/assets/..%2f..%2fpackage.json',
      '/..%5cpackage.json',
    ]) {
      const res = await app.inject({ url, headers: { accept: '*/*' } });
      assert.notEqual(res.statusCode, 200, url);
      assert.doesNotMatch(res.body, /"name"/, url);
    }
  });
});

describe('web console not built', () => {
  test('pages answer 503 with how to build it; the API is unaffected', async () => {
    const missing = join(tmpdir(), `swimmy-no-ui-${process.pid}-${Date.now()}`);
    const app = await appWith(missing);
    try {
      const res = await app.inject({ url: '/o/acme/members', headers: HTML });
      assert.equal(res.statusCode, 503);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.match(res.body, /npm run build:ui/);
      assert.equal((await app.inject({ url: '/api/v1/nope', headers: HTML })).json().error.code, 'not_found');
    } finally {
      await app.close();
    }
  });
});
