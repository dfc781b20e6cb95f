/** Readable names for vectors and rates: "NTP amplification, 38 Gbps". */

const SERVICES: Record<string, string> = {
  chargen: 'chargen',
  memcached: 'memcached',
  portmap: 'portmap',
  netbios: 'NetBIOS',
  openvpn: 'OpenVPN',
  ubiquiti: 'Ubiquiti discovery',
  ws_discovery: 'WS-Discovery',
  wsd: 'WS-Discovery',
  mssql: 'MS SQL',
  qotd: 'QOTD',
  other: 'unknown service',
};

const NAMES: Record<string, string> = {
  tcp_syn: 'TCP SYN flood',
  icmp: 'ICMP flood',
  fragments: 'IP fragment flood',
  amplification: 'UDP amplification',
  udp: 'UDP flood',
  tcp: 'TCP flood',
  total: 'volumetric flood',
};

export function vectorName(vector: string): string {
  if (vector.startsWith('amp_')) {
    const slug = vector.slice(4);
    return `${SERVICES[slug] ?? slug.toUpperCase()} amplification`;
  }
  return NAMES[vector] ?? vector.replace(/_/g, ' ');
}

const UNITS: Array<[number, string]> = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** 38_200_000_000 → "38.2 G". */
export function scaled(n: number): string {
  for (const [div, unit] of UNITS) if (n >= div) return `${Number((n / div).toFixed(1))} ${unit}`;
  return `${Math.round(n)} `;
}

export function summaryOf(vector: string, peakBps: number, peakPps: number): string {
  const rate = peakBps > 0 ? `${scaled(peakBps)}bps` : peakPps > 0 ? `${scaled(peakPps)}pps` : null;
  const name = vectorName(vector);
  const text = rate ? `${name}, ${rate}` : name;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
