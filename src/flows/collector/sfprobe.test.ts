// A real sFlow agent in the loop: floods and benign traffic, written here as a capture played in
// real time into a FIFO, go through pmacct's sfprobe (pmacctd, 1-in-4 packet sampling) into the
// collect role's sFlow socket. Every flood vector is detected and classified; benign traffic —
// many small hosts, one large TCP download, a burst below the limit — is not. Skipped when pmacct
// is not installed (`apt-get install -y pmacct`).
//
// pmacctd reads a savefile as fast as it can and sFlow samples carry no timestamps, so the capture
// is played at its packet rates; pmacctd sleeps 2 s after opening a savefile, so play starts when
// that sleep is over.

import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildFrame, type PacketSpec } from '../testing/encode.ts';
import { LiveCapture, type LiveStream } from '../testing/live-capture.ts';
import { type CollectHarness, startCollectHarness } from './testing.ts';

const probe = spawnSync('pmacctd', ['-V'], { encoding: 'utf8' });
const skip = probe.error ? 'pmacctd is not installed (apt-get install -y pmacct)' : false;

const LIMIT = 2000; // total pps per host; each flood below runs at twice that
const FLOOD_PPS = 2 * LIMIT;
const frames = (n: number, spec: (i: number) => PacketSpec) =>
  Array.from({ length: n }, (_, i) => buildFrame(spec(i)));
const spoofed = (i: number) => `${11 + (i % 200)}.${(i * 7) % 256}.${(i >> 3) & 255}.${1 + (i % 250)}`;

const FLOODS: Array<{
  target: string;
  classification: string;
  spoofing: string | null;
  frames: Uint8Array[];
}> = [
  {
    target: '198.51.100.7',
    classification: 'UDP flood',
    spoofing: null,
    frames: frames(1009, (i) => ({
      src: spoofed(i),
      dst: '198.51.100.7',
      protocol: 17,
      srcPort: 1024 + ((i * 7919) % 60000),
      dstPort: 1024 + ((i * 104729) % 60000),
      payloadLength: 512,
    })),
  },
  {
    target: '198.51.100.8',
    classification: 'TCP SYN flood',
    spoofing: 'high',
    frames: frames(4001, (i) => ({
      src: spoofed(i * 13),
      dst: '198.51.100.8',
      protocol: 6,
      srcPort: 1024 + ((i * 7919) % 60000),
      dstPort: 443,
      tcpFlags: 0x02,
    })),
  },
  {
    target: '198.51.100.9',
    classification: 'ICMP flood',
    spoofing: null,
    frames: frames(5, (i) => ({
      src: `192.0.2.${30 + i}`,
      dst: '198.51.100.9',
      protocol: 1,
      icmpType: 8,
      payloadLength: 56,
    })),
  },
  {
    target: '198.51.100.10',
    classification: 'UDP amplification: NTP',
    spoofing: 'low',
    frames: frames(23, (i) => ({
      src: `203.0.113.${i + 1}`,
      dst: '198.51.100.10',
      protocol: 17,
      srcPort: 123,
      dstPort: 40000 + i,
      payloadLength: 440,
    })),
  },
  {
    target: '198.51.100.11',
    classification: 'UDP amplification: DNS',
    spoofing: 'low',
    frames: frames(31, (i) => ({
      src: `203.0.113.${100 + i}`,
      dst: '198.51.100.11',
      protocol: 17,
      srcPort: 53,
      dstPort: 30000 + i,
      payloadLength: 1200,
    })),
  },
];

