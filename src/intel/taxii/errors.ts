import type { FastifyInstance, FastifyReply } from 'fastify';
import { toAppError } from '../../platform/http/error-handler.ts';
import { AppError } from '../../platform/http/errors.ts';
import { TAXII_MEDIA } from './media.ts';

/** An error answered as a TAXII 2.1 error message (§3.6.1). */
export class TaxiiError extends Error {
  readonly status: number;
  readonly title: string;
  constructor(status: number, title: string, description: string) {
    super(description);
    this.status = status;
    this.title = title;
  }
}

function send(reply: FastifyReply, e: TaxiiError) {
  if (e.status === 401) reply.header('www-authenticate', 'Bearer realm="swimmy-taxii"');
  return reply
    .status(e.status)
    .header('content-type', TAXII_MEDIA)
    .send(
      // A Buffer: Fastify would rewrite the media type of a string body (adding a charset).
      Buffer.from(
        JSON.stringify({
          title: e.title,
          description: e.message,
          http_status: String(e.status),
          error_id: String(reply.request.id),
        }),
      ),
    );
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Every error under /taxii2 (authentication included) becomes a TAXII error message. */
export function registerTaxiiErrors(app: FastifyInstance) {
  app.setErrorHandler((err, req, reply) => {
    if (err instanceof TaxiiError) return send(reply, err);
    const e: AppError = err instanceof AppError ? err : toAppError(err, req.log);
    return send(reply, new TaxiiError(e.status, TITLES[e.status] ?? 'Error', e.message));
  });
  app.setNotFoundHandler((_req, reply) =>
    send(reply, new TaxiiError(404, 'Not Found', 'No such TAXII resource.')),
  );
}
