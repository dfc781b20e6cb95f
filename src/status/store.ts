import type { Queryable } from '../platform/db/db.ts';

export interface PageRow {
  id: string;
  org_id: string;
  slug: string;
  name: string;
  custom_host: string | null;
  published: boolean;
  time_zone: string;
  created_at: Date;
  updated_at: Date;
}
export interface ComponentRow {
  id: string;
  page_id: string;
  group_id: string | null;
  is_group: boolean;
  name: string;
  description: string;
  status: string;
  position: number;
  showcase: boolean;
  created_at: Date;
  updated_at: Date;
}
export interface ComponentEventRow {
  component_id: string;
  status: string;
  at: Date;
}

const PAGE_COLS = 'id, org_id, slug, name, custom_host, published, time_zone, created_at, updated_at';
const COMPONENT_COLS =
  'id, page_id, group_id, is_group, name, description, status, position, showcase, created_at, updated_at';

export const pageOfOrg = (q: Queryable, orgId: string) =>
  q.one<PageRow>(`select ${PAGE_COLS} from status_pages where org_id = $1`, [orgId]);
export const pageById = (q: Queryable, id: string) =>
  q.one<PageRow>(`select ${PAGE_COLS} from status_pages where id = $1`, [id]);
export const publishedPages = (q: Queryable) =>
  q.query<PageRow>(`select ${PAGE_COLS} from status_pages where published order by slug`);

/** The row whose slug or host is already taken by another page, if any. */
export const pageClaiming = (q: Queryable, slug: string, host: string | null, exceptId: string | null) =>
  q.one<PageRow>(
    `select ${PAGE_COLS} from status_pages
      where (slug = $1 or (custom_host is not null and custom_host = $2)) and ($3::text is null or id <> $3)
      limit 1`,
    [slug, host, exceptId],
  );

export async function upsertPage(
  q: Queryable,
  id: string,
  orgId: string,
  v: { slug: string; name: string; customHost: string | null; published: boolean; timeZone: string },
): Promise<PageRow> {
  return (await q.one<PageRow>(
    `insert into status_pages (id, org_id, slug, name, custom_host, published, time_zone)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (org_id) do update set slug = excluded.slug, name = excluded.name,
       custom_host = excluded.custom_host, published = excluded.published,
       time_zone = excluded.time_zone, updated_at = now()
     returning ${PAGE_COLS}`,
    [id, orgId, v.slug, v.name, v.customHost, v.published, v.timeZone],
  ))!;
}

export const touchPage = (q: Queryable, pageId: string) =>
  q.execute('update status_pages set updated_at = now() where id = $1', [pageId]);

export const componentsOf = (q: Queryable, pageId: string) =>
  q.query<ComponentRow>(
    `select ${COMPONENT_COLS} from status_components where page_id = $1 order by position, created_at, id`,
    [pageId],
  );
export const componentById = (q: Queryable, pageId: string, id: string) =>
  q.one<ComponentRow>(`select ${COMPONENT_COLS} from status_components where page_id = $1 and id = $2`, [
    pageId,
    id,
  ]);

export async function insertComponent(
  q: Queryable,
  c: Omit<ComponentRow, 'created_at' | 'updated_at'>,
): Promise<ComponentRow> {
  const row = (await q.one<ComponentRow>(
    `insert into status_components (id, page_id, group_id, is_group, name, description, status, position, showcase)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${COMPONENT_COLS}`,
    [c.id, c.page_id, c.group_id, c.is_group, c.name, c.description, c.status, c.position, c.showcase],
  ))!;
  await recordStatus(q, row.id, row.status);
  return row;
}

export async function updateComponent(
  q: Queryable,
  c: Omit<ComponentRow, 'created_at' | 'updated_at' | 'page_id' | 'is_group'>,
): Promise<ComponentRow> {
  return (await q.one<ComponentRow>(
    `update status_components set group_id = $2, name = $3, description = $4, status = $5, position = $6,
       showcase = $7, updated_at = now() where id = $1 returning ${COMPONENT_COLS}`,
    [c.id, c.group_id, c.name, c.description, c.status, c.position, c.showcase],
  ))!;
}

/** Sets a status and logs it for the uptime history (only when it changes). */
export async function setComponentStatus(q: Queryable, id: string, status: string): Promise<boolean> {
  const changed = await q.execute(
    'update status_components set status = $2, updated_at = now() where id = $1 and status <> $2',
    [id, status],
  );
  if (changed) await recordStatus(q, id, status);
  return changed > 0;
}

export const recordStatus = (q: Queryable, componentId: string, status: string) =>
  q.execute('insert into status_component_events (component_id, status) values ($1, $2)', [
    componentId,
    status,
  ]);

export const deleteComponent = (q: Queryable, pageId: string, id: string) =>
  q.execute('delete from status_components where page_id = $1 and id = $2', [pageId, id]);

/**
 * The status changes uptime needs for components of a page since `since`, plus the last
 * change before it (the status each component was in when the window opens).
 */
export const componentEventsSince = (q: Queryable, pageId: string, since: Date) =>
  q.query<ComponentEventRow>(
    `select e.component_id, e.status, e.at from status_component_events e
       join status_components c on c.id = e.component_id
      where c.page_id = $1 and (e.at >= $2 or e.id = (
        select max(p.id) from status_component_events p where p.component_id = e.component_id and p.at < $2))
      order by e.component_id, e.at, e.id`,
    [pageId, since],
  );
