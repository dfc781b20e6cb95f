import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseExabgp, parseGobgp } from './grammar.ts';
import { exabgpCommand, gobgpArgs, gobgpText } from './render.ts';
import { checkRule, type FlowRule, type RtbhRule, type Rule, RuleError } from './rules.ts';

const ntp: FlowRule = {
  kind: 'flowspec',
  family: 'ipv4',
  destination: '192.0.2.10/32',
  protocol: 'udp',
  sourcePorts: [123],
  action: { kind: 'discard' },
  vector: 'amp_ntp',
  reason: 'NTP',
};
const rtbh: RtbhRule = {
  kind: 'rtbh',
  family: 'ipv4',
  prefix: '192.0.2.10/32',
  nextHop: '192.0.2.1',
  communities: ['65535:666'],
  reason: 'blackhole',
};

test('ExaBGP text API: exactly the documented syntax, and the matching withdraw', () => {
  assert.equal(
    exabgpCommand(ntp, 'announce'),
    'announce flow route { match { destination 192.0.2.10/32; protocol udp; source-port =123; } then { discard; } }',
  );
  assert.equal(
    exabgpCommand(ntp, 'withdraw'),
    'withdraw flow route { match { destination 192.0.2.10/32; protocol udp; source-port =123; } then { discard; } }',
  );
  assert.equal(
    exabgpCommand(rtbh, 'announce'),
    'announce route 192.0.2.10/32 next-hop 192.0.2.1 community 65535:666',
  );
  assert.equal(
    exabgpCommand(rtbh, 'withdraw'),
    'withdraw route 192.0.2.10/32 next-hop 192.0.2.1 community 65535:666',
  );
  const limited: FlowRule = { ...ntp, action: { kind: 'rate-limit', bytesPerSecond: 9600 } };
  assert.match(exabgpCommand(limited, 'announce'), /then \{ rate-limit 9600; \} \}$/);
});

test('GoBGP CLI: global rib add/del for unicast and flowspec families', () => {
  assert.deepEqual(
    gobgpArgs(ntp, 'announce').join(' '),
    'global rib -a ipv4-flowspec add match destination 192.0.2.10/32 protocol udp source-port ==123 then discard',
  );
  assert.deepEqual(gobgpArgs(ntp, 'withdraw')[4], 'del');
  assert.equal(
    gobgpText(['-u', '127.0.0.1'], gobgpArgs(rtbh, 'announce')),
    'gobgp -u 127.0.0.1 global rib -a ipv4 add 192.0.2.10/32 nexthop 192.0.2.1 community 65535:666',
  );
  assert.deepEqual(gobgpArgs(rtbh, 'withdraw'), ['global', 'rib', '-a', 'ipv4', 'del', '192.0.2.10/32']);
  const syn6: FlowRule = {
    ...ntp,
    family: 'ipv6',
    destination: '2001:db8::10/128',
    protocol: 'tcp',
    sourcePorts: undefined,
    destinationPorts: [80, 443],
    tcpSyn: true,
    action: { kind: 'rate-limit', bytesPerSecond: 125000 },
  };
  delete syn6.sourcePorts;
  assert.equal(
    gobgpArgs(syn6, 'announce').join(' '),
    'global rib -a ipv6-flowspec add match destination 2001:db8::10/128 protocol tcp destination-port ==80 ==443 tcp-flags S then rate-limit 125000',
  );
  assert.equal(
    exabgpCommand(syn6, 'announce'),
    'announce flow route { match { destination 2001:db8::10/128; next-header tcp; destination-port [ =80 =443 ]; tcp-flags [ syn ]; } then { rate-limit 125000; } }',
  );
});

test('rendered commands parse back through the independent grammar', () => {
  for (const rule of [ntp, rtbh] as Rule[]) {
    for (const op of ['announce', 'withdraw'] as const) {
      assert.equal(parseExabgp(exabgpCommand(rule, op)).op, op);
      assert.equal(parseGobgp(gobgpArgs(rule, op)).op, op);
    }
  }
});

test('malformed or dangerous rules are refused before rendering', () => {
  const bad: Array<[string, unknown]> = [
    ['network-wide destination', { ...ntp, destination: '192.0.2.0/24' }],
    ['non-canonical destination', { ...ntp, destination: '192.0.2.010/32' }],
    [
      'injected text',
      { ...ntp, destination: '192.0.2.10/32; } then { accept; } } announce route 0.0.0.0/0' },
    ],
    ['newline', { ...ntp, destination: '192.0.2.10/32\nannounce route 0.0.0.0/0 next-hop self' }],
    ['family mismatch', { ...ntp, family: 'ipv6' }],
    ['port out of range', { ...ntp, sourcePorts: [70000] }],
    ['unsorted ports', { ...ntp, sourcePorts: [123, 53] }],
    ['ports without protocol', { ...ntp, protocol: 'icmp' }],
    ['syn without tcp', { ...ntp, tcpSyn: true }],
    [
      'match nothing but destination',
      {
        kind: 'flowspec',
        family: 'ipv4',
        destination: '192.0.2.10/32',
        action: { kind: 'discard' },
        vector: 'x',
        reason: '',
      },
    ],
    ['rate under the minimum', { ...ntp, action: { kind: 'rate-limit', bytesPerSecond: 10 } }],
    ['extra field', { ...ntp, action2: 'accept' }],
    ['rtbh of a network', { ...rtbh, prefix: '192.0.2.0/24' }],
    ['rtbh next-hop of another family', { ...rtbh, nextHop: '2001:db8::1' }],
    ['community out of range', { ...rtbh, communities: ['65536:666'] }],
    ['community with text', { ...rtbh, communities: ['65535:666 no-export'] }],
    [
      'IPv6 fragment',
      {
        ...ntp,
        family: 'ipv6',
        destination: '2001:db8::1/128',
        protocol: undefined,
        sourcePorts: undefined,
        fragment: true,
      },
    ],
  ];
  for (const [what, rule] of bad) {
    const clean = JSON.parse(JSON.stringify(rule));
    assert.throws(() => checkRule(clean), RuleError, what);
    assert.throws(() => exabgpCommand(clean, 'announce'), RuleError, what);
    assert.throws(() => gobgpArgs(clean, 'announce'), RuleError, what);
  }
});
