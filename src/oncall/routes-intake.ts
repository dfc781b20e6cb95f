import type { FastifyError, FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { PUBLIC } from '../platform/auth/access.ts';
import { toAppError } from '../platform/http/error-handler.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import { AmWebhook, receiveAlertmanager } from './intake-alertmanager.ts';
import { enqueuePdEvent } from './intake-pagerduty.ts';

export interface IntakeOptions {
  /** Requests per minute per client address on each intake endpoint. */
  rateLimitPerMinute: number;
  /** Largest body, bytes (PagerDuty's own limit is 512 KB). */
  bodyLimit: number;
}

const tags = ['intake'];
const PdError = Type.Object({
  status: Type.String(),
  message: Type.String(),
  errors: Type.Array(Type.String()),
});

/** PagerDuty clients read `{ status, message, errors }`; every failure on that route answers so. */
function pagerDutyErrors(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const e = toAppError(err, req.log);
    if (e.status === 429) {
      return reply.status(429).send({
        status: 'throttle event',
        message: 'Requests for this integration are arriving too quickly; retry later.',
      });
    }
    if (e.status >= 500)
      return reply.status(e.status).send({ status: 'error', message: 'Internal error; retry later.' });
    const message = e.code === 'invalid_json' ? 'Event object is invalid' : e.message;
    const errors = e.code === 'invalid_json' ? ['Body is not valid JSON'] : [e.message];
    return reply.status(e.status === 413 ? 413 : 400).send({ status: 'invalid event', message, errors });
  });
}

export function intakeRoutes(p: Platform, o: IntakeOptions) {
  return async (app: FastifyInstance) => {
    const limits = { rateLimit: { max: o.rateLimitPerMinute, timeWindow: '1 minute' } };
    await app.register(async (pd) => {
      pagerDutyErrors(pd);
      (pd as TypedApp).post(
        '/intake/pagerduty/v2/enqueue',
        {
          bodyLimit: o.bodyLimit,
          config: { access: PUBLIC, ...limits },
          schema: {
            tags,
            summary: 'PagerDuty Events API v2 (routing_key = an integration key)',
            security: [],
            response: {
              202: Type.Object({ status: Type.String(), message: Type.String(), dedup_key: Type.String() }),
              400: PdError,
              404: PdError,
            },
          },
        },
        async (req, reply) => {
          const answer = await enqueuePdEvent(p, req.body);
          return reply.status(answer.status as 202).send(answer.body as never);
        },
      );
    });
    (app as TypedApp).post(
      '/intake/alertmanager/:integrationKey',
      {
        bodyLimit: o.bodyLimit,
        config: { access: PUBLIC, ...limits },
        schema: {
          tags,
          summary: 'Prometheus Alertmanager webhook receiver (v4), one incident per groupKey',
          security: [],
          params: Type.Object({ integrationKey: Type.String({ minLength: 1, maxLength: 200 }) }),
          body: AmWebhook,
        },
      },
      async (req) => receiveAlertmanager(p, req.params.integrationKey, req.body as never),
    );
  };
}
