// Reads behind the detection API. Access (viewer of the org) is checked by the route's access
// rule before these run; the org filter in every query keeps one org's attacks from another.

import { AppError } from '../platform/http/errors.ts';
import { decodeCursor, page } from '../platform/http/pagination.ts';
import type { Platform } from '../platform/platform.ts';
import { canRead } from '../policy/index.ts';
import type { Principal } from '../policy/principal.ts';
import { listCollectors as listCollectorRows, listExporters } from './collectors-store.ts';
import { presentAttack, presentAttackWithSamples, presentCollector } from './presenters.ts';
import { findAttack, listAttacks as listAttackRows, listSamples } from './store.ts';

/** Samples returned with one attack: two hours of per-second points for a handful of vectors. */
const MAX_SAMPLES = 20_000;

/** Attacks are AMBER content of their org: the policy module decides, as for every read path. */
const readable = (principal: Principal, orgId: string) => canRead(principal, { tlp: 'AMBER', orgId });

export async function listAttacks(
  p: Platform,
  principal: Principal,
  orgId: string,
  query: { state?: 'active' | 'ended'; limit?: number; cursor?: string },
) {
  if (!readable(principal, orgId)) throw new AppError('not_found', 'No such organisation.');
  const limit = query.limit ?? 50;
  const key = decodeCursor(query.cursor, ['string', 'string']);
  const after = key ? { startedAt: key[0] as string, id: key[1] as string } : undefined;
  if (after && (Number.isNaN(Date.parse(after.startedAt)) || !/^[0-9a-f-]{36}$/i.test(after.id))) {
    throw new AppError('invalid_cursor');
  }
  const rows = await listAttackRows(p.db, orgId, query.state, limit + 1, after);
  const result = page(rows, limit, (r) => [r.started_at.toISOString(), r.id]);
  return { items: result.items.map(presentAttack), nextCursor: result.nextCursor };
}

export async function getAttack(p: Platform, principal: Principal, orgId: string, attackId: string) {
  const row = readable(principal, orgId) ? await findAttack(p.db, orgId, attackId) : undefined;
  if (!row) throw new AppError('not_found', 'No such attack.');
  return presentAttackWithSamples(row, await listSamples(p.db, row.id, MAX_SAMPLES));
}

export async function listCollectors(p: Platform, principal: Principal, orgId: string) {
  if (!readable(principal, orgId)) throw new AppError('not_found', 'No such organisation.');
  const rows = await listCollectorRows(p.db, orgId);
  const exporters = await listExporters(
    p.db,
    rows.map((r) => r.name),
  );
  return {
    items: rows.map((r) =>
      presentCollector(
        r,
        exporters.filter((e) => e.collector === r.name),
      ),
    ),
  };
}
