// FastNetMon Community (Debian's 1.2.4) as the detection peer, run the way its README says
// (/work/shared/peers/README.md): everything it needs — configuration, networks list, empty
// white list, notify script, pid/stats files — is generated into a temporary directory per run,
// nothing of it lives in the repository. It listens on loopback only, with its usage report off.
// Detection time is when its notify script is called with `ban` (the script writes the time
// first, then reads the details FastNetMon sends on stdin). Received records come from its
// Prometheus counters.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { udpBound } from './socket-drops.ts';
import type { Peer, RunningPeer } from './types.ts';

const BINARY = process.env.FASTNETMON_PATH || 'fastnetmon';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The README's overrides on top of the packaged defaults; thresholds as the benchmark asks. */
function configuration(o: {
  dir: string;
  pps: number;
  netflowPort: number;
  sflowPort: number;
  prometheusPort: number;
}): string {
  const f = (name: string) => join(o.dir, name);
  const overrides: Record<string, string | number> = {
    disable_usage_report: 'on',
    networks_list_path: f('networks_list'),
    white_list_path: f('networks_whitelist'),
    netflow: 'on',
    netflow_host: '127.0.0.1',
    netflow_port: o.netflowPort,
    sflow: 'on',
    sflow_host: '127.0.0.1',
    sflow_port: o.sflowPort,
    interfaces: 'lo',
    monitor_local_ip_addresses: 'off',
    notify_script_path: f('notify.sh'),
    ban_time: 30,
    pid_path: f('fastnetmon.pid'),
    cli_stats_file_path: f('fastnetmon.dat'),
    cli_stats_ipv6_file_path: f('fastnetmon_ipv6.dat'),
    prometheus: 'on',
    prometheus_host: '127.0.0.1',
    prometheus_port: o.prometheusPort,
    enable_api: 'off',
    logging_level: 'info',
    // The same limit as Swimmy's: packets per second per host, nothing else. FastNetMon 1.2.4 has
    // no SYN-specific threshold, so per-protocol limits stay off on both sides.
    threshold_pps: o.pps,
    ban_for_pps: 'on',
    ban_for_bandwidth: 'off',
    ban_for_flows: 'off',
    ban_for_tcp_pps: 'off',
    ban_for_udp_pps: 'off',
    ban_for_icmp_pps: 'off',
    ban_for_tcp_bandwidth: 'off',
    ban_for_udp_bandwidth: 'off',
    ban_for_icmp_bandwidth: 'off',
    process_outgoing_traffic: 'off',
  };
  let base = '';
  try {
    base = readFileSync('/etc/fastnetmon.conf', 'utf8');
  } catch {
    // No packaged file: the overrides alone.
  }
  const kept = base
    .split('\n')
    .filter((line) => !Object.hasOwn(overrides, line.split('=')[0]!.trim()))
    .join('\n');
  return `${kept}\n${Object.entries(overrides)
    .map(([k, v]) => `${k} = ${v}`)
    .join('\n')}\n`;
}

/** Sums Prometheus counters whose names match, from FastNetMon's /metrics. */
async function counter(port: number, names: RegExp): Promise<number | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2000) });
    let total = 0;
    for (const line of (await res.text()).split('\n')) {
      const [name, value] = line.split(/\s+/);
      if (name && !name.startsWith('#') && names.test(name)) total += Number(value) || 0;
    }
    return total;
  } catch {
    return null;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

export const fastnetmon: Peer = {
  name: 'fastnetmon',
  unavailable() {
    const probe = spawnSync(BINARY, ['--version'], { encoding: 'utf8' });
    if (probe.error) return `${BINARY} not found (apt-get install -y fastnetmon)`;
    return null;
  },
  async start({ pps, network }) {
    const dir = mkdtempSync(join(tmpdir(), 'swimmy-bench-fastnetmon-'));
    const [netflowPort, sflowPort, prometheusPort] = [
      await freeUdpPort(),
      await freeUdpPort(),
      await freeTcpPort(),
    ];
    const bans = join(dir, 'bans.log');
    writeFileSync(join(dir, 'networks_list'), `${network}\n`);
    writeFileSync(join(dir, 'networks_whitelist'), '');
    writeFileSync(bans, '');
    // Called as: <ip> <incoming|outgoing> <pps> <ban|unban|attack_details>, details on stdin.
    writeFileSync(
      join(dir, 'notify.sh'),
      `#!/bin/sh\nnow=$(date +%s%3N)\necho "$now $1 $2 $3 $4" >> '${bans}'\ncat > /dev/null\nexit 0\n`,
    );
    chmodSync(join(dir, 'notify.sh'), 0o755);
    const conf = join(dir, 'fastnetmon.conf');
    writeFileSync(conf, configuration({ dir, pps, netflowPort, sflowPort, prometheusPort }));
    const check = spawnSync(BINARY, ['--configuration_file', conf, '--configuration_check'], {
      encoding: 'utf8',
    });
    if (check.status !== 0) throw new Error(`fastnetmon rejected its configuration: ${check.stderr}`);
    const child = spawn(
      BINARY,
      ['--configuration_file', conf, '--log_file', join(dir, 'fastnetmon.log'), '--disable_pid_logic'],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 15_000;
    while (!(udpBound(netflowPort) && udpBound(sflowPort))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop(child);
        const log = readFileSync(join(dir, 'fastnetmon.log'), 'utf8').slice(-2000);
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`fastnetmon did not start listening: ${log}`);
      }
      await sleep(100);
    }
    const detections = new Map<string, number>();
    let seen = 0;
    const poll = setInterval(() => {
      const text = readFileSync(bans, 'utf8');
      for (const line of text.slice(seen).split('\n')) {
        const [at, ip, , , action] = line.split(' ');
        if (action === 'ban' && ip && !detections.has(ip)) detections.set(ip, Number(at));
      }
      seen = text.lastIndexOf('\n') + 1;
    }, 50);
    return {
      netflowPort,
      sflowPort,
      detections,
      // Every flow record and sFlow sample it decoded, whatever the protocol.
      receivedRecords: () => counter(prometheusPort, /^fastnetmon_total_simple_packets_processed$/),
      async stop() {
        clearInterval(poll);
        await stop(child);
        // SWIMMY_BENCH_KEEP_FASTNETMON=1 keeps its configuration, log and ban list for a look.
        if (process.env.SWIMMY_BENCH_KEEP_FASTNETMON === '1')
          process.stderr.write(`FastNetMon files kept in ${dir}\n`);
        else rmSync(dir, { recursive: true, force: true });
      },
    } satisfies RunningPeer;
  },
};
