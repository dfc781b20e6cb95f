// `swimmy simulate`: realistic flow export to a collector on this machine — background traffic
// for many hosts plus attacks of any vector — for demos, tests and benchmarks. It refuses any
// target that is not loopback: it must never aim traffic at a real network.

import {
  parseAttacks,
  parseBackground,
  parseProtocol,
  parseTarget,
  SimulationOptionError,
} from '../../flows/simulator/options.ts';
import { assertLoopback, NotLoopbackError, runSimulation } from '../../flows/simulator/run.ts';
import { ATTACK_VECTORS } from '../../flows/simulator/traffic.ts';
import { type Command, UsageError } from '../args.ts';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'Send simulated NetFlow/IPFIX/sFlow with attacks to a collector on loopback.',
  usage: `swimmy simulate [--target 127.0.0.1:2055] [--protocol v5|v9|ipfix|sflow] [--duration S]
       [--attack VECTOR,TARGET,PPS[,START_S[,DURATION_S]][;…]] [--spoofed] [--sampling N] …

Vectors: ${Object.keys(ATTACK_VECTORS).join(', ')}.
Example: swimmy simulate --protocol ipfix --attack "ntp,198.51.100.7,50000,2,5;syn,198.51.100.8,30000,3"`,
  options: {
    target: {
      type: 'string',
      description: 'Collector host:port on loopback (default 127.0.0.1:2055, sFlow :6343)',
    },
    protocol: { type: 'string', description: 'v5, v9, ipfix or sflow (default v5)' },
    duration: { type: 'string', description: 'Seconds to run (default 10)' },
    attack: {
      type: 'string',
      description: 'Attacks: vector,target,pps[,start_s[,duration_s]] separated by ;',
    },
    spoofed: {
      type: 'boolean',
      description: 'Random source addresses/ports for direct floods (udp, syn, icmp, fragments)',
    },
    sources: { type: 'string', description: 'Senders per attack when not spoofed (default 50)' },
    hosts: { type: 'string', description: 'Background hosts in 198.51.100.0/22 (default 50)' },
    'host-pps': { type: 'string', description: 'Background packets/s per host (default 200)' },
    download: {
      type: 'string',
      description: 'A large TCP download: target,pps (one record per active timeout)',
    },
    'active-timeout': {
      type: 'string',
      description: 'Active timeout of the download records, seconds (default 10)',
    },
    burst: { type: 'string', description: 'A brief burst: target,pps,start_s,duration_s' },
    sampling: { type: 'string', description: '1-in-N packet sampling (default 1; sFlow 100)' },
    'interval-ms': { type: 'string', description: 'Export interval (default 100)' },
    seed: { type: 'string', description: 'Random seed (default 1)' },
    quiet: { type: 'boolean', description: 'No progress lines' },
  },
  async run(values) {
    try {
      const protocol = parseProtocol(str(values.protocol) ?? 'v5');
      const target = parseTarget(str(values.target) ?? `127.0.0.1:${protocol === 'sflow' ? 6343 : 2055}`);
      const host = assertLoopback(target.host);
      const port = target.port;
      const durationS = Number(str(values.duration) ?? '10');
      if (!Number.isFinite(durationS) || durationS <= 0 || durationS > 86400)
        throw new UsageError('--duration must be 0–86400 seconds');
      const sampling = Number(str(values.sampling) ?? (protocol === 'sflow' ? '100' : '1'));
      if (!Number.isInteger(sampling) || sampling < 1 || sampling > 16383)
        throw new UsageError('--sampling must be an integer 1–16383');
      const attacks = parseAttacks(str(values.attack), {
        durationS,
        spoofed: values.spoofed === true,
        sources: Number(str(values.sources) ?? '50'),
      });
      if (protocol === 'v5' && attacks.some((a) => a.vector === 'fragments')) {
        throw new UsageError('NetFlow v5 cannot describe fragments: use --protocol v9, ipfix or sflow');
      }
      const background = parseBackground({
        hosts: str(values.hosts),
        hostPps: str(values['host-pps']),
        download: str(values.download),
        burst: str(values.burst),
        activeTimeoutS: str(values['active-timeout']),
      });
      const say = (line: string) => {
        if (values.quiet !== true) process.stdout.write(`${line}\n`);
      };
      say(
        `simulate: ${protocol} to ${host}:${port} for ${durationS} s, ${background.hosts} hosts × ${background.ppsPerHost} pps, ${attacks.length} attack(s)`,
      );
      const result = await runSimulation({
        host,
        port,
        protocol,
        durationMs: durationS * 1000,
        intervalMs: Number(str(values['interval-ms']) ?? '100'),
        sampling,
        background,
        attacks,
        seed: Number(str(values.seed) ?? '1'),
        onAttackStart: (i) => {
          const a = attacks[i]!;
          say(
            `  attack ${i + 1} started: ${a.vector} → ${a.target} at ${a.pps} pps${a.spoofed ? ' (spoofed)' : ''}`,
          );
        },
        onProgress: (p) =>
          say(
            `  ${(p.elapsedMs / 1000).toFixed(1)} s: ${p.datagrams} datagrams, ${p.records} flows, ${p.activeAttacks} attack(s) active`,
          ),
      });
      say(
        `done: ${result.datagrams} datagrams, ${result.records} flows, ${(result.bytes / 1e6).toFixed(1)} MB in ${(result.elapsedMs / 1000).toFixed(1)} s`,
      );
      return 0;
    } catch (err) {
      if (err instanceof NotLoopbackError || err instanceof SimulationOptionError)
        throw new UsageError(err.message);
      throw err;
    }
  },
};
