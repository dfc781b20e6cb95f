import type { Message } from '../../notify/index.ts';
import type { IncidentRow, UpdateRow } from '../incident-store.ts';
import { humanStatus } from '../model.ts';
import type { Snapshot } from '../public/snapshot.ts';
import { incidentJson, statusJson } from '../public/statuspage-json.ts';
import type { ComponentRow } from '../store.ts';

/**
 * What subscribers receive. Every text comes from the status tables, which hold only what the
 * publishing gate let through (TLP:CLEAR): nothing here reads coordination content.
 *
 * Webhooks carry Swimmy's delivery envelope (`id`, `type`, `timestamp`, …, `data`) with
 * `data = { version, payload }`, where `payload` is exactly what Statuspage posts to its webhook
 * subscribers (`meta`, `page`, and `incident`, or `component_update` + `component`).
 */
export const WEBHOOK_VERSION = 1;
export const UPDATE_EVENT = 'status.incident.updated';
export const COMPONENT_EVENT = 'status.component.updated';

/** Per subscriber: where the signed unsubscribe link and the manage text point. */
export interface Personal {
  unsubscribeUrl: string;
}

function pageHead(s: Snapshot) {
  const status = statusJson(s);
  return { id: s.page.id, status_indicator: status.indicator, status_description: status.description };
}

const meta = (who: Personal) => ({
  unsubscribe: who.unsubscribeUrl,
  documentation: 'https://help.statuspage.io/knowledge_base/topics/webhook-notifications',
});

/** RFC 8058: a mail client may unsubscribe with one POST to this URL, no page to visit. */
const unsubscribeHeaders = (who: Personal) => ({
  'List-Unsubscribe': `<${who.unsubscribeUrl}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function updateEmail(s: Snapshot, i: IncidentRow, u: UpdateRow, who: Personal): Message {
  const affected = u.affected.map(
    (a) => `${a.name}: ${humanStatus(a.old_status)} → ${humanStatus(a.new_status)}`,
  );
  const lines = [
    `${i.name}`,
    `Update #${u.number} · ${humanStatus(u.status)} · ${utc(u.created_at)}`,
    '',
    u.body,
    ...(affected.length ? ['', `Components: ${affected.join('; ')}`] : []),
    '',
    `You receive this because you subscribed to ${s.page.name} status updates.`,
  ];
  return {
    title: `[${s.page.name}] ${i.name} – Update #${u.number} (${humanStatus(u.status)})`,
    text: lines.join('\n'),
    links: [
      { label: 'View this incident', url: `${s.url}/incidents/${i.id}` },
      { label: 'Unsubscribe', url: who.unsubscribeUrl },
    ],
    event: { type: UPDATE_EVENT, data: { incidentId: i.id, updateId: u.id, number: u.number } },
    emailHeaders: unsubscribeHeaders(who),
  };
}

export function updateWebhook(s: Snapshot, i: IncidentRow, u: UpdateRow, who: Personal): Message {
  return {
    title: `${i.name} – Update #${u.number}`,
    text: u.body,
    links: [{ label: 'View this incident', url: `${s.url}/incidents/${i.id}` }],
    event: {
      type: UPDATE_EVENT,
      data: {
        version: WEBHOOK_VERSION,
        payload: { meta: meta(who), page: pageHead(s), incident: incidentJson(s, i) },
      },
    },
  };
}

export interface ComponentChange {
  id: string;
  oldStatus: string;
  newStatus: string;
  at: Date;
}

export function componentEmail(s: Snapshot, c: ComponentRow, ch: ComponentChange, who: Personal): Message {
  return {
    title: `[${s.page.name}] ${c.name} is ${humanStatus(ch.newStatus).toLowerCase()}`,
    text: [
      `${c.name} changed from ${humanStatus(ch.oldStatus).toLowerCase()} to ${humanStatus(ch.newStatus).toLowerCase()} at ${utc(ch.at)}.`,
      '',
      `You receive this because you subscribed to ${s.page.name} status updates.`,
    ].join('\n'),
    links: [
      { label: `${s.page.name} status`, url: s.url },
      { label: 'Unsubscribe', url: who.unsubscribeUrl },
    ],
    event: { type: COMPONENT_EVENT, data: { componentId: c.id, changeId: ch.id } },
    emailHeaders: unsubscribeHeaders(who),
  };
}

export function componentWebhook(s: Snapshot, c: ComponentRow, ch: ComponentChange, who: Personal): Message {
  return {
    title: `${c.name} is ${humanStatus(ch.newStatus).toLowerCase()}`,
    text: `${c.name}: ${humanStatus(ch.oldStatus)} → ${humanStatus(ch.newStatus)}`,
    links: [{ label: `${s.page.name} status`, url: s.url }],
    event: {
      type: COMPONENT_EVENT,
      data: {
        version: WEBHOOK_VERSION,
        payload: {
          meta: meta(who),
          page: pageHead(s),
          component_update: {
            created_at: ch.at.toISOString(),
            new_status: ch.newStatus,
            old_status: ch.oldStatus,
            id: ch.id,
            component_id: c.id,
          },
          component: {
            created_at: c.created_at.toISOString(),
            id: c.id,
            name: c.name,
            status: c.status,
          },
        },
      },
    },
  };
}

/** The confirmation email of the double opt-in: nothing else is sent before its link is used. */
export function confirmationEmail(
  pageName: string,
  confirmUrl: string,
  componentNames: string[] | null,
): Message {
  const scope = componentNames ? `these components: ${componentNames.join(', ')}` : 'every component';
  return {
    title: `Confirm your subscription to ${pageName} status updates`,
    text: [
      `Someone (hopefully you) asked to receive ${pageName} status updates by email for ${scope}.`,
      '',
      'Open the link below and confirm to start receiving them. The link works for 48 hours.',
      'If you did not ask for this, ignore this message: you will not hear from us again.',
    ].join('\n'),
    links: [{ label: 'Confirm your subscription', url: confirmUrl }],
    event: { type: 'status.subscription.confirm', data: {} },
  };
}
