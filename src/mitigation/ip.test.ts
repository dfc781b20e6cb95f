import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  canonicalIp,
  canonicalPrefix,
  formatIp,
  isInternal,
  isUnicastHost,
  parseIp,
  parsePrefix,
  prefixContains,
} from './ip.ts';

test('IPv4: dotted quads only, no leading zeros, no short forms', () => {
  assert.equal(canonicalIp('192.0.2.10'), '192.0.2.10');
  for (const bad of [
    '192.0.2.010',
    '192.0.2',
    '1.2.3.4.5',
    '256.0.0.1',
    ' 192.0.2.1',
    '192.0.2.1 ',
    '0x7f.0.0.1',
    '',
  ]) {
    assert.equal(parseIp(bad), null, bad);
  }
});

test('IPv6: RFC 5952 canonical form, embedded IPv4, no zone ids', () => {
  assert.equal(canonicalIp('2001:DB8:0:0:0:0:0:1'), '2001:db8::1');
  assert.equal(canonicalIp('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
  assert.equal(canonicalIp('::'), '::');
  assert.equal(canonicalIp('::ffff:192.0.2.1'), '::ffff:c000:201');
  assert.equal(canonicalIp('2001:db8::0:1'), '2001:db8::1');
  assert.equal(canonicalIp('1:0:2:3:4:5:6:7'), '1:0:2:3:4:5:6:7', 'a single zero group is not compressed');
  for (const bad of [
    'fe80::1%eth0',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7::8',
    '12345::',
    '::1.2.3',
    'g::1',
  ]) {
    assert.equal(parseIp(bad), null, bad);
  }
});

test('canonical text agrees with Node and round-trips (property)', () => {
  const v6 = fc.ipV6();
  fc.assert(
    fc.property(fc.oneof(fc.ipV4(), v6), (s) => {
      const c = canonicalIp(s);
      assert.ok(c !== null, s);
      assert.equal(isIP(c), isIP(s));
      assert.equal(canonicalIp(c), c);
      assert.deepEqual(parseIp(c), parseIp(s));
    }),
    { numRuns: 2000 },
  );
});

test('prefixes: host bits must be zero; containment by family', () => {
  assert.equal(canonicalPrefix('192.0.2.0/24'), '192.0.2.0/24');
  assert.equal(canonicalPrefix('192.0.2.1/24'), null);
  assert.equal(canonicalPrefix('192.0.2.0/33'), null);
  assert.equal(canonicalPrefix('192.0.2.0/024'), null);
  assert.equal(canonicalPrefix('2001:DB8::/32'), '2001:db8::/32');
  assert.equal(canonicalPrefix('0.0.0.0/0'), '0.0.0.0/0');
  const net = parsePrefix('192.0.2.0/24')!;
  assert.ok(prefixContains(net, parseIp('192.0.2.200')!));
  assert.ok(!prefixContains(net, parseIp('192.0.3.1')!));
  assert.ok(!prefixContains(net, parseIp('::ffff:192.0.2.1')!));
});

test('unicast hosts and internal space', () => {
  assert.ok(isUnicastHost(parseIp('192.0.2.10')!));
  for (const s of ['0.0.0.0', '127.0.0.1', '224.0.0.1', '255.255.255.255', '::', '::1', 'ff02::1']) {
    assert.ok(!isUnicastHost(parseIp(s)!), s);
  }
  for (const s of [
    '127.0.0.1',
    '10.1.2.3',
    '169.254.169.254',
    '192.168.1.1',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:7f00:1',
  ]) {
    assert.ok(isInternal(parseIp(s)!), s);
  }
  assert.ok(!isInternal(parseIp('198.51.100.7')!));
  assert.equal(formatIp(parseIp('203.0.113.5')!), '203.0.113.5');
});
