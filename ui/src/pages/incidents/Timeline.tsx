import type { ReactNode } from 'react';
import { relative, utc } from '../../format.ts';
import type { People } from '../../people.ts';
import type { TimelineEntry } from '../../types-ops.ts';

const CHANNEL: Record<string, string> = {
  in_app: 'in the app',
  email: 'by email',
  webhook: 'by webhook',
  slack: 'on Slack',
  matrix: 'on Matrix',
};
const VIA: Record<string, string> = {
  api: 'the console or API',
  link: 'the acknowledge link',
  pagerduty: 'a PagerDuty event',
  alertmanager: 'Alertmanager',
  detection: 'detection',
};
const channel = (c: string | null) => (c ? (CHANNEL[c] ?? `via ${c}`) : '');
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const level = (d: Record<string, unknown>) =>
  typeof d.level === 'number'
    ? ` (level ${d.level + 1}${typeof d.round === 'number' && d.round > 0 ? `, round ${d.round + 1}` : ''})`
    : '';

/** `integration:prometheus-edge` → `integration “prometheus-edge”`; API clients and Swimmy itself. */
function byLabel(by: string | null): string {
  if (!by) return 'Swimmy';
  const m = /^integration:(.*)$/.exec(by);
  if (m) return `integration “${m[1]}”`;
  if (/^(user|token):/.test(by)) return 'an API client';
  return by === 'detection' ? 'detection (the attack ended)' : by;
}

/** Each entry in words, with a tone for its marker: who was told what, how, and whether it arrived. */
function describe(e: TimelineEntry, people: People): { tone: string; text: ReactNode } {
  const d = e.details;
  const actor = e.actorUserId ? people.name(e.actorUserId) : byLabel(str(d.by));
  const user = e.userId ? people.name(e.userId) : 'someone';
  const via = str(d.via) ? ` via ${VIA[str(d.via)!] ?? str(d.via)}` : '';
  switch (e.kind) {
    case 'triggered':
      return {
        tone: 'danger',
        text: (
          <>
            Triggered by <strong>{str(d.source) ?? 'an alert'}</strong>
            {str(d.policy) ? ` → policy “${str(d.policy)}”` : ''}
            {str(d.routingRule) ? ` (rule “${str(d.routingRule)}”)` : ''}
          </>
        ),
      };
    case 'unrouted':
      return { tone: 'warning', text: 'No routing rule matched: the organisation’s owners are paged.' };
    case 'alert_joined':
      return { tone: 'info', text: 'Another alert joined (same dedup key).' };
    case 'notified':
      return {
        tone: 'info',
        text: (
          <>
            Paged <strong>{user}</strong>
            {level(d)}
          </>
        ),
      };
    case 'nobody_to_notify':
      return { tone: 'warning', text: `Nobody to page at this level${level(d)}.` };
    case 'escalation_exhausted':
      return {
        tone: 'warning',
        text: 'Escalation exhausted: every level was paged and nobody acknowledged.',
      };
    case 'acknowledged':
      return {
        tone: 'ok',
        text: (
          <>
            Acknowledged by <strong>{actor}</strong>
            {via}
          </>
        ),
      };
    case 'ack_timeout':
      return { tone: 'warning', text: 'The acknowledgement timed out: escalation resumed.' };
    case 'escalated':
      return {
        tone: 'info',
        text: (
          <>
            Escalated by <strong>{actor}</strong> to level {Number(d.toLevel ?? 0) + 1}
          </>
        ),
      };
    case 'reassigned':
      return {
        tone: 'info',
        text: (
          <>
            Reassigned by <strong>{actor}</strong> to{' '}
            {Array.isArray(d.userIds)
              ? d.userIds.map((id) => people.name(String(id))).join(', ')
              : `policy “${str(d.policy)}”`}
          </>
        ),
      };
    case 'resolved':
      return {
        tone: 'ok',
        text: (
          <>
            Resolved by <strong>{actor}</strong>
            {via}
          </>
        ),
      };
  }
  if (e.kind.startsWith('notification_')) {
    const status = e.kind.slice('notification_'.length);
    const target = str(d.target);
    const failed = status === 'failed';
    return {
      tone: failed ? 'danger' : status === 'delivered' ? 'ok' : status === 'pending' ? 'info' : 'muted',
      text: (
        <>
          Notification to <strong>{user}</strong> {channel(e.channel)}
          {target && !target.startsWith('user ') ? <span className="muted"> ({target})</span> : null}:{' '}
          <strong className={failed ? 'warn-text' : undefined}>{status}</strong>
          {typeof d.attempts === 'number' && d.attempts > 1 ? ` after ${d.attempts} attempts` : ''}
          {str(d.error) ? <span className="warn-text"> — {str(d.error)}</span> : null}
        </>
      ),
    };
  }
  return { tone: 'muted', text: e.kind.replace(/_/g, ' ') };
}

export function Timeline({ entries, people }: { entries: TimelineEntry[]; people: People }) {
  if (entries.length === 0) return <p className="muted">Nothing recorded yet.</p>;
  return (
    <ol className="timeline">
      {entries.map((e, i) => {
        const { tone, text } = describe(e, people);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id; the list only grows at the end
          <li key={i} className={`tl-${tone}`}>
            <span className="tl-dot" aria-hidden="true" />
            <div className="tl-body">
              <span>{text}</span>
              <time dateTime={e.at} title={utc(e.at, true)}>
                {utc(e.at, true).slice(11)} · {relative(e.at)}
              </time>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
