import { randomUUID } from 'node:crypto';
import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  DiscardPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { connect, type NatsConnection, nanos } from '@nats-io/transport-node';
import { isTlp } from '../../policy/tlp.ts';
import type { Logger } from '../log.ts';
import type { Bus, BusEvent, EventInput, Handler } from './bus.ts';

export interface NatsBusOptions {
  url: string;
  /** JetStream stream name; subjects are `<stream lowercased>.events.<type>`. */
  stream: string;
  log?: Logger;
  /** Tests: remove the stream on close so runs leave nothing behind. */
  deleteStreamOnClose?: boolean;
  /** Retention: events older than this are dropped (default 24 h). */
  maxAgeMs?: number;
  /** Retention: at most this many events are kept (default 1 000 000). */
  maxMessages?: number;
}

const DAY_MS = 24 * 3_600_000;
const REPLAY_WAIT_MS = 10_000;
const RESTART_DELAY_MS = 1_000;

/** Event types become subject tokens: anything a subject cannot carry is replaced. */
export function subjectFor(prefix: string, type: string): string {
  const tokens = type.split('.').map((t) => t.replace(/[^A-Za-z0-9_-]/g, '_') || '_');
  return `${prefix}.${tokens.join('.')}`;
}

/** The stored body is the event without `seq`, which the stream assigns. */
function decode(m: JsMsg): BusEvent | null {
  try {
    const b = m.json<Partial<BusEvent>>();
    if (typeof b.id !== 'string' || typeof b.type !== 'string' || typeof b.at !== 'string' || !isTlp(b.tlp)) {
      return null;
    }
    const event: BusEvent = {
      id: b.id,
      seq: m.seq,
      type: b.type,
      orgId: b.orgId ?? null,
      tlp: b.tlp,
      at: b.at,
      data: b.data,
    };
    if (b.audience) event.audience = b.audience;
    return event;
  } catch {
    return null;
  }
}

async function ensureStream(jsm: JetStreamManager, opts: NatsBusOptions, subjects: string[]) {
  const limits = { max_age: nanos(opts.maxAgeMs ?? DAY_MS), max_msgs: opts.maxMessages ?? 1_000_000 };
  const existing = await jsm.streams.info(opts.stream).catch((err: Error) => {
    if (/stream not found/i.test(err.message)) return null;
    throw err;
  });
  if (!existing) {
    await jsm.streams.add({
      name: opts.stream,
      subjects,
      ...limits,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
    });
    return;
  }
  const c = existing.config;
  if (
    c.max_age !== limits.max_age ||
    c.max_msgs !== limits.max_msgs ||
    c.subjects?.join() !== subjects.join()
  ) {
    await jsm.streams.update(opts.stream, { subjects, ...limits });
  }
}

/**
 * The bus on NATS JetStream: every event is stored in one stream (limits retention), so
 * `seq` is the stream sequence and any node can replay what it missed. Each bus instance
 * holds one ordered consumer that fans new events out to its local handlers; the client
 * reconnects forever, and the ordered consumer resumes after the last event it delivered.
 */
