// Cross-check against a real exporter: softflowd turns a pcap we write into NetFlow v5, v9 and
// IPFIX datagrams sent to a socket on 127.0.0.1, and the decoded records must match the flows in
// the capture. Skipped when softflowd is not installed (`apt-get install -y softflowd`).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FlowBatch, flowRecords } from './batch.ts';
import { decodeFlowDatagram } from './decode.ts';
import { FlowDecoderState } from './state.ts';
import { buildFrame, buildIpPacket, encodePcap, type PacketSpec, type PcapPacket } from './testing/encode.ts';

const probe = spawnSync('softflowd', ['-h'], { encoding: 'utf8' });
const skip = probe.error ? 'softflowd is not installed (apt-get install -y softflowd)' : false;

const T0 = 1_700_000_000_000;

interface ExpectedFlow {
  spec: PacketSpec;
  packets: number;
  bytes: number;
  startMs: number;
  endMs: number;
}

/** A small capture: a UDP amplification burst, a SYN flood, ICMP, and an IPv6 flow. */
function capture(): { pcap: Uint8Array; flows: ExpectedFlow[] } {
  const packets: PcapPacket[] = [];
  const flows: ExpectedFlow[] = [];
  const add = (spec: PacketSpec, count: number, startMs: number, stepMs: number) => {
    const ipLength = buildIpPacket(spec).length;
    for (let n = 0; n < count; n++) packets.push({ timeMs: startMs + n * stepMs, frame: buildFrame(spec) });
    flows.push({
      spec,
      packets: count,
      bytes: ipLength * count,
      startMs,
      endMs: startMs + (count - 1) * stepMs,
    });
  };
  for (let s = 1; s <= 4; s++) {
    add(
      {
        src: `203.0.113.${s}`,
        dst: '198.51.100.7',
        protocol: 17,
        srcPort: 123,
        dstPort: 40000 + s,
        payloadLength: 440,
      },
      3 + s,
      T0 + s * 7,
      10,
    );
  }
  add(
    { src: '192.0.2.50', dst: '198.51.100.7', protocol: 6, srcPort: 51000, dstPort: 443, tcpFlags: 0x02 },
    6,
    T0 + 100,
    5,
  );
  add(
    { src: '192.0.2.60', dst: '198.51.100.8', protocol: 1, icmpType: 8, icmpCode: 0, payloadLength: 56 },
    2,
    T0 + 150,
    20,
  );
  add(
    {
      src: '2001:db8::10',
      dst: '2001:db8:1::20',
      protocol: 17,
      srcPort: 53,
      dstPort: 5353,
      payloadLength: 200,
    },
    3,
    T0 + 200,
    3,
  );
  packets.sort((a, b) => a.timeMs - b.timeMs);
  return { pcap: encodePcap(packets), flows };
}

