import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Gauge, type Registry } from 'prom-client';
import { Type } from 'typebox';
import { SIGNED_IN } from '../platform/auth/access.ts';
import type { BusEvent } from '../platform/bus/bus.ts';
import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import { canSeeEvent, isAuditedRead } from '../policy/index.ts';
import { frameOf } from './frames.ts';
import { createLiveReadAudit } from './read-audit.ts';

export interface LiveOptions {
  /** Comment sent this often so proxies and clients see a live connection (default 15 s). */
  heartbeatMs?: number;
  /** Streams end after about this long and the client resumes, re-authenticated (default 15 min). */
  maxConnectionMs?: number;
  /** A client that lets this much pile up unread is dropped; it resumes with Last-Event-ID (default 4 MiB). */
  maxUnsentBytes?: number;
}

const RETRY_MS = 2000;
const REPLAY_PAGE = 1000;
/** Further behind than this, refetching state is cheaper than replaying. */
const MAX_REPLAY = 10_000;
const RESUME_ID = /^\d{1,16}$/;

const StreamQuery = Type.Object({
  lastEventId: Type.Optional(
    Type.String({ description: 'Resume after this event id (what EventSource sends as Last-Event-ID).' }),
  ),
});

function liveClientsGauge(registry: Registry): Gauge {
  const existing = registry.getSingleMetric('swimmy_live_clients') as Gauge | undefined;
  return (
    existing ??
    new Gauge({ name: 'swimmy_live_clients', help: 'Connected live stream clients', registers: [registry] })
  );
}

/** Where to resume: the Last-Event-ID header (EventSource reconnects) wins over ?lastEventId=. */
function resumeAfter(req: FastifyRequest): number | null {
  const header = req.headers['last-event-id'];
  const raw =
    typeof header === 'string' && header !== ''
      ? header
      : (req.query as { lastEventId?: string }).lastEventId;
  if (raw === undefined || raw === '') return null;
  const n = Number(raw);
  if (!RESUME_ID.test(raw) || !Number.isSafeInteger(n)) {
    throw new AppError(
      'validation_failed',
      'Last-Event-ID (or lastEventId) must be a non-negative integer event id.',
    );
  }
  return n;
}

/**
 * GET /api/v1/stream: the live event stream as Server-Sent Events, filtered through the
 * policy module. Resuming is gap-free: subscribe and buffer first, replay what was missed,
 * then flush the buffer skipping what the replay already sent. When the bus no longer holds
 * what was missed, the client gets `event: reset` and must refetch state.
 */
export function liveModule(platform: Platform, options: LiveOptions = {}) {
  const { bus } = platform;
  const readAudit = createLiveReadAudit(platform.db, platform.log);
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxConnectionMs = options.maxConnectionMs ?? 15 * 60_000;
  const maxUnsentBytes = options.maxUnsentBytes ?? 4 * 1024 * 1024;
  const clients = liveClientsGauge(platform.metrics);
  const connections = new Set<() => void>();

  return async function live(app: FastifyInstance) {
    // Open streams would hold server.close() forever; end them so clients reconnect elsewhere.
    app.addHook('preClose', async () => {
      for (const end of connections) end();
      await readAudit.flush();
    });

    app.get(
      '/stream',
      {
        config: { access: SIGNED_IN },
        schema: {
          summary: 'Live events (Server-Sent Events)',
          description:
            'text/event-stream of the events you may see: `id` is the event seq, `event` its type, `data` the event as JSON. Reconnect with Last-Event-ID to resume; `event: reset` means events were missed and state must be refetched.',
          tags: ['live'],
          querystring: StreamQuery,
        },
      },
      async (req, reply) => {
        const after = resumeAfter(req);
        // Memberships are a snapshot taken at connect time: a user removed from an org (or
        // signed out) keeps receiving what they could see until the stream ends. Streams are
        // ended after `maxConnectionMs`, so that window is bounded: the client reconnects with
        // Last-Event-ID, is authenticated afresh, and misses nothing.
        const principal = req.principal;
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          ...(reply.getHeaders() as OutgoingHttpHeaders),
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });

        let closed = false;
        let lastSeq = -1;
        // Live events wait here until the replay is done; null once streaming live.
        let buffer: BusEvent[] | null = [];

        const write = (chunk: string) => {
          if (closed) return;
          res.write(chunk);
          if (res.writableLength > maxUnsentBytes) {
            req.log.warn({ unsent: res.writableLength }, 'live client too slow; dropping it');
            cleanup();
            res.destroy();
          }
        };
        // Synchronous and cheap: runs once per event per client.
        const send = (e: BusEvent) => {
          if (e.seq <= lastSeq) return;
          lastSeq = e.seq;
          if (!canSeeEvent(principal, e)) return;
          write(frameOf(e));
          if (isAuditedRead(e.tlp)) readAudit.record(principal, e);
        };

        const unsubscribe = bus.subscribe((e) => (buffer ? buffer.push(e) : send(e)));
        const heartbeat = setInterval(() => write(': keep-alive\n\n'), heartbeatMs);
        // Nothing may be written once ending starts (a write after end() is an error).
        const end = () => {
          cleanup();
          res.end();
        };
        // Jittered, so clients that connected together do not all come back together.
        const expiry = setTimeout(end, maxConnectionMs * (0.9 + Math.random() * 0.2));
        const cleanup = () => {
          if (closed) return;
          closed = true;
          buffer = null;
          clearInterval(heartbeat);
          clearTimeout(expiry);
          unsubscribe();
          connections.delete(end);
          clients.dec();
        };
        res.on('close', cleanup);
        res.on('error', (err) => req.log.debug({ err }, 'live stream write failed'));
        connections.add(end);
        clients.inc();
        write(`retry: ${RETRY_MS}\n\n`);

        if (after !== null) {
          lastSeq = after;
          let complete = false;
          try {
            complete = await catchUp(after);
          } catch (err) {
            req.log.warn({ err }, 'live replay failed; asking the client to refetch');
          }
          if (!complete) {
            // Buffered events may now be older than `after` (e.g. a recreated stream).
            lastSeq = -1;
            write('event: reset\ndata: {}\n\n');
          }
        }
        const pending = buffer ?? [];
        buffer = null;
        for (const e of pending) send(e);

        /** Sends everything after `from` that the bus still holds; false when some is gone. */
        async function catchUp(from: number): Promise<boolean> {
          let cursor = from;
          for (let sent = 0; sent < MAX_REPLAY && !closed; ) {
            const page = await bus.replay(cursor, REPLAY_PAGE);
            if (page === 'gap') return false;
            for (const e of page) send(e);
            if (page.length < REPLAY_PAGE) return true;
            sent += page.length;
            cursor = page[page.length - 1]!.seq;
          }
          return closed;
        }
      },
    );
  };
}
