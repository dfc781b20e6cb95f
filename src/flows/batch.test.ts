import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatIp, parseIp } from './address.ts';
import { FlowBatch, flowRecordAt, flowRecords } from './batch.ts';

test('append zeroes reused rows and reset keeps capacity', () => {
  const batch = new FlowBatch(2);
  const i = batch.append(3);
  batch.setSrcV4(i, 0xc0000201);
  batch.setDstV4(i, 0xc6336407);
  batch.packets[i] = 10;
  batch.srcPort[i] = 53;
  batch.reset();
  assert.equal(batch.length, 0);
  const j = batch.append(1);
  assert.equal(j, 0);
  const record = flowRecordAt(batch, j);
  assert.equal(record.ipVersion, 0);
  assert.equal(record.packets, 0);
  assert.equal(record.srcPort, 0);
  assert.equal(record.samplingRate, 1);
  assert.equal(record.exporter, 1);
});

test('grows past its capacity and keeps earlier rows intact', () => {
  const batch = new FlowBatch(1);
  for (let n = 0; n < 1000; n++) {
    const i = batch.append(0);
    batch.setDstV4(i, n);
    batch.bytes[i] = n * 2;
  }
  assert.equal(batch.length, 1000);
  assert.ok(batch.capacity >= 1000);
  for (const n of [0, 1, 511, 999]) {
    assert.equal(batch.dstAddr[n * 4 + 3], n);
    assert.equal(batch.bytes[n], n * 2);
  }
});

test('IPv4 rows use the IPv4-mapped layout; IPv6 rows keep 16 bytes', () => {
  const batch = new FlowBatch();
  const i = batch.append(0);
  batch.setSrcV4(i, 0xcb007105);
  batch.setDstV4(i, 0xc6336407);
  assert.deepEqual([...batch.srcAddr.subarray(0, 4)], [0, 0, 0xffff, 0xcb007105]);
  const j = batch.append(0);
  const v6 = Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  batch.setSrcV6(j, v6, 0);
  batch.setDstV6(j, v6, 0);
  const records = flowRecords(batch);
  assert.equal(records[0]?.src, '203.0.113.5');
  assert.equal(records[0]?.dst, '198.51.100.7');
  assert.equal(records[1]?.src, '2001:db8::1');
  assert.equal(records[1]?.ipVersion, 6);
});

test('truncate drops only rows past the given length', () => {
  const batch = new FlowBatch();
  batch.append(0);
  batch.append(0);
  batch.truncate(1);
  assert.equal(batch.length, 1);
  batch.truncate(5);
  assert.equal(batch.length, 1);
  assert.throws(() => flowRecordAt(batch, 1), RangeError);
});

test('address parsing and RFC 5952 formatting round-trip', () => {
  for (const text of [
    '192.0.2.1',
    '0.0.0.0',
    '255.255.255.255',
    '2001:db8::1',
    '::',
    '::1',
    '2001:db8:0:1:1:1:1:1',
  ]) {
    const parsed = parseIp(text);
    assert.ok(parsed, text);
    assert.equal(formatIp(parsed.version, parsed.words), text);
  }
  assert.equal(formatIp(6, parseIp('2001:DB8:0:0:0:0:2:1')!.words), '2001:db8::2:1');
  assert.equal(formatIp(6, parseIp('::ffff:192.0.2.1')!.words), '::ffff:c000:201');
  for (const bad of ['1.2.3', '1.2.3.256', '1::2::3', 'x::1', '1:2:3:4:5:6:7:8:9', '']) {
    assert.equal(parseIp(bad), null, bad);
  }
});
