import type { Platform } from '../../platform/platform.ts';
import type { Principal } from '../../policy/index.ts';
import { listSpaces } from '../../spaces/service.ts';
import { uuidv5 } from '../stix/ids.ts';
import { STIX_MEDIA } from './media.ts';

/**
 * One API root (`/taxii2/api/`) whose collections depend on the caller: one per consortium
 * space the caller's org is an active member of (the indicators shared into it, as the caller
 * may read them), and one per org of the caller for that org's own shared indicators. Ids are
 * the space id, and a UUIDv5 of the org id for the own collection, so they are stable.
 */
export interface Collection {
  id: string;
  title: string;
  description: string;
  kind: 'space' | 'own';
  spaceId?: string;
  orgId?: string;
}

const OWN_NAMESPACE = '3f0c6f6e-2a7d-4c59-8d1e-5b0a9e7c4d21';
export const ownCollectionId = (orgId: string) => uuidv5(`own:${orgId}`, OWN_NAMESPACE);

export async function collectionsFor(p: Platform, principal: Principal): Promise<Collection[]> {
  const spaces = await listSpaces(p, principal);
  const own = [...principal.orgs.keys()].map((orgId) => ({
    id: ownCollectionId(orgId),
    title: 'Our shared indicators',
    description: 'Indicators this organisation shared with its consortium spaces.',
    kind: 'own' as const,
    orgId,
  }));
  const bySpace = spaces.items.map((s) => ({
    id: s.id,
    title: s.name,
    description: `Attack indicators shared in the consortium space "${s.name}".`,
    kind: 'space' as const,
    spaceId: s.id,
  }));
  return [...bySpace, ...own];
}

export const presentCollection = (c: Collection) => ({
  id: c.id,
  title: c.title,
  description: c.description,
  can_read: true,
  can_write: false,
  media_types: [STIX_MEDIA],
});
