import type { Queryable } from '../platform/db/db.ts';
import type { Channel, DeliveryStatus, Message, Target } from './types.ts';

export interface DeliveryRow {
  id: string;
  idempotency_key: string;
  channel: Channel;
  target: Target;
  payload: Message;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  org_id: string | null;
  owner_user_id: string | null;
  ref_type: string | null;
  ref_id: string | null;
  endpoint_id: string | null;
  created_at: Date;
  updated_at: Date;
  delivered_at: Date | null;
}

export interface EndpointRow {
  id: string;
  url: string;
  owner_user_id: string | null;
  org_id: string | null;
  consecutive_failures: number;
  disabled_at: Date | null;
}

const COLS = `id, idempotency_key, channel, target, payload, status, attempts, last_error, org_id,
  owner_user_id, ref_type, ref_id, endpoint_id, created_at, updated_at, delivered_at`;

export async function insertDelivery(
  q: Queryable,
  d: {
    key: string;
    channel: Channel;
    target: Target;
    payload: Message;
    orgId: string | null;
    ownerUserId: string | null;
    refType: string | null;
    refId: string | null;
  },
): Promise<{ id: string; created: boolean }> {
  const row = await q.one<{ id: string }>(
    `insert into notify_deliveries (idempotency_key, channel, target, payload, org_id, owner_user_id, ref_type, ref_id)
     values ($1, $2, $3::jsonb, $4::jsonb, $5, $6, $7, $8)
     on conflict (idempotency_key) do nothing returning id`,
    [
      d.key,
      d.channel,
      JSON.stringify(d.target),
      JSON.stringify(d.payload),
      d.orgId,
      d.ownerUserId,
      d.refType,
      d.refId,
    ],
  );
  if (row) return { id: row.id, created: true };
  const existing = await q.one<{ id: string }>(
    'select id from notify_deliveries where idempotency_key = $1',
    [d.key],
  );
  return { id: existing!.id, created: false };
}

export interface NewDelivery {
  key: string;
  channel: Channel;
  target: Target;
  payload: Message;
  orgId: string | null;
  ownerUserId: string | null;
  refType: string | null;
  refId: string | null;
}

/** Inserts several deliveries with one statement; returns the ids of those created, by key. */
export async function insertDeliveries(q: Queryable, ds: readonly NewDelivery[]) {
  if (!ds.length) return new Map<string, string>();
  const rows = await q.query<{ id: string; idempotency_key: string }>(
    `insert into notify_deliveries (idempotency_key, channel, target, payload, org_id, owner_user_id, ref_type, ref_id)
     select d.key, d.channel, d.target, d.payload, d.org_id, d.owner_user_id, d.ref_type, d.ref_id
     from jsonb_to_recordset($1::jsonb) as d(key text, channel text, target jsonb, payload jsonb, org_id uuid,
       owner_user_id uuid, ref_type text, ref_id text)
     on conflict (idempotency_key) do nothing returning id, idempotency_key`,
    [
      JSON.stringify(
        ds.map((d) => ({
          key: d.key,
          channel: d.channel,
          target: d.target,
          payload: d.payload,
          org_id: d.orgId,
          owner_user_id: d.ownerUserId,
          ref_type: d.refType,
          ref_id: d.refId,
        })),
      ),
    ],
  );
  return new Map(rows.map((r) => [r.idempotency_key, r.id]));
}

export const findDeliveries = (q: Queryable, ids: readonly string[]) =>
  q.query<DeliveryRow>(`select ${COLS} from notify_deliveries where id = any($1::uuid[])`, [ids]);

/**
 * Marks attempts delivered in one statement, each only if still pending with fewer attempts
 * recorded (the same check settle() makes under the row lock); returns the ids it changed.
 */
export async function markDelivered(
  q: Queryable,
  done: readonly { id: string; attempt: number; endpointId: string | null }[],
) {
  const rows = await q.query<{ id: string }>(
    `update notify_deliveries d set status = 'delivered', attempts = u.n, last_error = null,
       updated_at = now(), delivered_at = now(), endpoint_id = coalesce(u.endpoint_id, d.endpoint_id)
     from unnest($1::uuid[], $2::int[], $3::uuid[]) as u(id, n, endpoint_id)
     where d.id = any($1::uuid[]) and d.id = u.id and d.status = 'pending' and d.attempts < u.n
     returning d.id`,
    [done.map((x) => x.id), done.map((x) => x.attempt), done.map((x) => x.endpointId)],
  );
  return new Set(rows.map((r) => r.id));
}

