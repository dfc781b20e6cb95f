// What a collector worker posts to the detector at every tick boundary: the sparse table of
// entities that saw traffic (their keys, METRIC_COUNT counters each, prefix entry, first arrival)
// and details of the hot ones. The typed arrays are transferred, not copied.

import type { DetailSummary } from './details.ts';

export interface TickMessage {
  type: 'tick';
  worker: number;
  tick: number;
  rows: number;
  keys: Uint32Array;
  metrics: Float32Array;
  /** Prefix-table entry of each row (-1: no networks configured). */
  entries: Int32Array;
  /** When the row's first record arrived, in 4 ms units after the tick's start. */
  firstOffsets: Uint8Array;
  details: DetailSummary[];
  records: number;
  /** Records not counted because the entity table was full. */
  dropped: number;
}
