import type { Tlp } from '../../policy/tlp.ts';

/** Who, besides the owning org, an event is addressed to; read by the policy module. */
export interface Audience {
  userIds?: string[];
  orgIds?: string[];
  communityOrgIds?: string[];
}

/**
 * An event on the bus. `seq` orders events for resumption (live stream Last-Event-ID);
 * `orgId` and `tlp` let every subscriber filter through the policy module.
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

export type Handler = (event: BusEvent) => void;

export interface Bus {
  readonly kind: 'memory' | 'nats';
  /** Publishes and resolves once the event is stored (JetStream ack) or dispatched (memory). */
  publish<T>(event: EventInput<T>): Promise<BusEvent<T>>;
  /** Every event published from now on, in seq order. Returns an unsubscribe function. */
  subscribe(handler: Handler): () => void;
  /**
   * Events with seq > afterSeq still retained, oldest first; 'gap' when some were already
   * dropped (the caller must refetch state rather than silently miss events).
   */
  replay(afterSeq: number, limit?: number): Promise<BusEvent[] | 'gap'>;
  /** Throws when the bus cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
