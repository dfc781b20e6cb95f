import type { FastifyReply, FastifyRequest } from 'fastify';
import { TaxiiError } from './errors.ts';

/** TAXII 2.1 §1.6.8 media types. */
export const TAXII_MEDIA = 'application/taxii+json;version=2.1';
export const STIX_MEDIA = 'application/stix+json;version=2.1';

/**
 * Content negotiation: the client must accept the TAXII 2.1 media type (with `version=2.1`, or
 * without a version, which means the newest: 2.1). Anything else, or no Accept header at all
 * (TAXII clients must send one), is answered 406 Not Acceptable.
 */
export function acceptsTaxii(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (type !== 'application/taxii+json') return false;
    const version = params.find((x) => x.startsWith('version='));
    const q = params.find((x) => x.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) return false;
    return version === undefined || version === 'version=2.1';
  });
}

export function requireTaxiiAccept(req: FastifyRequest) {
  if (!acceptsTaxii(req.headers.accept))
    throw new TaxiiError(
      406,
      'Not Acceptable',
      `Send "Accept: ${TAXII_MEDIA}"; this server speaks TAXII 2.1 only.`,
    );
}

export const sendTaxii = (reply: FastifyReply, body: unknown, status = 200) =>
  reply
    .status(status)
    .header('content-type', TAXII_MEDIA)
    .send(Buffer.from(JSON.stringify(body)));
