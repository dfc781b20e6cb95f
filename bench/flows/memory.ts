// Memory per active host, counted in full: the detector thread's window store (ring of tick
// counters, keys, hash index, growth slack — bytes allocated, not just used) plus a collector
// worker's tick table (the hosts of the current 250 ms tick; a host seen by one exporter lands on
// one worker, so one table — each further worker seeing the same host adds its table's share).

import { Detector } from '../../src/detection/engine/detector.ts';
import { batchOf, settingsFrom } from '../../src/detection/engine/testing.ts';
import { TickCounter } from '../../src/detection/engine/tick-counter.ts';

const T0 = 1_700_000_000_000;

export function memoryPerHost(hosts: number) {
  const settings = settingsFrom({ networks: ['10.0.0.0/8'] });
  const counter = new TickCounter(settings, 0, T0);
  const detector = new Detector(settings, { workers: 1, now: () => T0 + settings.tickMs });
  const batch = batchOf(
    Array.from({ length: hosts }, (_, i) => ({
      dst: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`,
      packets: 1,
    })),
  );
  counter.add(batch, T0);
  const tickTable = counter.bytes;
  detector.ingest(counter.flush(T0 + settings.tickMs));
  const s = detector.stats();
  if (s.entities !== hosts) throw new Error(`detector holds ${s.entities} of ${hosts} hosts`);
  return {
    total: (s.bytes + tickTable) / hosts,
    detector: s.bytes / hosts,
    detectorColumns: s.bytesPerEntity,
    tickTable: tickTable / hosts,
  };
}
