// Health events on the bus, for the live stream: `health.resource` (a resource's health and the
// attacks and incidents touching it, presented for the customer, to the customer's org only)
// and `health.report` (a problem report, presented once for each side, to each side's org).

import type { Platform } from '../platform/platform.ts';
import { healthEvent } from '../policy/health.ts';
import { presentReport } from './presenters.ts';
import { findReport, responsesOf } from './store-reports.ts';
import { resourceHealth } from './views.ts';

export const HEALTH_EVENT_TYPES = ['health.resource', 'health.report'] as const;

const publishQuietly = async (p: Platform, event: ReturnType<typeof healthEvent>) => {
  try {
    await p.bus.publish(event);
  } catch (err) {
    p.log.warn({ err, type: event.type }, 'could not publish a health event');
  }
};

/** Publishes the current health of these resources of one customer. */
export async function publishResourceHealth(
  p: Platform,
  customerOrgId: string,
  resourceIds: readonly string[],
) {
  if (resourceIds.length === 0) return;
  const views = await resourceHealth(p.db, customerOrgId, 'customer', { resourceIds });
  for (const v of views) await publishQuietly(p, healthEvent('health.resource', customerOrgId, v));
}

/** Publishes a report as each side sees it. */
export async function publishReport(p: Platform, reportId: string) {
  const row = await findReport(p.db, reportId);
  if (!row) return;
  const responses = await responsesOf(p.db, reportId);
  await publishQuietly(
    p,
    healthEvent('health.report', row.customer_org_id, presentReport(row, responses, 'customer')),
  );
  await publishQuietly(
    p,
    healthEvent('health.report', row.provider_org_id, presentReport(row, responses, 'provider')),
  );
}
