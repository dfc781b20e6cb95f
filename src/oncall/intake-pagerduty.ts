import type { Platform } from '../platform/platform.ts';
import { actOnDedupKey, raiseAlert } from './incidents.ts';
import { authenticateKey } from './integrations.ts';
import type { Severity } from './schemas.ts';

/** PagerDuty Events API v2 answers (shape and wording as PagerDuty's). */
export type PdAnswer = { status: number; body: Record<string, unknown> };
export const pdInvalid = (message: string, errors: string[], status = 400): PdAnswer => ({
  status,
  body: { status: 'invalid event', message, errors },
});

/**
 * An unknown, revoked, rotated-out or other-kind key: 404, the same answer whatever the reason,
 * never naming or hinting at any stored key.
 */
export const pdUnknownKey = (): PdAnswer =>
  pdInvalid(
    'Unknown routing_key',
    ["'routing_key' does not match any active PagerDuty-compatible integration key"],
    404,
  );

const ACTIONS = new Set(['trigger', 'acknowledge', 'resolve']);
const SEVERITIES = new Set(['critical', 'error', 'warning', 'info']);
const TOP_KEYS = new Set([
  'routing_key',
  'event_action',
  'dedup_key',
  'payload',
  'client',
  'client_url',
  'links',
  'images',
]);
const PAYLOAD_KEYS = new Set([
  'summary',
  'source',
  'severity',
  'timestamp',
  'component',
  'group',
  'class',
  'custom_details',
]);

const str = (v: unknown, max: number) => typeof v === 'string' && v.length > 0 && v.length <= max;

/** Checks an event strictly; returns the list of problems (empty when valid). */
export function validatePdEvent(e: unknown): string[] {
  if (!e || typeof e !== 'object' || Array.isArray(e)) return ['Event must be a JSON object'];
  const o = e as Record<string, unknown>;
  const errors: string[] = [];
  for (const k of Object.keys(o)) if (!TOP_KEYS.has(k)) errors.push(`'${k}' is not a known field`);
  if (!str(o.routing_key, 200)) errors.push("'routing_key' is missing or blank");
  if (!ACTIONS.has(o.event_action as string))
    errors.push("'event_action' must be one of trigger, acknowledge, resolve");
  if (o.dedup_key !== undefined && !str(o.dedup_key, 255))
    errors.push("'dedup_key' must be a string of 1 to 255 characters");
  if (o.event_action !== 'trigger') {
    if (o.event_action !== undefined && ACTIONS.has(o.event_action as string) && o.dedup_key === undefined)
      errors.push(`'dedup_key' is required for ${String(o.event_action)} events`);
    return errors;
  }
  const p = o.payload as Record<string, unknown> | undefined;
  if (!p || typeof p !== 'object' || Array.isArray(p))
    return [...errors, "'payload' is missing or not an object"];
  for (const k of Object.keys(p))
    if (!PAYLOAD_KEYS.has(k)) errors.push(`'payload.${k}' is not a known field`);
  if (!str(p.summary, 1024))
    errors.push("'payload.summary' is missing, blank or longer than 1024 characters");
  if (!str(p.source, 255)) errors.push("'payload.source' is missing or blank");
  if (!SEVERITIES.has(p.severity as string))
    errors.push("'payload.severity' must be one of critical, error, warning, info");
  if (p.timestamp !== undefined && (typeof p.timestamp !== 'string' || Number.isNaN(Date.parse(p.timestamp))))
    errors.push("'payload.timestamp' must be an ISO 8601 date-time");
  for (const k of ['component', 'group', 'class'])
    if (p[k] !== undefined && !str(p[k], 255))
      errors.push(`'payload.${k}' must be a string of 1 to 255 characters`);
  if (p.custom_details !== undefined && (typeof p.custom_details !== 'object' || p.custom_details === null))
    errors.push("'payload.custom_details' must be an object");
  return errors;
}

/** Handles one event: 202 with the dedup key, 400 like PagerDuty, or 404 for an unknown routing key. */
export async function enqueuePdEvent(p: Platform, body: unknown): Promise<PdAnswer> {
  const errors = validatePdEvent(body);
  if (errors.length) return pdInvalid('Event object is invalid', errors);
  const e = body as {
    routing_key: string;
    event_action: string;
    dedup_key?: string;
    payload?: Record<string, unknown>;
  };
  const integration = await authenticateKey(p, e.routing_key, 'pagerduty');
  if (!integration) return pdUnknownKey();
  const orgId = integration.org_id;
  const by = { userId: null, label: `integration:${integration.name}` };
  if (e.event_action === 'trigger') {
    const pl = e.payload!;
    const labels: Record<string, string> = {};
    for (const k of ['component', 'group', 'class'] as const)
      if (typeof pl[k] === 'string') labels[k] = pl[k] as string;
    const r = await raiseAlert(p, {
      orgId,
      source: String(pl.source),
      ...(e.dedup_key ? { dedupKey: e.dedup_key } : {}),
      summary: String(pl.summary),
      severity: pl.severity as Severity,
      details: {
        ...(pl.custom_details as Record<string, unknown> | undefined),
        ...(pl.timestamp ? { timestamp: pl.timestamp } : {}),
      },
      labels,
      integrationId: integration.id,
    });
    return { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: r.dedupKey } };
  }
  await actOnDedupKey(p, orgId, e.dedup_key!, e.event_action as 'acknowledge' | 'resolve', by, 'pagerduty');
  return { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: e.dedup_key } };
}
