// Collectors and their exporters' statistics, as the collect role last reported them. Stored so
// that the API (on any node) can show them and an operator sees which router sends garbage,
// loses datagrams or lacks templates.

import type { ExporterSnapshot } from '../flows/collector/messages.ts';
import type { ExporterStats } from '../flows/stats.ts';
import type { Queryable } from '../platform/db/db.ts';

export interface CollectorInfo {
  netflowPort: number;
  sflowPort: number;
  address: string;
  workers: number;
  reusePort: boolean;
  recvBufferBytes: number;
  entities: number;
  bytesPerEntity: number;
  activeAttacks: number;
}

export interface CollectorRow {
  name: string;
  info: CollectorInfo;
  started_at: Date;
  updated_at: Date;
}

export interface ExporterRow {
  collector: string;
  exporter: string;
  protocol: string | null;
  stats: ExporterStats;
  last_seen_at: Date | null;
  updated_at: Date;
}

export const upsertCollector = (
  q: Queryable,
  name: string,
  orgId: string | null,
  info: CollectorInfo,
  startedAt: Date,
) =>
  q.execute(
    `insert into collectors (name, org_id, info, started_at, updated_at) values ($1, $2, $3::jsonb, $4, now())
     on conflict (name) do update set org_id = excluded.org_id, info = excluded.info,
       started_at = excluded.started_at, updated_at = now()`,
    [name, orgId, JSON.stringify(info), startedAt.toISOString()],
  );

export async function upsertExporters(
  q: Queryable,
  collector: string,
  exporters: readonly ExporterSnapshot[],
) {
  // A bounded batch per statement keeps parameter counts well inside PostgreSQL's limit.
  for (let i = 0; i < exporters.length; i += 500) {
    const chunk = exporters.slice(i, i + 500);
    const values = chunk
      .map(
        (_, j) =>
          `($1, $${j * 4 + 2}, $${j * 4 + 3}, $${j * 4 + 4}::jsonb, $${j * 4 + 5}::timestamptz, now())`,
      )
      .join(', ');
    await q.execute(
      `insert into collector_exporters (collector, exporter, protocol, stats, last_seen_at, updated_at)
       values ${values}
       on conflict (collector, exporter) do update set protocol = excluded.protocol, stats = excluded.stats,
         last_seen_at = excluded.last_seen_at, updated_at = now()`,
      [
        collector,
        ...chunk.flatMap((e) => [
          e.exporter,
          e.protocol,
          JSON.stringify(e.stats),
          e.lastSeenMs ? new Date(e.lastSeenMs).toISOString() : null,
        ]),
      ],
    );
  }
}

export const listCollectors = (q: Queryable, orgId: string) =>
  q.query<CollectorRow>(
    'select name, info, started_at, updated_at from collectors where org_id = $1 order by name limit 200',
    [orgId],
  );

export const listExporters = (q: Queryable, collectors: readonly string[]) =>
  collectors.length === 0
    ? Promise.resolve([] as ExporterRow[])
    : q.query<ExporterRow>(
        `select collector, exporter, protocol, stats, last_seen_at, updated_at from collector_exporters
          where collector = any($1::text[]) order by collector, exporter limit 10000`,
        [collectors],
      );
