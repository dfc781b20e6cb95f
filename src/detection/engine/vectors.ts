// What detection counts. Per entity (a host or a hostgroup prefix) and per tick, a fixed row of
// METRIC_COUNT numbers; threshold vectors read one packet metric plus optional byte and flow
// metrics. Eleven metrics is a deliberate budget: the detector keeps them for every tick of the
// window for every active host, so each extra metric costs windowTicks × 4 bytes per host.

export const M_PKTS = 0;
export const M_BYTES = 1;
export const M_FLOWS = 2;
export const M_TCP_PKTS = 3;
export const M_SYN_PKTS = 4;
export const M_UDP_PKTS = 5;
export const M_UDP_BYTES = 6;
export const M_ICMP_PKTS = 7;
export const M_FRAG_PKTS = 8;
export const M_AMP_PKTS = 9;
export const M_AMP_BYTES = 10;
export const METRIC_COUNT = 11;

/** Threshold vectors, in the order of the resolved threshold arrays. Names are API strings. */
export const VECTORS = ['total', 'udp', 'amplification', 'tcp', 'tcp_syn', 'icmp', 'fragments'] as const;
export type Vector = (typeof VECTORS)[number];
export const VECTOR_COUNT = VECTORS.length;

/** Per vector: its packet metric, byte metric (-1: none kept) and flow metric (-1: none). */
export const VECTOR_METRICS: ReadonlyArray<readonly [number, number, number]> = [
  [M_PKTS, M_BYTES, M_FLOWS],
  [M_UDP_PKTS, M_UDP_BYTES, -1],
  [M_AMP_PKTS, M_AMP_BYTES, -1],
  [M_TCP_PKTS, -1, -1],
  [M_SYN_PKTS, -1, -1],
  [M_ICMP_PKTS, -1, -1],
  [M_FRAG_PKTS, -1, -1],
];

/** Limits per vector: pps, bps, flows/s (0 = off), laid out VECTOR_COUNT × 3. */
export const LIMIT_PPS = 0;
export const LIMIT_BPS = 1;
export const LIMIT_FLOWS = 2;

/**
 * UDP source ports of well-known reflectors. Traffic from these ports to one host is the
 * signature of an amplification attack: the reflectors are real hosts answering spoofed queries.
 */
export const AMP_PORTS: ReadonlyArray<{ port: number; name: string; slug: string }> = [
  { port: 17, name: 'QOTD', slug: 'qotd' },
  { port: 19, name: 'chargen', slug: 'chargen' },
  { port: 53, name: 'DNS', slug: 'dns' },
  { port: 69, name: 'TFTP', slug: 'tftp' },
  { port: 111, name: 'portmap', slug: 'portmap' },
  { port: 123, name: 'NTP', slug: 'ntp' },
  { port: 137, name: 'NetBIOS', slug: 'netbios' },
  { port: 161, name: 'SNMP', slug: 'snmp' },
  { port: 389, name: 'CLDAP', slug: 'cldap' },
  { port: 427, name: 'SLP', slug: 'slp' },
  { port: 520, name: 'RIP', slug: 'rip' },
  { port: 1194, name: 'OpenVPN', slug: 'openvpn' },
  { port: 1434, name: 'MS-SQL', slug: 'mssql' },
  { port: 1900, name: 'SSDP', slug: 'ssdp' },
  { port: 3283, name: 'Apple RD/ARMS', slug: 'ard' },
  { port: 3478, name: 'STUN', slug: 'stun' },
  { port: 3702, name: 'WS-Discovery', slug: 'ws_discovery' },
  { port: 5353, name: 'mDNS', slug: 'mdns' },
  { port: 5683, name: 'CoAP', slug: 'coap' },
  { port: 10001, name: 'Ubiquiti', slug: 'ubiquiti' },
  { port: 11211, name: 'memcached', slug: 'memcached' },
  { port: 37810, name: 'DVR DHCPDiscover', slug: 'dvr' },
];
export const AMP_COUNT = AMP_PORTS.length;

/** srcPort → amplification index + 1 (0 = not a reflector port): one array read per record. */
export const AMP_INDEX_BY_PORT: Uint8Array = (() => {
  const table = new Uint8Array(65536);
  AMP_PORTS.forEach((p, i) => {
    table[p.port] = i + 1;
  });
  return table;
})();

export const ampVectorName = (index: number) => `amp_${AMP_PORTS[index]?.slug ?? 'other'}`;

/** TCP flags: SYN without ACK is a connection attempt, the unit of a SYN flood. */
export const TCP_SYN = 0x02;
export const TCP_ACK = 0x10;

/** Entity kinds and directions, packed into the fifth key word. */
export const KIND_HOST = 0;
export const KIND_PREFIX = 1;
export const DIR_IN = 0;
export const DIR_OUT = 1;
export const meta = (kind: number, direction: number, prefixIndex = 0) =>
  (kind | (direction << 1) | (prefixIndex << 2)) >>> 0;
export const metaKind = (m: number) => m & 1;
export const metaDirection = (m: number) => (m >>> 1) & 1;
export const metaPrefix = (m: number) => m >>> 2;
