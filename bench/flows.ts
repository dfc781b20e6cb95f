// Flow telemetry benchmark: Swimmy side by side with FastNetMon (Debian's 1.2.4) in the same run,
// on the same streams over loopback, with the same limit (20,000 pps per host, nothing per
// protocol — FastNetMon 1.2.4 has no SYN threshold). Figures:
// - detect_delay_ms["<vector>_<protocol>_<multiple>x"] = { swimmy, fastnetmon }: median ms from
//   an attack's first datagram to the detection event (Swimmy: attack.started on the bus;
//   FastNetMon: its notify script's `ban`), null = not detected while the flood lasted
//   (bench/flows/delays.ts); also `swimmy_detector`: the detector's decision reaching the main
//   thread, before the attack is stored and published; detect_delay_worst_ms alike;
// - max_lossless_records_per_s / fastnetmon_max_lossless_records_per_s: highest NetFlow v5 rate
//   with no kernel drops at the socket and every record counted (bench/flows/throughput.ts);
// - v5_records_per_s_one_worker (and per protocol): decode + count in one thread, no sockets;
//   decoder ns per record next to a raw-read floor and JSON.parse (bench/flows/decode.ts);
// - bytes_per_active_host: detector window + one worker's tick table (bench/flows/memory.ts).
// Options: --json, --quick (one delay run, short throughput steps), --runs N (delay runs, default
// 3), --workers N (Swimmy's collector workers in the throughput test; default min(2, cores)),
// --skip-delays, --skip-throughput, --skip-decode, --no-fastnetmon.

import { decoderFigures } from './flows/decode.ts';
import { LIMIT_PPS, measureDelays } from './flows/delays.ts';
import { memoryPerHost } from './flows/memory.ts';
import { losslessLadder } from './flows/throughput.ts';
import { numberOption, parseArgs, printResult, round } from './lib.ts';
import { fastnetmon } from './peers/fastnetmon.ts';
import { swimmy } from './peers/swimmy.ts';
import type { Peer } from './peers/types.ts';

const args = parseArgs();
const quick = args.options.quick === true;
const flag = (name: string) => args.options[name] === true;
const log = (line: string) => {
  if (!args.json) process.stdout.write(`${line}\n`);
};

const out: Record<string, unknown> = {};
const fnmMissing = flag('no-fastnetmon') ? 'disabled with --no-fastnetmon' : fastnetmon.unavailable();
const peers: Peer[] = fnmMissing ? [swimmy] : [swimmy, fastnetmon];
out.fastnetmon = fnmMissing ? `not run: ${fnmMissing}` : 'fastnetmon 1.2.4, same run, same streams';
if (fnmMissing) process.stderr.write(`FastNetMon ${out.fastnetmon}; its figures are null\n`);

if (!flag('skip-decode')) {
  log('Decoders (one thread, no sockets)');
  const d = decoderFigures(quick ? 60 : 300, quick ? 2 : 5);
  Object.assign(out, d);
  out.v5_records_per_s_one_worker = d.netflow5_records_per_s_one_worker;
  for (const p of ['netflow5', 'netflow9', 'ipfix', 'sflow5'])
    log(
      `  ${p.padEnd(9)} decode ${d[`${p}_ns_per_record_median`]} ns/record (floor ${d[`${p}_floor_ns_median`]}, JSON.parse ${d[`${p}_json_ns_median`]}); decode + count ${d[`${p}_records_per_s_one_worker`]!.toLocaleString()} records/s`,
    );
}

if (!flag('skip-delays')) {
  const runs = numberOption(args, 'runs', quick ? 1 : 3);
  log(
    `Detection delay, ms from the first attack datagram (limit ${LIMIT_PPS} pps per host; sFlow 1-in-100; median of ${runs} run(s))`,
  );
  const { median, worst } = await measureDelays(peers, { runs, attackMs: 12_000, log });
  for (const figures of [...Object.values(median), ...Object.values(worst)]) figures.fastnetmon ??= null;
  out.detect_delay_ms = median;
  out.detect_delay_worst_ms = worst;
  const at = (low: boolean, peer: string) => {
    const values = Object.entries(worst)
      .filter(([k]) => k.endsWith('_1.25x') === low)
      .map(([, v]) => v[peer]);
    return values.some((v) => v === null || v === undefined) ? null : Math.max(...(values as number[]));
  };
  out.swimmy_worst_delay_ms_2x_and_above = at(false, 'swimmy');
  out.swimmy_worst_delay_ms_1_25x = at(true, 'swimmy');
  out.fastnetmon_worst_delay_ms_2x_and_above = at(false, 'fastnetmon');
  out.fastnetmon_worst_delay_ms_1_25x = at(true, 'fastnetmon');
}

if (!flag('skip-throughput')) {
  log('Highest loss-free NetFlow v5 rate over loopback (kernel drops at the socket, records counted)');
  const rates = [
    25_000, 50_000, 100_000, 175_000, 250_000, 375_000, 500_000, 750_000, 1_000_000, 1_500_000, 2_000_000,
    3_000_000,
  ];
  const seconds = quick ? 1 : 2;
  const workers = numberOption(args, 'workers', 0);
  const ladder = await losslessLadder(peers, rates, seconds, log, workers);
  out.max_lossless_records_per_s = ladder.swimmy?.maxLossless ?? null;
  out.fastnetmon_max_lossless_records_per_s = ladder.fastnetmon?.maxLossless ?? null;
} else out.fastnetmon_max_lossless_records_per_s = null;

const m = memoryPerHost(100_000);
out.bytes_per_active_host = Math.round(m.total);
out.detector_bytes_per_host = round(m.detector, 1);
out.tick_table_bytes_per_host_per_worker = round(m.tickTable, 1);
log(
  `Memory per active host at 100k hosts: ${Math.round(m.total)} B (detector ${round(m.detector, 1)} B + worker tick table ${round(m.tickTable, 1)} B)`,
);

if (args.json) printResult('', out, true);
else {
  const scalars = Object.fromEntries(
    Object.entries(out).filter(([, v]) => typeof v !== 'object' || v === null),
  );
  const delays = out.detect_delay_ms as Record<string, Record<string, number | null>> | undefined;
  if (delays) {
    log('\nDetection delay table (median ms; — = not detected within the 12 s flood)');
    log('  swimmy: attack.started on the bus (after the attack is stored); swimmy_detector: the detector');
    log("  thread's decision reaching the main thread; fastnetmon: its notify script called with `ban`");
    const cell = (v: number | null | undefined, width: number) => String(v ?? '—').padStart(width);
    log(
      `  ${'key'.padEnd(18)} ${'swimmy'.padStart(8)} ${'swimmy_detector'.padStart(16)} ${'fastnetmon'.padStart(11)}`,
    );
    for (const [k, v] of Object.entries(delays))
      log(`  ${k.padEnd(18)} ${cell(v.swimmy, 8)} ${cell(v.swimmy_detector, 16)} ${cell(v.fastnetmon, 11)}`);
  }
  printResult('\nFlow benchmark', scalars, false);
}
process.exit(0);
