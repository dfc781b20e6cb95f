// A detection system under test, as the flow benchmark drives it: where to send flows, when it
// reported an attack on each target, and how many records it says it received.

export interface RunningPeer {
  netflowPort: number;
  sflowPort: number;
  /** Target address → epoch ms of the first detection event for it. */
  detections: Map<string, number>;
  /** Where a peer can tell: when it decided, before storing and publishing (a second column). */
  decisions?: Map<string, number>;
  /** Records (flows or samples) the peer counted so far; null when it does not say. */
  receivedRecords(): Promise<number | null>;
  stop(): Promise<void>;
}

export interface Peer {
  name: string;
  /** Why the peer cannot run here, or null. */
  unavailable(): string | null;
  /** Starts it with a total limit of `pps` packets/s per destination host in `network`. */
  start(o: { pps: number; network: string; workers?: number }): Promise<RunningPeer>;
}
