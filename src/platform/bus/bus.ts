import type { Tlp } from '../../policy/tlp.ts';

/** Who, besides the owning org, an event is addressed to; read by the policy module. */
export interface Audience {
  userIds?: string[];
  orgIds?: string[];
  communityOrgIds?: string[];
}

/**
 * An event on the bus. `seq` orders events for resumption (live stream Last-Event-ID): it only
 * grows, but is not dense across implementations (memory: from the clock; NATS: the JetStream
 * stream sequence). `orgId`, `tlp` and `audience` let every subscriber filter through the
 * policy module. `data` must be plain JSON: the NATS bus stores the event as JSON.
 */
export interface BusEvent<T = unknown> {
  id: string;
  seq: number;
  type: string;
  orgId: string | null;
  tlp: Tlp;
  audience?: Audience;
  at: string;
  data: T;
}

export type EventInput<T = unknown> = Omit<BusEvent<T>, 'id' | 'seq' | 'at'>;

/** Called synchronously, in seq order; must not block. A throw is contained (others still get the event). */
export type Handler = (event: BusEvent) => void;

export interface Bus {
  readonly kind: 'memory' | 'nats';
  /** Publishes and resolves once the event is stored (JetStream ack) or dispatched (memory). */
  publish<T>(event: EventInput<T>): Promise<BusEvent<T>>;
  /**
   * Every event published from now on (by any process on the same bus), in seq order.
   * Returns an unsubscribe function. On NATS delivery is asynchronous, so an event published
   * just before subscribing may still arrive: consumers that also replay dedupe by seq.
   */
  subscribe(handler: Handler): () => void;
  /**
   * Events with seq > afterSeq still retained, oldest first, at most `limit` (default 10 000),
   * up to the newest event stored when called; 'gap' when some were already dropped, or when
   * afterSeq is not one this bus issued (the caller must refetch state rather than silently
   * miss events).
   */
  replay(afterSeq: number, limit?: number): Promise<BusEvent[] | 'gap'>;
  /** Throws when the bus cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
