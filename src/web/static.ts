import { stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../platform/http/errors.ts';

/** Where `npm run build:ui` writes the console (ui/vite.config.ts). */
export const DEFAULT_UI_DIR = fileURLToPath(new URL('../../dist/ui', import.meta.url));

// Paths that belong to the server; a miss there is a JSON 404, never the console's HTML.
const SERVER_PATHS = /^\/(?:api|metrics|healthz|readyz)(?:\/|$)/;

const YEAR_MS = 365 * 24 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Swimmy: web console not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:10vh auto;padding:0 1rem}code{background:#eee;padding:.1em .3em;border-radius:4px}</style>
</head>
<body>
<h1>The web console is not built</h1>
<p>This Swimmy server runs, but it finds no built console in <code>dist/ui</code>.</p>
<p>Build it with <code>npm run build:ui</code> (or start the server with <code>npm start</code>, which builds it when needed), then reload this page.</p>
<p>The API works meanwhile: see <a href="/api/docs">the API reference</a>.</p>
</body>
</html>
`;

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

const acceptsHtml = (req: FastifyRequest) => (req.headers.accept ?? '').toLowerCase().includes('text/html');

const notFound = (req: FastifyRequest) =>
  new AppError('not_found', `No route for ${req.method} ${req.url.split('?')[0]}.`);

/**
 * Serves the web console: content-hashed assets with a year-long immutable cache, other files
 * from the build's root for an hour, and index.html (never cached, so a deploy takes effect at
 * once) for every other page a browser asks for, so that /o/acme/members survives a reload.
 * Register at the root: `app.register(webModule())`.
 */
export function webModule(options: { root?: string } = {}) {
  const root = resolve(options.root ?? DEFAULT_UI_DIR);

  const sendIndex = async (reply: FastifyReply) => {
    if (!(await isFile(join(root, 'index.html')))) {
      return reply
        .code(503)
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(NOT_BUILT_PAGE);
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  };

  return async function web(app: FastifyInstance) {
    // serve: false: we route ourselves, so the SPA fallback and JSON 404s stay in our hands.
    await app.register(fastifyStatic, { root, serve: false, index: false, suppressWarning: true });

    app.get('/assets/*', { schema: { hide: true } }, async (req, reply) => {
      const rel = (req.params as { '*': string })['*'];
      // send sets the cache header only when it finds the file; a miss is the JSON 404.
      return reply.sendFile(`assets/${rel}`, { maxAge: YEAR_MS, immutable: true });
    });

    app.get('/*', { schema: { hide: true } }, async (req, reply) => {
      const path = req.url.split('?')[0] ?? '/';
      if (SERVER_PATHS.test(path)) throw notFound(req);
      const rel = (req.params as { '*': string })['*'];
      if (rel && rel !== 'index.html') {
        const file = resolve(root, rel);
        if (file.startsWith(root + sep) && (await isFile(file)))
          return reply.sendFile(rel, { maxAge: HOUR_MS });
      }
      if (!acceptsHtml(req)) throw notFound(req);
      return sendIndex(reply);
    });
  };
}
