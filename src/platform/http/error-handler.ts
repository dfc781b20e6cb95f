import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DatabaseUnavailableError } from '../db/db.ts';
import { AppError, type ErrorBody, type ErrorCode } from './errors.ts';

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_VALIDATION: 'validation_failed',
};

/** Maps anything thrown to the catalogue; unknown errors are logged and answered generically. */
export function toAppError(err: unknown, log: FastifyRequest['log']): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof DatabaseUnavailableError) {
    log.error({ err: err.message }, 'database unavailable');
    return new AppError('service_unavailable', 'The database is unavailable; try again shortly.');
  }
  const fe = err as FastifyError & { validation?: unknown; validationContext?: string };
  if (fe.validation) {
    return new AppError(
      'validation_failed',
      `${fe.validationContext ?? 'request'}${fe.message.replace(/^(body|querystring|params|headers)/, '')}`,
      fe.validation,
    );
  }
  if (fe.code && FASTIFY_CODES[fe.code]) return new AppError(FASTIFY_CODES[fe.code]!, fe.message);
  if (fe.statusCode === 429) return new AppError('rate_limited', fe.message);
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500)
    return new AppError('bad_request', fe.message);
  log.error({ err }, 'unhandled error');
  return new AppError('internal');
}

export function sendError(reply: FastifyReply, err: AppError) {
  const body: ErrorBody = {
    error: { code: err.code, message: err.message, requestId: String(reply.request.id) },
  };
  if (err.details !== undefined) body.error.details = err.details;
  if (err.code === 'service_unavailable') reply.header('retry-after', '5');
  return reply.status(err.status).type('application/json; charset=utf-8').send(body);
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err, req, reply) => sendError(reply, toAppError(err, req.log)));
  app.setNotFoundHandler((req, reply) =>
    sendError(reply, new AppError('not_found', `No route for ${req.method} ${req.url.split('?')[0]}.`)),
  );
}
