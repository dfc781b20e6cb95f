import type { Platform } from '../platform/platform.ts';
import {
  type Principal,
  SqlParams,
  type Tlp,
  visibleCasesFilter,
  visibleLabelsFilter,
} from '../policy/index.ts';
import { auditReads } from './labels.ts';

interface HitRow {
  type: 'case' | 'post';
  id: string;
  case_id: string;
  space_id: string;
  case_title: string;
  tlp: Tlp;
  org_id: string;
  snippet: string;
  rank: number;
}

// Plain-text snippets with «…» around matches: never HTML (the source is raw Markdown).
const HEADLINE = `'StartSel=«, StopSel=», MaxWords=30, MinWords=10, MaxFragments=2'`;

/**
 * Full-text search over the cases and posts the caller may read (PostgreSQL text search, the
 * same on PGlite). The visibility predicate is in each branch's WHERE, so snippets and ranks
 * are computed only from visible rows; there is no total count to leak through.
 */
export async function search(
  p: Platform,
  principal: Principal,
  q: string,
  opts: { spaceId?: string; limit: number },
) {
  const params = new SqlParams([q, opts.spaceId ?? null]);
  const cases = visibleCasesFilter(principal, params, 'c');
  const posts = `${visibleCasesFilter(principal, params, 'c')} and ${visibleLabelsFilter(principal, params, 'px', 'c.tlp')}`;
  const rows = await p.db.query<HitRow>(
    `with query as (select websearch_to_tsquery('english', $1) as q)
     select * from (
       select 'case' as type, c.id, c.id as case_id, c.space_id, c.title as case_title, c.tlp, c.org_id,
              ts_headline('english', c.title || ' ' || c.cve_text, query.q, ${HEADLINE}) as snippet,
              ts_rank(c.search, query.q) as rank
         from cases c, query where c.search @@ query.q and ($2::uuid is null or c.space_id = $2) and ${cases}
       union all
       select 'post', px.id, px.case_id, px.space_id, c.title, px.tlp, px.org_id,
              ts_headline('english', px.body_md, query.q, ${HEADLINE}), ts_rank(px.search, query.q)
         from posts px join cases c on c.id = px.case_id, query
        where px.search @@ query.q and ($2::uuid is null or px.space_id = $2) and ${posts}
     ) hits order by rank desc, id limit ${params.add(opts.limit)}`,
    params.values,
  );
  await auditReads(
    p,
    principal,
    'post',
    rows.filter((r) => r.type === 'post'),
    'search',
  );
  return {
    items: rows.map((r) => ({
      type: r.type,
      id: r.id,
      caseId: r.case_id,
      spaceId: r.space_id,
      caseTitle: r.case_title,
      tlp: r.tlp,
      snippet: r.snippet,
    })),
  };
}
