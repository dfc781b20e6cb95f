import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { CredentialCache } from '../auth/cache.ts';
import { registerAuth } from '../auth/plugin.ts';
import type { Platform } from '../platform.ts';
import { registerErrorHandling } from './error-handler.ts';
import { registerHealth } from './health.ts';
import { registerHttpMetrics } from './metrics.ts';
import { registerValidation } from './validation.ts';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export type App = FastifyInstance;

/**
 * The HTTP server with every cross-cutting concern wired: request ids, validation, the error
 * catalogue, authentication and access rules, rate limits, security headers, OpenAPI, metrics
 * and health. Domain modules add routes to what this returns.
 */
export async function createServer(platform: Platform) {
  const { config } = platform;
  const app = Fastify({
    loggerInstance: platform.log as FastifyBaseLogger,
    bodyLimit: config.bodyLimit,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Per-request logs would dominate under load; failures are logged by the hooks below.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: false,
    // Shutdown must not wait for idle keep-alive sockets or open live streams (they resume).
    forceCloseConnections: true,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    if (reply.statusCode >= 500) req.log.warn({ url: req.url, status: reply.statusCode }, 'request failed');
  });

  registerValidation(app);
  registerErrorHandling(app);
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
      },
    },
  });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Swimmy API',
        version: '1',
        description:
          'Detect, escalate, coordinate and inform. Authenticate with a session cookie (plus x-csrf-token on writes) or `Authorization: Bearer swm_…`. Errors: `{ error: { code, message, requestId } }`. Lists: `?limit=&cursor=` → `{ items, nextCursor }`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'swimmy_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerAuth(app, platform.db, {
    sessionIdleHours: config.sessionIdleHours,
    cache: new CredentialCache(platform.bus),
  });
  registerHttpMetrics(app, platform.metrics);
  registerHealth(app, platform);
  return app;
}

export type TypedApp = Awaited<ReturnType<typeof createServer>>;
