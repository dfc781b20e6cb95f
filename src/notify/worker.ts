import { Counter } from 'prom-client';
import type { Queryable } from '../platform/db/db.ts';
import { type BackoffOptions, backoffDelay } from '../platform/jobs/backoff.ts';
import type { BatchContext, Job } from '../platform/jobs/jobs.ts';
import type { Platform } from '../platform/platform.ts';
import { attempt, closeTransports } from './channels.ts';
import { coalesce } from './coalesce.ts';
import { deliver, handedOverRow, SEND_JOB, type SendJobPayload, sendJobKey, urlHash } from './deliver.ts';
import { addressChecker } from './ssrf.ts';
import * as store from './store.ts';
import { type AttemptResult, WEBHOOK_CHANNELS, type WebhookTarget } from './types.ts';

export interface NotifyOptions {
  /** Addresses (or CIDR ranges) webhooks may reach although private, e.g. ['127.0.0.1'] in tests. */
  allowAddresses?: readonly string[];
  /** Attempts per delivery (default 6). */
  maxAttempts?: number;
  /** Retry delays (default 2 s doubling to 10 min, minus up to half at random). */
  backoff?: BackoffOptions;
  /** Consecutive failed attempts after which a webhook endpoint is disabled (default 10). */
  disableAfter?: number;
  timeoutMs?: number;
  maxRetryAfterMs?: number;
  emailFrom?: string;
}

function metrics(p: Platform) {
  const name = 'swimmy_notify_deliveries_total';
  return (
    (p.metrics.getSingleMetric(name) as Counter<'channel' | 'status'> | undefined) ??
    new Counter({
      name,
      help: 'Notification delivery attempts by channel and outcome',
      labelNames: ['channel', 'status'] as const,
      registers: [p.metrics],
    })
  );
}

/**
 * The delivery worker: registers the `notify.send` job. Each attempt is its own durable job
 * (`notify:<delivery>:<attempt>`), so retries survive restarts and honour Retry-After.
 */
