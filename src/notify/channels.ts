import nodemailer, { type Transporter } from 'nodemailer';
import type { Platform } from '../platform/platform.ts';
import { renderEmailHtml, renderForChannel, renderText } from './formats.ts';
import { postJson } from './http-post.ts';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from './signing.ts';
import type { DeliveryRow } from './store.ts';
import type { AttemptResult, EmailTarget, InAppTarget, WebhookTarget } from './types.ts';

export interface ChannelOptions {
  isAllowed: (address: string) => boolean;
  timeoutMs: number;
  maxRetryAfterMs: number;
  emailFrom: string;
}

const transports = new Map<string, Transporter>();
function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url);
    transports.set(url, t);
  }
  return t;
}

async function sendInApp(p: Platform, d: DeliveryRow): Promise<AttemptResult> {
  const t = d.target as InAppTarget;
  const m = d.payload;
  await p.bus.publish({
    type: 'notification',
    orgId: t.orgId,
    tlp: 'AMBER+STRICT',
    audience: { userIds: [t.userId] },
    data: {
      deliveryId: d.id,
      userId: t.userId,
      title: m.title,
      text: m.text,
      ...(m.severity ? { severity: m.severity } : {}),
      links: m.links ?? [],
      event: m.event,
    },
  });
  return { ok: true, info: 'published' };
}

async function sendEmail(p: Platform, d: DeliveryRow, o: ChannelOptions): Promise<AttemptResult> {
  const url = p.config.smtpUrl;
  if (!url) return { ok: false, retryable: false, error: 'no SMTP server configured (SMTP_URL)' };
  const m = d.payload;
  try {
    const info = await transportFor(url).sendMail({
      from: o.emailFrom,
      to: (d.target as EmailTarget).to,
      subject: m.title,
      text: renderText(m),
      html: renderEmailHtml(m),
      headers: { ...m.emailHeaders, 'X-Swimmy-Delivery': d.id },
      messageId: `<${d.id}@swimmy>`,
    });
    return { ok: true, info: String(info.response ?? 'accepted').slice(0, 200) };
  } catch (err) {
    const e = err as Error & { responseCode?: number };
    // 5xx is the server's final word about this message; 4xx and network errors are temporary.
    const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
    return { ok: false, retryable: !permanent, error: e.message.slice(0, 500) };
  }
}

async function sendWebhook(d: DeliveryRow, o: ChannelOptions, signal: AbortSignal): Promise<AttemptResult> {
  const t = d.target as WebhookTarget;
  const timestamp = new Date().toISOString();
  const body = JSON.stringify(renderForChannel(d.channel, d.payload, d.id, timestamp));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'Swimmy-Webhooks/1',
    [EVENT_ID_HEADER]: d.id,
    [TIMESTAMP_HEADER]: timestamp,
  };
  if (t.secret) headers[SIGNATURE_HEADER] = signBody(t.secret, body);
  return postJson({
    url: t.url,
    body,
    headers,
    timeoutMs: o.timeoutMs,
    isAllowed: o.isAllowed,
    maxRetryAfterMs: o.maxRetryAfterMs,
    signal,
  });
}

/** One attempt on the delivery's channel. Never throws: failures come back classified. */
export async function attempt(
  p: Platform,
  d: DeliveryRow,
  o: ChannelOptions,
  signal: AbortSignal,
): Promise<AttemptResult> {
  try {
    switch (d.channel) {
      case 'in_app':
        return await sendInApp(p, d);
      case 'email':
        return await sendEmail(p, d, o);
      default:
        return await sendWebhook(d, o, signal);
    }
  } catch (err) {
    return { ok: false, retryable: true, error: (err as Error).message.slice(0, 500) };
  }
}

export function closeTransports() {
  for (const t of transports.values()) t.close();
  transports.clear();
}