export async function openNatsBus(opts: NatsBusOptions): Promise<Bus> {
  const { stream, log } = opts;
  const prefix = `${stream.toLowerCase()}.events`;
  const nc: NatsConnection = await connect({
    servers: opts.url,
    name: `swimmy:${stream}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1_000,
    timeout: 5_000,
    pingInterval: 20_000,
  });
  let jsm: JetStreamManager;
  let js: JetStreamClient;
  let lastDelivered: number;
  try {
    jsm = await jetstreamManager(nc);
    js = jsm.jetstream();
    await ensureStream(jsm, opts, [`${prefix}.>`]);
    lastDelivered = (await jsm.streams.info(stream)).state.last_seq;
  } catch (err) {
    await nc.close().catch(() => {});
    throw err;
  }

  const handlers = new Set<Handler>();
  let closing = false;
  let live: ConsumerMessages | null = null;

  watchConnection(nc, log);

  const dispatch = (m: JsMsg) => {
    if (m.seq <= lastDelivered) return; // already delivered before a consumer restart
    lastDelivered = m.seq;
    const event = decode(m);
    if (!event) {
      log?.warn({ stream, seq: m.seq, subject: m.subject }, 'skipping malformed bus message');
      return;
    }
    for (const h of handlers) {
      try {
        h(event);
      } catch (err) {
        // A subscriber's bug must not stop delivery to the others.
        log?.error({ err, type: event.type }, 'bus handler failed');
      }
    }
  };

  // Starting at last_seq + 1 rather than DeliverPolicy.New: if the consumer is ever recreated
  // (by the client after missed heartbeats, or by us below), it resumes exactly where it was.
  const startLive = async (): Promise<void> => {
    const consumer = await js.consumers.get(stream, {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: lastDelivered + 1,
    });
    const messages = await consumer.consume({ max_messages: 512, callback: dispatch });
    live = messages;
    messages.closed().then((err) => {
      if (closing) return;
      log?.warn({ err, stream }, 'bus consumer stopped; restarting');
      restartLive();
    });
  };
  const restartLive = () => {
    setTimeout(() => {
      if (closing) return;
      startLive().catch((err) => {
        log?.warn({ err, stream }, 'cannot restart bus consumer; retrying');
        restartLive();
      });
    }, RESTART_DELAY_MS).unref();
  };
  try {
    await startLive();
  } catch (err) {
    await nc.close().catch(() => {});
    throw err;
  }

  async function readRange(afterSeq: number, count: number): Promise<BusEvent[] | 'gap'> {
    // An ephemeral pull consumer reads the range in one batch (direct batch get needs 2.11+).
    const ci = await jsm.consumers.add(stream, {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: afterSeq + 1,
      ack_policy: AckPolicy.None,
      mem_storage: true,
      inactive_threshold: nanos(30_000),
    });
    const consumer = js.consumers.getConsumerFromInfo(ci);
    try {
      const out: BusEvent[] = [];
      const batch = await consumer.fetch({ max_messages: count, expires: REPLAY_WAIT_MS });
      for await (const m of batch) {
        // The oldest events expired between our look at the stream and the read.
        if (out.length === 0 && m.seq !== afterSeq + 1) {
          batch.stop();
          return 'gap';
        }
        const event = decode(m);
        if (event) out.push(event);
        if (m.seq >= afterSeq + count) {
          batch.stop();
          break;
        }
      }
      return out;
    } finally {
      consumer.delete().catch(() => {});
    }
  }

  return {
    kind: 'nats',
    async publish<T>(input: EventInput<T>) {
      if (closing) throw new Error('bus closed');
      const body: Omit<BusEvent<T>, 'seq'> = {
        id: randomUUID(),
        type: input.type,
        orgId: input.orgId,
        tlp: input.tlp,
        at: new Date().toISOString(),
        data: input.data,
      };
      if (input.audience) body.audience = input.audience;
      const ack = await js.publish(subjectFor(prefix, input.type), JSON.stringify(body));
      return { ...body, seq: ack.seq };
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async replay(afterSeq, limit = 10_000) {
      if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) return 'gap';
      const { first_seq: first, last_seq: last } = (await jsm.streams.info(stream)).state;
      // Beyond the end: the stream was recreated; before the start: already dropped.
      if (afterSeq > last || afterSeq + 1 < first) return 'gap';
      const count = Math.min(limit, last - afterSeq);
      if (count <= 0) return [];
      return readRange(afterSeq, count);
    },
    async ping() {
      if (closing) throw new Error('bus closed');
      await nc.rtt(); // throws at once while disconnected
    },
    async close() {
      if (closing) return;
      closing = true;
      handlers.clear();
      (live as ConsumerMessages | null)?.stop();
      if (opts.deleteStreamOnClose) await jsm.streams.delete(stream).catch(() => {});
      await Promise.race([nc.drain(), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]).catch(
        () => {},
      );
      if (!nc.isClosed()) await nc.close().catch(() => {});
    },
  };
}

function watchConnection(nc: NatsConnection, log: Logger | undefined) {
  (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') log?.warn({ server: s.server }, 'NATS disconnected; reconnecting');
      else if (s.type === 'reconnect') log?.info({ server: s.server }, 'NATS reconnected');
      else if (s.type === 'error') log?.warn({ err: s.error }, 'NATS error');
    }
  })().catch(() => {});
}
