import type { Queryable } from '../../platform/db/db.ts';

export interface SubscriberRow {
  id: string;
  page_id: string;
  kind: 'email' | 'webhook';
  email: string | null;
  url: string | null;
  secret: string | null;
  component_ids: string[] | null;
  state: 'pending' | 'confirmed';
  created_by: string | null;
  created_at: Date;
  confirmed_at: Date | null;
  confirmation_sent_at: Date | null;
}

const COLS = `id, page_id, kind, email, url, secret, component_ids, state, created_by, created_at,
  confirmed_at, confirmation_sent_at`;

export const subscriberById = (q: Queryable, id: string) =>
  q.one<SubscriberRow>(`select ${COLS} from status_subscribers where id = $1`, [id]);

export const subscriberOfPage = (q: Queryable, pageId: string, id: string) =>
  q.one<SubscriberRow>(`select ${COLS} from status_subscribers where page_id = $1 and id = $2`, [pageId, id]);

/**
 * Inserts a pending email subscriber, or returns the existing row for the address (locked, so
 * two sign-ups at once agree on one row and one confirmation email).
 */
export async function upsertEmail(
  q: Queryable,
  s: { pageId: string; email: string; componentIds: string[] | null; createdBy: string | null },
): Promise<SubscriberRow> {
  await q.execute(
    `insert into status_subscribers (page_id, kind, email, component_ids, state, created_by)
     values ($1, 'email', $2, $3, 'pending', $4) on conflict do nothing`,
    [s.pageId, s.email, s.componentIds, s.createdBy],
  );
  const row = await q.one<SubscriberRow>(
    `select ${COLS} from status_subscribers where page_id = $1 and kind = 'email' and email = $2 for update`,
    [s.pageId, s.email],
  );
  return row!;
}

export const insertWebhook = (
  q: Queryable,
  s: { pageId: string; url: string; secret: string; componentIds: string[] | null; createdBy: string | null },
) =>
  q.one<SubscriberRow>(
    `insert into status_subscribers (page_id, kind, url, secret, component_ids, state, created_by, confirmed_at)
     values ($1, 'webhook', $2, $3, $4, 'confirmed', $5, now()) on conflict do nothing returning ${COLS}`,
    [s.pageId, s.url, s.secret, s.componentIds, s.createdBy],
  );

/** A pending subscriber's choice changes with each sign-up (the address owner has not spoken yet). */
export const setPendingChoice = (q: Queryable, id: string, componentIds: string[] | null) =>
  q.execute(`update status_subscribers set component_ids = $2 where id = $1 and state = 'pending'`, [
    id,
    componentIds,
  ]);

export const markConfirmationSent = (q: Queryable, id: string) =>
  q.execute('update status_subscribers set confirmation_sent_at = now() where id = $1', [id]);

/** Confirms once; returns the row when it was pending, null when already confirmed or gone. */
export const confirm = (q: Queryable, id: string) =>
  q.one<SubscriberRow>(
    `update status_subscribers set state = 'confirmed', confirmed_at = now()
     where id = $1 and state = 'pending' returning ${COLS}`,
    [id],
  );

export const remove = (q: Queryable, id: string) =>
  q.one<{ id: string }>('delete from status_subscribers where id = $1 returning id', [id]);

/**
 * Confirmed subscribers who chose every component or one of `componentIds` (an empty list
 * means the subject touches no component in particular: everyone hears of it), in pages.
 */
export const confirmedMatching = (
  q: Queryable,
  pageId: string,
  componentIds: readonly string[],
  after: string | null,
  limit: number,
) =>
  q.query<SubscriberRow>(
    `select ${COLS} from status_subscribers
     where page_id = $1 and state = 'confirmed'
       and (component_ids is null or cardinality($2::text[]) = 0 or component_ids && $2::text[])
       and ($3::uuid is null or id > $3::uuid)
     order by id limit $4`,
    [pageId, componentIds, after, limit],
  );

export const listOfPage = (q: Queryable, pageId: string, limit: number) =>
  q.query<SubscriberRow>(
    `select ${COLS} from status_subscribers where page_id = $1 order by created_at desc, id limit $2`,
    [pageId, limit],
  );

export const countsOfPage = (q: Queryable, pageId: string) =>
  q.query<{ kind: string; state: string; n: number }>(
    `select kind, state, count(*)::int as n from status_subscribers where page_id = $1 group by kind, state`,
    [pageId],
  );
