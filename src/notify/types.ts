/** Channels a delivery can go out on. */
export const CHANNELS = ['in_app', 'email', 'webhook', 'slack', 'matrix'] as const;
export type Channel = (typeof CHANNELS)[number];
export const WEBHOOK_CHANNELS: ReadonlySet<Channel> = new Set(['webhook', 'slack', 'matrix']);

export interface MessageLink {
  label: string;
  url: string;
}

/**
 * What is said, independent of the channel: each channel renders it (email text and HTML,
 * Slack blocks, Matrix HTML, a JSON webhook body). `event` is the machine-readable part that
 * JSON webhooks and in-app notifications carry as is.
 */
export interface Message {
  title: string;
  text: string;
  /** critical | error | warning | info, when the message is about something with a severity. */
  severity?: string;
  links?: MessageLink[];
  event: { type: string; data: Record<string, unknown> };
  /** Extra email headers (e.g. List-Unsubscribe, RFC 8058); other channels ignore them. */
  emailHeaders?: Record<string, string>;
}

export type InAppTarget = { userId: string; orgId: string };
export type EmailTarget = { to: string };
export type WebhookTarget = { url: string; secret?: string };
export type Target = InAppTarget | EmailTarget | WebhookTarget;

export interface DeliveryRequest {
  channel: Channel;
  target: Target;
  payload: Message;
  /** A second request with the same key is the same delivery (nothing is sent twice). */
  idempotencyKey: string;
  /** Owning organisation: in-app events carry it; the delivery log is listed by it. */
  orgId?: string | null;
  /** Who is told when a webhook endpoint is disabled after repeated failures. */
  ownerUserId?: string | null;
  /** What the delivery is about (e.g. { type: 'incident', id }), for the delivery log. */
  ref?: { type: string; id: string };
  /** Not before this time (default: now). */
  runAt?: Date;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'skipped';

export interface Delivery {
  id: string;
  channel: Channel;
  target: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  refType: string | null;
  refId: string | null;
  ownerUserId: string | null;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

/** The outcome of one attempt, as a channel reports it. */
export type AttemptResult =
  | { ok: true; info?: string }
  | { ok: false; retryable: boolean; error: string; retryAfterMs?: number };
