import type { IncidentRow } from '../incident-store.ts';
import { humanStatus } from '../model.ts';
import { esc } from './html-kit.ts';
import type { Snapshot } from './snapshot.ts';

/**
 * Incident history as Atom (`/history.atom`) and RSS 2.0 (`/history.rss`) in Statuspage's
 * format: one entry per incident, entry id `tag:<host>,2005:Incident/<id>`, the content the
 * incident's updates newest first, each `<small>date</small><br><strong>Status</strong> - body`.
 */

const FEED_SIZE = 50;

function entries(s: Snapshot): IncidentRow[] {
  return [...s.incidents, ...s.maintenances]
    .sort((a, b) => b.updated_at.getTime() - a.updated_at.getTime())
    .slice(0, FEED_SIZE);
}

function updatesHtml(s: Snapshot, i: IncidentRow): string {
  const month = new Intl.DateTimeFormat('en-US', { timeZone: s.page.time_zone, month: 'short' });
  const day = new Intl.DateTimeFormat('en-US', { timeZone: s.page.time_zone, day: 'numeric' });
  const time = new Intl.DateTimeFormat('en-US', {
    timeZone: s.page.time_zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  return (s.updates.get(i.id) ?? [])
    .map((u) => {
      const t = time.formatToParts(u.created_at);
      const hm = t
        .filter((p) => p.type !== 'timeZoneName')
        .map((p) => p.value)
        .join('')
        .trim();
      const zone = t.find((p) => p.type === 'timeZoneName')?.value ?? 'UTC';
      return `<p><small>${month.format(u.created_at)} <var data-var='date'>${day.format(u.created_at)}</var>, <var data-var='time'>${hm}</var> ${esc(zone)}</small><br><strong>${esc(humanStatus(u.status))}</strong> - ${esc(u.body).replace(/\r?\n/g, '<br>')}</p>`;
    })
    .join('');
}

const hostOf = (url: string) => new URL(url).host;
const feedUpdated = (s: Snapshot, list: IncidentRow[]) =>
  new Date(Math.max(s.page.updated_at.getTime(), ...list.map((i) => i.updated_at.getTime())));

export function atomFeed(s: Snapshot): string {
  const host = hostOf(s.url);
  const list = entries(s);
  const items = list
    .map(
      (i) => `  <entry>
    <id>tag:${esc(host)},2005:Incident/${i.id}</id>
    <published>${i.created_at.toISOString()}</published>
    <updated>${i.updated_at.toISOString()}</updated>
    <link rel="alternate" type="text/html" href="${esc(s.url)}/incidents/${i.id}"/>
    <title>${esc(i.name)}</title>
    <content type="html">${esc(updatesHtml(s, i))}</content>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xml:lang="en-US" xmlns="http://www.w3.org/2005/Atom">
  <id>tag:${esc(host)},2005:/history</id>
  <link rel="alternate" type="text/html" href="${esc(s.url)}"/>
  <link rel="self" type="application/atom+xml" href="${esc(s.url)}/history.atom"/>
  <title>${esc(s.page.name)} Status - Incident History</title>
  <updated>${feedUpdated(s, list).toISOString()}</updated>
  <author>
    <name>${esc(s.page.name)}</name>
  </author>
${items}
</feed>
`;
}

/** RFC 822 dates, as RSS wants them: "Fri, 05 Jan 2024 10:00:00 +0000". */
const rfc822 = (d: Date) => d.toUTCString().replace('GMT', '+0000');

export function rssFeed(s: Snapshot): string {
  const list = entries(s);
  const items = list
    .map(
      (i) => `    <item>
      <title>${esc(i.name)}</title>
      <description>${esc(updatesHtml(s, i))}</description>
      <pubDate>${rfc822(i.created_at)}</pubDate>
      <link>${esc(s.url)}/incidents/${i.id}</link>
      <guid>${esc(s.url)}/incidents/${i.id}</guid>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${esc(s.page.name)} Status - Incident History</title>
    <link>${esc(s.url)}</link>
    <description>${esc(s.page.name)} Status - Incident History</description>
    <pubDate>${rfc822(feedUpdated(s, list))}</pubDate>
    <atom:link href="${esc(s.url)}/history.rss" rel="self" type="application/rss+xml"/>
${items}
  </channel>
</rss>
`;
}
