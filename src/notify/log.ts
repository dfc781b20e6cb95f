import { decodeCursor, page } from '../platform/http/pagination.ts';
import type { Platform } from '../platform/platform.ts';
import { presentDelivery } from './presenters.ts';
import * as store from './store.ts';

/** An organisation's delivery log, newest first, paginated. */
export async function listOrgDeliveries(p: Platform, orgId: string, limit: number, cursor?: string) {
  const after = decodeCursor(cursor, ['string', 'string']) as [string, string] | undefined;
  const rows = await store.listByOrg(p.db, orgId, after, limit + 1);
  const res = page(rows, limit, (r) => [r.created_at.toISOString(), r.id]);
  return { items: res.items.map(presentDelivery), nextCursor: res.nextCursor };
}