export function startNotify(p: Platform, options: NotifyOptions = {}) {
  const maxAttempts = options.maxAttempts ?? 6;
  const disableAfter = options.disableAfter ?? 10;
  const backoff = options.backoff ?? { baseMs: 2000, capMs: 600_000 };
  const channelOptions = {
    isAllowed: addressChecker({ allow: options.allowAddresses ?? p.config.webhookAllowAddresses }),
    timeoutMs: options.timeoutMs ?? 10_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 3_600_000,
    emailFrom: options.emailFrom ?? 'Swimmy <swimmy@localhost>',
  };
  const counter = metrics(p);
  const log = p.log.child({ component: 'notify' });

  async function tellOwner(q: Queryable, e: store.EndpointRow) {
    await p.audit.record(
      {
        orgId: e.org_id,
        actorUserId: e.owner_user_id ?? undefined,
        action: 'notify.webhook_disabled',
        targetType: 'webhook',
        targetId: e.id,
        details: { failures: e.consecutive_failures },
      },
      q,
    );
    log.warn({ endpointId: e.id, failures: e.consecutive_failures }, 'webhook endpoint disabled');
    if (!e.owner_user_id || !e.org_id) return;
    const host = new URL(e.url).host;
    await deliver(
      p,
      {
        channel: 'in_app',
        target: { userId: e.owner_user_id, orgId: e.org_id },
        idempotencyKey: `webhook-disabled:${e.id}:${e.disabled_at?.getTime() ?? 0}`,
        orgId: e.org_id,
        ownerUserId: e.owner_user_id,
        ref: { type: 'webhook', id: e.id },
        payload: {
          title: 'Webhook disabled',
          text: `Your webhook to ${host} failed ${e.consecutive_failures} times in a row and was disabled. Fix it, then save the notification rule again to re-enable it.`,
          severity: 'warning',
          event: { type: 'notify.webhook_disabled', data: { endpointId: e.id, host } },
        },
      },
      q,
    );
  }

  async function settle(d: store.DeliveryRow, n: number, result: AttemptResult, endpointId: string | null) {
    let outcome: 'delivered' | 'retrying' | 'failed' | 'stale' = 'stale';
    await p.db.tx(async (q) => {
      const locked = await store.lockDelivery(q, d.id);
      if (locked?.status !== 'pending' || locked.attempts >= n) return;
      if (endpointId) {
        const e = await store.recordEndpointAttempt(
          q,
          endpointId,
          result.ok,
          result.ok ? null : result.error,
          disableAfter,
        );
        if (e?.just_disabled) await tellOwner(q, e);
      }
      if (result.ok) {
        outcome = 'delivered';
        await store.settleDelivery(q, d.id, { status: 'delivered', attempts: n, error: null, endpointId });
      } else if (result.retryable && n < maxAttempts) {
        outcome = 'retrying';
        const delay = result.retryAfterMs ?? backoffDelay(n, backoff);
        await store.settleDelivery(q, d.id, {
          status: 'pending',
          attempts: n,
          error: result.error,
          endpointId,
        });
        const payload: SendJobPayload = { deliveryId: d.id, attempt: n + 1 };
        await p.jobs.schedule(
          {
            kind: SEND_JOB,
            payload,
            idempotencyKey: sendJobKey(d.id, n + 1),
            runAt: new Date(Date.now() + delay),
            maxAttempts: 5,
          },
          q,
        );
      } else {
        outcome = 'failed';
        await store.settleDelivery(q, d.id, {
          status: 'failed',
          attempts: n,
          error: result.error,
          endpointId,
        });
      }
    });
    return outcome;
  }

  async function publishOutcome(d: store.DeliveryRow, status: string, error: string | null) {
    if (!d.org_id) return;
    await p.bus
      .publish({
        type: 'notify.delivery',
        orgId: d.org_id,
        tlp: 'AMBER+STRICT',
        data: { deliveryId: d.id, channel: d.channel, status, error, refType: d.ref_type, refId: d.ref_id },
      })
      .catch((err) => log.warn({ err }, 'could not publish a delivery outcome'));
  }

  /** A webhook endpoint that failed too often: the delivery is skipped, not attempted. */
  async function skip(d: store.DeliveryRow, e: store.EndpointRow) {
    const error = 'endpoint disabled after repeated failures';
    await store.settleDelivery(p.db, d.id, {
      status: 'skipped',
      attempts: d.attempts,
      error,
      endpointId: e.id,
    });
    counter.inc({ channel: d.channel, status: 'skipped' });
    await publishOutcome(d, 'skipped', error);
  }

  /** A failed attempt: retry, or fail for good, with the endpoint bookkeeping under the row lock. */
  async function failedAttempt(
    d: store.DeliveryRow,
    n: number,
    result: AttemptResult,
    endpointId: string | null,
  ) {
    const outcome = await settle(d, n, result, endpointId);
    if (outcome === 'stale') return;
    counter.inc({ channel: d.channel, status: outcome });
    if (!result.ok)
      log.info({ deliveryId: d.id, attempt: n, error: result.error, outcome }, 'delivery attempt failed');
    if (outcome === 'failed' && !result.ok) await publishOutcome(d, outcome, result.error);
  }

  /** Successful attempts, recorded with one transaction (their endpoints' failure counts reset). */
  async function succeeded(
    done: ReadonlyArray<{ d: store.DeliveryRow; n: number; endpointId: string | null }>,
  ) {
    const marked = await p.db.tx(async (q) => {
      const ids = await store.markDelivered(
        q,
        done.map((x) => ({ id: x.d.id, attempt: x.n, endpointId: x.endpointId })),
      );
      const endpoints = done.flatMap((x) => (x.endpointId && ids.has(x.d.id) ? [x.endpointId] : []));
      if (endpoints.length) await store.resetEndpointFailures(q, endpoints);
      return ids;
    });
    for (const { d } of done) {
      if (!marked.has(d.id)) continue;
      counter.inc({ channel: d.channel, status: 'delivered' });
      await publishOutcome(d, 'delivered', null);
    }
  }

  /**
   * A batch of attempts: the rows (handed over, or one read), each webhook endpoint looked up
   * once, the attempts at once, successes recorded together as they come in. The window between
   * an attempt and its record is what a crash turns into a re-send, so it is kept short.
   */
  async function run(jobs: Job[], ctx: BatchContext) {
    const wanted = jobs.map((j) => j.payload as SendJobPayload);
    const rows = new Map<string, store.DeliveryRow>();
    for (const job of jobs) {
      const row = handedOverRow(job);
      if (row) rows.set(row.id, row);
    }
    const unknown = wanted.map((w) => w.deliveryId).filter((id) => !rows.has(id));
    if (unknown.length) for (const r of await store.findDeliveries(p.db, unknown)) rows.set(r.id, r);
    const endpoints = new Map<string, Promise<store.EndpointRow>>();
    const endpointOf = (d: store.DeliveryRow) => {
      const url = (d.target as WebhookTarget).url;
      const key = `${urlHash(url)}:${d.owner_user_id}`;
      let e = endpoints.get(key);
      if (!e) {
        e = store.endpointFor(p.db, {
          urlHash: urlHash(url),
          url,
          ownerUserId: d.owner_user_id,
          orgId: d.org_id,
        });
        endpoints.set(key, e);
      }
      return e;
    };
    const failed = new Map<number, unknown>();
    // Each success is recorded as soon as it (and whatever succeeded meanwhile) can be.
    const record = coalesce(succeeded);
    await Promise.all(
      jobs.map(async (job, i) => {
        const { deliveryId, attempt: n } = wanted[i]!;
        const d = rows.get(deliveryId);
        // Settled, or this attempt's outcome already written (the job ran again after a crash).
        if (d?.status !== 'pending' || d.attempts >= n) return;
        try {
          const e = WEBHOOK_CHANNELS.has(d.channel) ? await endpointOf(d) : null;
          if (e?.disabled_at) return await skip(d, e);
          const result = await attempt(p, d, channelOptions, ctx.signalOf(job.id));
          if (result.ok) await record({ d, n, endpointId: e?.id ?? null });
          else await failedAttempt(d, n, result, e?.id ?? null);
        } catch (err) {
          failed.set(job.id, err);
        }
      }),
    );
    return failed;
  }

  p.jobs.registerBatch(SEND_JOB, run, { maxBatch: 200 });
  return {
    close() {
      closeTransports();
    },
  };
}