/** Benign: 100 hosts at 10 pps, a 800 pps TCP download, a 100 ms burst of 1000 packets. */
const BENIGN_TARGETS = [
  '198.51.100.20',
  '198.51.100.21',
  ...Array.from({ length: 100 }, (_, h) => `198.51.100.${100 + h}`),
];
function benign(): LiveStream[] {
  const web = frames(101, (i) => ({
    src: `192.0.2.${1 + (i % 50)}`,
    dst: `198.51.100.${100 + (i % 100)}`,
    protocol: 6,
    srcPort: 443,
    dstPort: 50000 + i,
    tcpFlags: 0x18,
    payloadLength: 900,
  }));
  const download = frames(1, () => ({
    src: '192.0.2.80',
    dst: '198.51.100.20',
    protocol: 6,
    srcPort: 443,
    dstPort: 55555,
    tcpFlags: 0x10,
    payloadLength: 1460,
  }));
  const burst = frames(1, () => ({
    src: '192.0.2.99',
    dst: '198.51.100.21',
    protocol: 17,
    srcPort: 443,
    dstPort: 44444,
    payloadLength: 1200,
  }));
  return [
    { frames: web, pps: 1000, startMs: 0, durationMs: 6000 },
    { frames: download, pps: 800, startMs: 0, durationMs: 6000 },
    { frames: burst, pps: 10_000, startMs: 800, durationMs: 100 },
  ];
}

describe('pmacctd sfprobe → collector → detection', { skip, timeout: 90_000 }, () => {
  let h: CollectHarness;
  const dir = mkdtempSync(join(tmpdir(), 'swimmy-sfprobe-detect-'));
  before(async () => {
    h = await startCollectHarness({
      networks: ['198.51.100.0/24'],
      quietPeriodS: 0.5,
      thresholds: {
        total: { pps: LIMIT },
        amplification: { pps: LIMIT / 2 },
        tcp_syn: { pps: LIMIT / 2 },
        icmp: { pps: LIMIT / 2 },
      },
    });
  });
  after(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every flood detected and classified; many hosts, a download and a short burst are not', async () => {
    const fifo = join(dir, 'capture.pcap');
    execFileSync('mkfifo', [fifo]);
    const config = join(dir, 'pmacctd.conf');
    writeFileSync(
      config,
      [
        'daemonize: false',
        `pcap_savefile: ${fifo}`,
        'plugins: sfprobe[a]',
        `sfprobe_receiver[a]: 127.0.0.1:${h.role.collector.sflowPort}`,
        'sampling_rate: 4',
        'sfprobe_agentip[a]: 192.0.2.200',
        '',
      ].join('\n'),
    );
    const child = spawn('pmacctd', ['-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const sleeping = new Promise<void>((resolve) => {
      let text = '';
      child.stderr.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (/sleeping for \d+ seconds/.test(text)) resolve();
      });
    });
    try {
      const capture = new LiveCapture(fifo);
      await sleeping;
      await new Promise((resolve) => setTimeout(resolve, 2300)); // pmacctd's start-up sleep
      const floods: LiveStream[] = FLOODS.map((f) => ({
        frames: f.frames,
        pps: FLOOD_PPS,
        startMs: 1500,
        durationMs: 4000,
      }));
      const played = capture.play([...benign(), ...floods]);
      for (const flood of FLOODS) {
        const started = await h.waitFor(
          (e) => e.type === 'attack.started' && e.attack.target === flood.target,
          20_000,
        );
        assert.equal(started.attack.classification, flood.classification, flood.target);
      }
      await played;
      await capture.close();
      await exited;
      await new Promise((resolve) => setTimeout(resolve, 1000)); // the last ticks are evaluated
    } finally {
      child.kill();
      await exited;
    }
    for (const flood of FLOODS) {
      if (!flood.spoofing) continue;
      // Sources are judged over the attack's samples: the last report of it has seen the most.
      const last = h.events.filter((e) => e.attack.target === flood.target).at(-1)!;
      assert.equal(last.attack.spoofing, flood.spoofing, `${flood.target} ${flood.classification}`);
    }
    const flagged = h.events.filter((e) => BENIGN_TARGETS.includes(e.attack.target));
    assert.deepEqual(
      flagged.map((e) => `${e.type} ${e.attack.target} ${e.attack.classification}`),
      [],
      'benign traffic flagged',
    );
    const exporter = h.role.collector.exporters().find((e) => e.protocol === 'sflow5');
    assert.ok(exporter && exporter.stats.records > 0, 'sFlow samples reached the collector');
    assert.equal(exporter.stats.malformed, 0);
  });
});
