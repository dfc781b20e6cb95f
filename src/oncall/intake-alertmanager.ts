import { Type } from 'typebox';
import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import { actOnDedupKey, raiseAlert } from './incidents.ts';
import { authenticateKey } from './integrations.ts';
import type { Severity } from './schemas.ts';
import * as store from './store/incidents.ts';

const Labels = Type.Record(Type.String({ maxLength: 1000 }), Type.String({ maxLength: 10_000 }));
const AmAlert = Type.Object({
  status: Type.Union([Type.Literal('firing'), Type.Literal('resolved')]),
  labels: Labels,
  annotations: Labels,
  startsAt: Type.String({ maxLength: 64 }),
  endsAt: Type.String({ maxLength: 64 }),
  generatorURL: Type.Optional(Type.String({ maxLength: 4000 })),
  fingerprint: Type.String({ minLength: 1, maxLength: 128 }),
});
/** Alertmanager webhook payload, version 4 (unknown top-level fields are tolerated: Alertmanager adds some). */
export const AmWebhook = Type.Object({
  version: Type.Literal('4'),
  groupKey: Type.String({ minLength: 1, maxLength: 4000 }),
  truncatedAlerts: Type.Optional(Type.Integer({ minimum: 0 })),
  status: Type.Union([Type.Literal('firing'), Type.Literal('resolved')]),
  receiver: Type.String({ maxLength: 1000 }),
  groupLabels: Labels,
  commonLabels: Labels,
  commonAnnotations: Labels,
  externalURL: Type.String({ maxLength: 4000 }),
  alerts: Type.Array(AmAlert, { minItems: 1, maxItems: 1000 }),
});
type AmWebhook = {
  groupKey: string;
  status: 'firing' | 'resolved';
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  groupLabels: Record<string, string>;
  alerts: Array<{
    status: 'firing' | 'resolved';
    labels: Record<string, string>;
    annotations: Record<string, string>;
    fingerprint: string;
    startsAt: string;
    endsAt: string;
  }>;
};

const SEVERITIES = new Set(['critical', 'error', 'warning', 'info']);
const severityOf = (labels: Record<string, string>): Severity => {
  const s = (labels.severity ?? '').toLowerCase();
  if (SEVERITIES.has(s)) return s as Severity;
  return s === 'page' ? 'critical' : s === 'ticket' ? 'warning' : 'error';
};

function summaryOf(w: AmWebhook) {
  const firing = w.alerts.filter((a) => a.status === 'firing').length;
  const name = w.commonLabels.alertname ?? w.groupLabels.alertname ?? 'Alertmanager alert';
  const text = w.commonAnnotations.summary ?? w.commonAnnotations.description ?? name;
  return `${text}${firing > 1 ? ` (${firing} firing)` : ''}`.slice(0, 1024);
}

/**
 * One webhook: the group (groupKey) is one incident. Firing alerts open or join it, each alert
 * by fingerprint; a resolved group, or a group whose alerts are all resolved, resolves it.
 */
export async function receiveAlertmanager(p: Platform, key: string, w: AmWebhook) {
  const integration = await authenticateKey(p, key, 'alertmanager');
  if (!integration) throw new AppError('not_found', 'Unknown integration key.');
  const orgId = integration.org_id;
  const dedupKey = `alertmanager:${w.groupKey}`;
  const by = { userId: null, label: `integration:${integration.name}` };
  let incidentId: string | null = null;
  for (const a of w.alerts) {
    if (a.status !== 'firing') continue;
    const r = await raiseAlert(p, {
      orgId,
      source: 'alertmanager',
      dedupKey,
      alertKey: a.fingerprint,
      summary: summaryOf(w),
      severity: severityOf({ ...w.commonLabels, ...a.labels }),
      labels: { ...w.commonLabels },
      details: { labels: a.labels, annotations: a.annotations, startsAt: a.startsAt },
      integrationId: integration.id,
    });
    incidentId = r.incidentId;
  }
  const open = await p.db.one<{ id: string }>(
    `select id from oncall_incidents where org_id = $1 and dedup_key = $2 and status <> 'resolved'`,
    [orgId, dedupKey],
  );
  if (open) {
    for (const a of w.alerts.filter((x) => x.status === 'resolved')) {
      await p.db.execute(
        `update oncall_alerts set status = 'resolved', updated_at = now() where incident_id = $1 and alert_key = $2`,
        [open.id, a.fingerprint],
      );
    }
    if (w.status === 'resolved' || (await store.firingAlerts(p.db, open.id)) === 0) {
      await actOnDedupKey(p, orgId, dedupKey, 'resolve', by, 'alertmanager');
    }
    incidentId = open.id;
  }
  return { status: 'success', incidentId };
}
