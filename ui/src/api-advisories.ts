/**
 * Advisories (src/advisories/routes.ts): preview, publish and revisions of an org's CSAF 2.0 VEX
 * advisories. Shapes come from the server's schemas through type-only imports.
 */
import type { Static } from 'typebox';
import type {
  Advisory as AdvisorySchema,
  Blocker as BlockerSchema,
  Preview as PreviewSchema,
  Published as PublishedSchema,
  PublishInput as PublishInputSchema,
  RevisionOut as RevisionSchema,
} from '../../src/advisories/schemas.ts';
import { ApiError, enc, q, request } from './api.ts';

export type Advisory = Static<typeof AdvisorySchema>;
export type AdvisoryRevision = Static<typeof RevisionSchema>;
export type Blocker = Static<typeof BlockerSchema>;
export type AdvisoryPreview = Static<typeof PreviewSchema>;
export type Published = Static<typeof PublishedSchema>;
export type PublishInput = Static<typeof PublishInputSchema>;
export type PreviewInput = Omit<PublishInput, 'summary'> & { summary?: string };

type Items<T> = { items: T[] };

export const advisoriesApi = {
  list: (orgId: string, caseId?: string) =>
    request<Items<Advisory>>('GET', `/orgs/${enc(orgId)}/advisories${q({ caseId })}`),
  preview: (orgId: string, body: PreviewInput) =>
    request<AdvisoryPreview>('POST', `/orgs/${enc(orgId)}/advisories/preview`, body),
  publish: (orgId: string, body: PublishInput) =>
    request<Published>('POST', `/orgs/${enc(orgId)}/advisories`, body),
  revisions: (orgId: string, trackingId: string) =>
    request<Items<AdvisoryRevision>>('GET', `/orgs/${enc(orgId)}/advisories/${enc(trackingId)}/revisions`),
};

/** The rows a 409 from publish names (they need re-marking by their source). */
export function blockersOf(err: unknown): Blocker[] | null {
  if (!(err instanceof ApiError) || err.status !== 409) return null;
  const blocking = (err.details as { blocking?: Blocker[] } | undefined)?.blocking;
  return Array.isArray(blocking) ? blocking : null;
}
