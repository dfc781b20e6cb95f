// Detector thread cost: how long one tick's ingest + evaluation takes with N active hosts (every
// host reported in every tick, 1% of them near or over a limit so that they carry per-vector
// rings and details), median and p99 over the ticks — the detector must finish well inside a tick
// (250 ms) for detection to stay on time. Detection delay, throughput and memory per host are in
// `npm run bench:flows`, side by side with FastNetMon; this benchmark measures only the detector.
// `--json` prints one JSON object; `--quick` stops at 100k hosts; `--ticks N` (default 24).

import { Detector } from '../src/detection/engine/detector.ts';
import { batchOf, type Row, settingsFrom } from '../src/detection/engine/testing.ts';
import { TickCounter } from '../src/detection/engine/tick-counter.ts';
import { numberOption, parseArgs, percentile, printResult, round } from './lib.ts';

const args = parseArgs();
const TICKS = numberOption(args, 'ticks', 24);
const sizes = args.options.quick === true ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
const T0 = Math.floor(Date.now() / 250) * 250;

function rows(hosts: number): Row[] {
  return Array.from({ length: hosts }, (_, i) => {
    const hot = i % 100 === 0; // 1%: near the limit (per-vector ring, details); some over it
    return {
      dst: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      src: `203.0.113.${(i % 250) + 1}`,
      protocol: hot ? 6 : 17,
      tcpFlags: hot ? 2 : 0,
      packets: hot ? (i % 300 === 0 ? 8000 : 2000) : 2,
      bytes: hot ? 120_000 : 1200,
    };
  });
}

function measure(hosts: number) {
  const settings = settingsFrom({ networks: ['10.0.0.0/8'], thresholds: { total: { pps: 20_000 } } });
  const counter = new TickCounter(settings, 0, T0);
  let now = T0;
  const detector = new Detector(settings, { workers: 1, now: () => now });
  const batch = batchOf(rows(hosts));
  const ingestMs: number[] = [];
  const countMs: number[] = [];
  for (let t = 0; t < TICKS; t++) {
    const c0 = performance.now();
    counter.add(batch, now);
    countMs.push(performance.now() - c0);
    now += settings.tickMs;
    const message = counter.flush(now);
    const start = performance.now();
    detector.ingest(message);
    if (t >= 4) ingestMs.push(performance.now() - start); // the first ticks grow the tables
  }
  const s = detector.stats();
  return {
    p50: percentile(ingestMs, 50),
    p99: percentile(ingestMs, 99),
    count: percentile(countMs, 50),
    attacks: s.activeAttacks,
    entities: s.entities,
  };
}

const out: Record<string, number | string> = { ticks: TICKS, tick_ms: 250 };
for (const hosts of sizes) {
  const m = measure(hosts);
  const k = hosts >= 1e6 ? `${hosts / 1e6}m` : `${hosts / 1e3}k`;
  out[`detector_tick_ms_p50_${k}_hosts`] = round(m.p50);
  out[`detector_tick_ms_p99_${k}_hosts`] = round(m.p99);
  out[`detector_ns_per_host_${k}_hosts`] = round((m.p50 * 1e6) / hosts, 1);
  out[`worker_count_ms_p50_${k}_hosts`] = round(m.count);
  out[`open_attacks_${k}_hosts`] = m.attacks;
}
printResult(
  'detector thread — one tick of ingest + evaluation (lower is better; a tick is 250 ms)',
  out,
  args.json,
);
