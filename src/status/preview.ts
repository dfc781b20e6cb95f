import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import { requirePage } from './pages.ts';
import { renderHtml, renderIncident } from './public/render.ts';
import { loadSnapshot } from './public/snapshot.ts';
import { pagePublicUrl } from './urls.ts';

/**
 * The public HTML of the org's page rendered now, by the same code the public side uses, so
 * that what the console previews is byte for byte what visitors get (published or not).
 */
export async function preview(p: Platform, orgId: string, q: { incident?: string; history?: boolean }) {
  const page = await requirePage(p, orgId);
  const snapshot = await loadSnapshot(p.db, page, pagePublicUrl(p.config, page));
  const prefix = `/status/${page.slug}`;
  const r = q.incident
    ? renderIncident(snapshot, q.incident, prefix)
    : renderHtml(snapshot, prefix).get(q.history ? '/history' : '/');
  if (!r) throw new AppError('not_found', 'No such incident on this status page.');
  return r.body;
}
