// Cross-check against a real sFlow agent: pmacctd's sfprobe plugin samples a pcap we write and
// sends sFlow v5 to a socket on 127.0.0.1; the decoded samples must match the packets. Skipped when
// pmacct is not installed (`apt-get install -y pmacct`). pmacctd spends ~4 s per run (a fixed start-up
// sleep for capture files and a flush on exit), so the two runs go in parallel.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { FlowBatch, flowRecords } from './batch.ts';
import { decodeFlowDatagram } from './decode.ts';
import { FlowDecoderState } from './state.ts';
import { buildFrame, encodePcap, type PacketSpec } from './testing/encode.ts';

const probe = spawnSync('pmacctd', ['-V'], { encoding: 'utf8' });
const skip = probe.error ? 'pmacctd is not installed (apt-get install -y pmacct)' : false;

const dir = mkdtempSync(join(tmpdir(), 'swimmy-pmacct-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function sample(
  frames: Uint8Array[],
  rate: number,
): Promise<{ batch: FlowBatch; state: FlowDecoderState }> {
  const pcap = join(dir, `capture-${rate}.pcap`);
  writeFileSync(pcap, encodePcap(frames.map((frame, n) => ({ timeMs: 1_700_000_000_000 + n, frame }))));
  const socket = dgram.createSocket('udp4');
  const batch = new FlowBatch();
  const state = new FlowDecoderState();
  const statuses: string[] = [];
  socket.on('message', (msg) => statuses.push(decodeFlowDatagram(msg, '127.0.0.1', batch, state).status));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const config = join(dir, `pmacctd-${rate}.conf`);
  writeFileSync(
    config,
    [
      'daemonize: false',
      `pcap_savefile: ${pcap}`,
      'plugins: sfprobe[a]',
      `sfprobe_receiver[a]: 127.0.0.1:${socket.address().port}`,
      `sampling_rate: ${rate}`,
      'sfprobe_agentip[a]: 192.0.2.200',
      '',
    ].join('\n'),
  );
  try {
    const child = spawn('pmacctd', ['-f', config], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill(), 8000);
    await new Promise<void>((resolve) => child.on('exit', () => resolve()));
    clearTimeout(timer);
    await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    socket.close();
  }
  assert.ok(statuses.length > 0, 'pmacctd sent nothing');
  assert.deepEqual([...new Set(statuses)], ['ok']);
  return { batch, state };
}

describe('pmacctd sfprobe', { concurrency: 2 }, () => {
  test('pmacctd sFlow samples of every packet match the capture', { skip, timeout: 15_000 }, async () => {
    const udp: PacketSpec = {
      src: '203.0.113.4',
      dst: '198.51.100.7',
      protocol: 17,
      srcPort: 123,
      dstPort: 4444,
      payloadLength: 440,
      vlans: [7],
    };
    const syn: PacketSpec = {
      src: '2001:db8::1',
      dst: '2001:db8::2',
      protocol: 6,
      srcPort: 40000,
      dstPort: 443,
      tcpFlags: 0x02,
    };
    const icmp: PacketSpec = {
      src: '192.0.2.9',
      dst: '198.51.100.8',
      protocol: 1,
      icmpType: 8,
      payloadLength: 56,
    };
    const specs = [udp, udp, udp, syn, icmp];
    const frames = specs.map(buildFrame);
    const { batch } = await sample(frames, 1);
    const rows = flowRecords(batch);
    assert.equal(rows.length, specs.length);
    specs.forEach((spec, n) => {
      const row = rows[n]!;
      assert.equal(row.src, spec.src);
      assert.equal(row.dst, spec.dst);
      assert.equal(row.protocol, spec.protocol);
      assert.equal(row.packets, 1);
      // sFlow frame_length counts the 4-byte Ethernet FCS the capture does not hold.
      assert.equal(row.bytes, frames[n]!.length + 4);
      if (spec.protocol !== 1) assert.equal(row.dstPort, spec.dstPort);
    });
    assert.equal(rows[3]?.tcpFlags, 0x02);
    assert.equal(rows[4]?.icmpType, 8);
  });

  test('pmacctd sFlow sampling rate scales packets and bytes', { skip, timeout: 15_000 }, async () => {
    const spec: PacketSpec = {
      src: '203.0.113.4',
      dst: '198.51.100.7',
      protocol: 17,
      srcPort: 389,
      dstPort: 5,
      payloadLength: 100,
    };
    const frame = buildFrame(spec);
    const { batch } = await sample(
      Array.from({ length: 400 }, () => frame),
      4,
    );
    const rows = flowRecords(batch);
    assert.ok(rows.length > 0 && rows.length < 400, `${rows.length} samples of 400 packets at 1-in-4`);
    for (const row of rows) {
      assert.equal(row.samplingRate, 4);
      assert.equal(row.packets, 4);
      assert.equal(row.bytes, (frame.length + 4) * 4);
    }
  });
});
