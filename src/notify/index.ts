/**
 * Notifications: one generic way to tell someone something, over in-app events, email and
 * outgoing webhooks (JSON, Slack- and Matrix-compatible), durable and retried. Modules call
 * `deliver()`; the `work` role runs `startNotify()`.
 */
export { deliver, deliveriesFor, deliverMany, enableWebhook, webhookState } from './deliver.ts';
export { listOrgDeliveries } from './log.ts';
export { describeTarget, presentDelivery } from './presenters.ts';
export { serverSecret } from './server-secrets.ts';
export { EVENT_ID_HEADER, SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER, verifySignature } from './signing.ts';
export { addressChecker } from './ssrf.ts';
export * from './types.ts';
export { type NotifyOptions, startNotify } from './worker.ts';