/** Successful attempts: the endpoints' runs of consecutive failures end. */
export const resetEndpointFailures = (q: Queryable, ids: readonly string[]) =>
  q.execute(
    `update notify_endpoints set consecutive_failures = 0, updated_at = now()
     where id = any($1::uuid[]) and consecutive_failures <> 0`,
    [[...new Set(ids)]],
  );

export const findDelivery = (q: Queryable, id: string) =>
  q.one<DeliveryRow>(`select ${COLS} from notify_deliveries where id = $1`, [id]);

/** Locks the row for the outcome write (another run of the same job waits, then sees it settled). */
export const lockDelivery = (q: Queryable, id: string) =>
  q.one<DeliveryRow>(`select ${COLS} from notify_deliveries where id = $1 for update`, [id]);

export const settleDelivery = (
  q: Queryable,
  id: string,
  s: { status: DeliveryStatus; attempts: number; error: string | null; endpointId?: string | null },
) =>
  q.execute(
    `update notify_deliveries set status = $2, attempts = $3, last_error = $4, updated_at = now(),
       endpoint_id = coalesce($5, endpoint_id),
       delivered_at = case when $2 = 'delivered' then now() else delivered_at end
     where id = $1`,
    [id, s.status, s.attempts, s.error, s.endpointId ?? null],
  );

export const listByRef = (q: Queryable, refType: string, refId: string) =>
  q.query<DeliveryRow>(
    `select ${COLS} from notify_deliveries where ref_type = $1 and ref_id = $2 order by created_at, id`,
    [refType, refId],
  );

export const listByOrg = (q: Queryable, orgId: string, before: [string, string] | undefined, limit: number) =>
  q.query<DeliveryRow>(
    `select ${COLS} from notify_deliveries where org_id = $1
       and ($2::timestamptz is null or (created_at, id) < ($2::timestamptz, $3::uuid))
     order by created_at desc, id desc limit $4`,
    [orgId, before?.[0] ?? null, before?.[1] ?? null, limit],
  );

export async function endpointFor(
  q: Queryable,
  e: { urlHash: string; url: string; ownerUserId: string | null; orgId: string | null },
): Promise<EndpointRow> {
  await q.execute(
    `insert into notify_endpoints (url_hash, url, owner_user_id, org_id) values ($1, $2, $3, $4)
     on conflict (url_hash, owner_user_id) do nothing`,
    [e.urlHash, e.url, e.ownerUserId, e.orgId],
  );
  const row = await q.one<EndpointRow>(
    `select id, url, owner_user_id, org_id, consecutive_failures, disabled_at from notify_endpoints
     where url_hash = $1 and owner_user_id is not distinct from $2`,
    [e.urlHash, e.ownerUserId],
  );
  return row!;
}

/** Records one attempt's outcome on the endpoint; returns the row after the change. */
export const recordEndpointAttempt = (
  q: Queryable,
  id: string,
  ok: boolean,
  error: string | null,
  disableAfter: number,
) =>
  q.one<EndpointRow & { just_disabled: boolean }>(
    `update notify_endpoints e set
       consecutive_failures = case when $2 then 0 else e.consecutive_failures + 1 end,
       disabled_at = case when not $2 and e.disabled_at is null and e.consecutive_failures + 1 >= $4 then now() else e.disabled_at end,
       last_error = case when $2 then e.last_error else $3 end,
       updated_at = now()
     from (select disabled_at as before from notify_endpoints where id = $1) old
     where e.id = $1
     returning e.id, e.url, e.owner_user_id, e.org_id, e.consecutive_failures, e.disabled_at,
       (old.before is null and e.disabled_at is not null) as just_disabled`,
    [id, ok, error, disableAfter],
  );

export const enableEndpoint = (q: Queryable, urlHash: string, ownerUserId: string | null) =>
  q.execute(
    `update notify_endpoints set disabled_at = null, consecutive_failures = 0, updated_at = now()
     where url_hash = $1 and owner_user_id is not distinct from $2`,
    [urlHash, ownerUserId],
  );

export const endpointState = (q: Queryable, urlHash: string, ownerUserId: string | null) =>
  q.one<EndpointRow>(
    `select id, url, owner_user_id, org_id, consecutive_failures, disabled_at from notify_endpoints
     where url_hash = $1 and owner_user_id is not distinct from $2`,
    [urlHash, ownerUserId],
  );
