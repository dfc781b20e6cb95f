import type { Channel, Message } from './types.ts';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Slack mrkdwn: only &, < and > are special. */
const escapeSlack = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const plainLinks = (m: Message) => (m.links ?? []).map((l) => `${l.label}: ${l.url}`).join('\n');

/** Plain text used by email and as every format's fallback. */
export function renderText(m: Message): string {
  const links = plainLinks(m);
  return `${m.title}\n\n${m.text}${links ? `\n\n${links}` : ''}\n`;
}

export function renderEmailHtml(m: Message): string {
  const links = (m.links ?? [])
    .map((l) => `<p><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></p>`)
    .join('');
  return `<!doctype html><html><body><h2>${escapeHtml(m.title)}</h2><p>${escapeHtml(m.text).replace(
    /\n/g,
    '<br>',
  )}</p>${links}</body></html>`;
}

/** JSON webhook body: stable event envelope; `id` is the delivery id (idempotency). */
export function renderWebhook(m: Message, id: string, timestamp: string) {
  return {
    id,
    type: m.event.type,
    timestamp,
    title: m.title,
    text: m.text,
    ...(m.severity ? { severity: m.severity } : {}),
    links: m.links ?? [],
    data: m.event.data,
  };
}

/** Slack incoming-webhook shape: `text` is the notification fallback, `blocks` the layout. */
export function renderSlack(m: Message) {
  const linkLine = (m.links ?? []).map((l) => `<${l.url}|${escapeSlack(l.label)}>`).join(' · ');
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: m.title.slice(0, 150), emoji: false } },
    { type: 'section', text: { type: 'mrkdwn', text: escapeSlack(m.text).slice(0, 3000) } },
  ];
  if (linkLine) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: linkLine }] });
  return { text: `${escapeSlack(m.title)}: ${escapeSlack(m.text)}`.slice(0, 4000), blocks };
}

/** Matrix hook shape (m.text with an HTML rendering), as Matrix webhook bridges accept. */
export function renderMatrix(m: Message) {
  const links = (m.links ?? [])
    .map((l) => `<a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a>`)
    .join(' · ');
  return {
    msgtype: 'm.text',
    body: renderText(m).trim(),
    format: 'org.matrix.custom.html',
    formatted_body: `<strong>${escapeHtml(m.title)}</strong><br>${escapeHtml(m.text).replace(/\n/g, '<br>')}${
      links ? `<br>${links}` : ''
    }`,
  };
}

/** The body a webhook-style channel posts. */
export function renderForChannel(channel: Channel, m: Message, id: string, timestamp: string): unknown {
  switch (channel) {
    case 'slack':
      return renderSlack(m);
    case 'matrix':
      return renderMatrix(m);
    default:
      return renderWebhook(m, id, timestamp);
  }
}