const dir = mkdtempSync(join(tmpdir(), 'swimmy-softflowd-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs softflowd over the capture and returns the datagrams it sent to our loopback socket. */
async function export_(version: number, pcapPath: string, extra: string[] = []): Promise<Buffer[]> {
  const socket = dgram.createSocket('udp4');
  const datagrams: Buffer[] = [];
  socket.on('message', (msg) => datagrams.push(msg));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  try {
    const child = spawn(
      'softflowd',
      // -a: times from the capture; -c none: no control socket (it blocks -r mode in 1.1.0); -6: IPv6 too.
      [
        '-r',
        pcapPath,
        '-n',
        `127.0.0.1:${port}`,
        '-v',
        String(version),
        '-d',
        '-a',
        '-6',
        '-c',
        'none',
        '-p',
        join(dir, `sf${version}.pid`),
        ...extra,
      ],
      { stdio: 'ignore' },
    );
    const timer = setTimeout(() => child.kill(), 8000);
    await new Promise<void>((resolve) => child.on('exit', () => resolve()));
    clearTimeout(timer);
    // Datagrams are already in the socket buffer; give the event loop a moment to read them.
    await new Promise((resolve) => setTimeout(resolve, 200));
    return datagrams;
  } finally {
    socket.close();
  }
}

for (const version of [5, 9, 10]) {
  test(`softflowd ${version === 10 ? 'IPFIX' : `NetFlow v${version}`} export matches the capture's flows`, {
    skip,
    timeout: 15_000,
  }, async () => {
    const { pcap, flows } = capture();
    const pcapPath = join(dir, `capture-${version}.pcap`);
    writeFileSync(pcapPath, pcap);
    const datagrams = await export_(version, pcapPath);
    assert.ok(datagrams.length > 0, 'softflowd sent nothing');
    const batch = new FlowBatch();
    const state = new FlowDecoderState();
    for (const datagram of datagrams) {
      const result = decodeFlowDatagram(datagram, '127.0.0.1', batch, state);
      assert.equal(result.status, 'ok', `${result.reason}`);
    }
    const rows = flowRecords(batch);
    // NetFlow v5 cannot carry IPv6; softflowd drops those flows.
    const wanted = flows.filter((f) => version !== 5 || !f.spec.src.includes(':'));
    assert.equal(rows.length, wanted.length);
    // v9 headers carry whole seconds, so its absolute times are only good to a second.
    const tolerance = version === 9 ? 1000 : 0;
    for (const flow of wanted) {
      const row = rows.find((r) => r.src === flow.spec.src && r.dst === flow.spec.dst);
      assert.ok(row, `no record for ${flow.spec.src} → ${flow.spec.dst}`);
      const icmp = flow.spec.protocol === 1;
      assert.equal(row.protocol, flow.spec.protocol);
      assert.equal(row.srcPort, icmp ? 0 : flow.spec.srcPort);
      assert.equal(row.dstPort, icmp ? 0 : flow.spec.dstPort);
      assert.equal(row.packets, flow.packets);
      assert.equal(row.bytes, flow.bytes);
      if (flow.spec.protocol === 6) assert.equal(row.tcpFlags, flow.spec.tcpFlags);
      if (icmp) assert.equal(row.icmpType, flow.spec.icmpType);
      assert.ok(Math.abs(row.startMs - flow.startMs) <= tolerance, `start ${row.startMs} vs ${flow.startMs}`);
      assert.ok(Math.abs(row.endMs - flow.endMs) <= tolerance, `end ${row.endMs} vs ${flow.endMs}`);
    }
    const stats = state.exporterList[0]!.stats;
    assert.equal(stats.malformed, 0);
    assert.equal(stats.lost, 0);
  });
}

for (const version of [5, 9, 10]) {
  // v5 announces the rate in its header; v9 and IPFIX in options data records (34/35, 305/306).
  test(`softflowd ${version === 10 ? 'IPFIX' : `NetFlow v${version}`} sampling (-s 10) is applied`, {
    skip,
    timeout: 15_000,
  }, async () => {
    const spec: PacketSpec = {
      src: '203.0.113.77',
      dst: '198.51.100.7',
      protocol: 17,
      srcPort: 1900,
      dstPort: 9,
      payloadLength: 100,
    };
    const packets = Array.from({ length: 100 }, (_, n) => ({ timeMs: T0 + n * 10, frame: buildFrame(spec) }));
    const pcapPath = join(dir, `sampled-${version}.pcap`);
    writeFileSync(pcapPath, encodePcap(packets));
    const batch = new FlowBatch();
    const state = new FlowDecoderState();
    for (const datagram of await export_(version, pcapPath, ['-s', '10'])) {
      assert.equal(decodeFlowDatagram(datagram, '127.0.0.1', batch, state).status, 'ok');
    }
    const rows = flowRecords(batch);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.samplingRate, 10);
    assert.equal(rows[0]?.packets, 100, '10 sampled packets stand for 100');
    assert.equal(rows[0]?.bytes, 100 * buildIpPacket(spec).length);
  });
}
