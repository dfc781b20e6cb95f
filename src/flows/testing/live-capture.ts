// A capture played in real time: packets are written as a pcap stream (to a FIFO a capture
// reader such as pmacctd opens as its savefile) at each stream's packet rate, stamped with the
// wall clock. Exporters that read savefiles do so as fast as they can, and sFlow samples carry no
// timestamps — so for the rates a collector sees to mean anything, the packets must arrive at the
// rate they claim. Test support only: it allocates freely.

import { createWriteStream } from 'node:fs';
import { encodePcap } from './packets.ts';

export interface LiveStream {
  /** Frames sent in turn (a prime count keeps 1-in-N samplers from seeing a subset). */
  frames: readonly Uint8Array[];
  pps: number;
  /** Offsets from the start of play. */
  startMs: number;
  durationMs: number;
}

const STEP_MS = 10;

function record(frame: Uint8Array, nowMs: number): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32LE(Math.floor(nowMs / 1000), 0);
  header.writeUInt32LE((nowMs % 1000) * 1000, 4);
  header.writeUInt32LE(frame.length, 8);
  header.writeUInt32LE(frame.length, 12);
  return Buffer.concat([header, frame]);
}

/** The pcap file header alone (link type Ethernet). */
export const pcapHeader = () => Buffer.from(encodePcap([]));

export class LiveCapture {
  private readonly out: ReturnType<typeof createWriteStream>;
  private readonly opened: Promise<void>;

  /** Opening a FIFO for writing waits for its reader; the header goes first. */
  constructor(path: string) {
    this.out = createWriteStream(path);
    this.opened = new Promise((resolve, reject) => {
      this.out.once('open', () => resolve());
      this.out.once('error', reject);
    });
    this.out.write(pcapHeader());
  }

  /**
   * Writes every stream's packets as they fall due, every 10 ms, until the last stream ends.
   * Counts are kept against elapsed time, so a stalled event loop catches up instead of losing
   * packets. Returns the packets written per stream.
   */
  async play(streams: readonly LiveStream[]): Promise<number[]> {
    await this.opened;
    const sent = streams.map(() => 0);
    const end = Math.max(...streams.map((s) => s.startMs + s.durationMs));
    const start = Date.now();
    for (let elapsed = 0; elapsed <= end + STEP_MS; elapsed = Date.now() - start) {
      const now = Date.now();
      const chunks: Buffer[] = [];
      streams.forEach((s, i) => {
        const active = Math.min(elapsed, s.startMs + s.durationMs) - s.startMs;
        const due = Math.floor((Math.max(0, active) * s.pps) / 1000);
        for (; sent[i]! < due; sent[i]!++) chunks.push(record(s.frames[sent[i]! % s.frames.length]!, now));
      });
      if (chunks.length && !this.out.write(Buffer.concat(chunks)))
        await new Promise<void>((resolve) => this.out.once('drain', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, STEP_MS));
    }
    return sent;
  }

  /** End of file: the reader finishes and (pmacctd) flushes and exits. */
  close(): Promise<void> {
    return new Promise((resolve) => this.out.end(() => resolve()));
  }
}
