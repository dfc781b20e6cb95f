/** Traffic figures in the units network engineers read at a glance: `2.3 Mpps`, `18.4 Gbps`. */

const PREFIXES = ['', 'k', 'M', 'G', 'T', 'P'];

function scaled(n: number, unit: string): string {
  if (!Number.isFinite(n) || n <= 0) return `0 ${unit}`;
  let i = 0;
  let v = n;
  while (v >= 1000 && i < PREFIXES.length - 1) {
    v /= 1000;
    i++;
  }
  const digits = v >= 100 || i === 0 ? 0 : 1;
  return `${v.toFixed(digits)} ${PREFIXES[i]}${unit}`;
}

export const pps = (n: number) => scaled(n, 'pps');
export const bps = (n: number) => scaled(n, 'bps');
export const rate = (r: { pps: number; bps: number }) => `${pps(r.pps)} / ${bps(r.bps)}`;
export const bytes = (n: number) => scaled(n, 'B');
export const count = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '—');

/** `3 min 20 s`, `2 h 5 min`, `45 s`: how long something has lasted. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** Seconds as a setting reads: `5 min`, `1 h`, `30 s`, `0 s`. */
export const seconds = (s: number) => duration(s * 1000);

const VECTOR_LABELS: Record<string, string> = {
  total: 'Total',
  udp: 'UDP',
  amplification: 'UDP amplification (all)',
  tcp: 'TCP',
  tcp_syn: 'TCP SYN',
  icmp: 'ICMP',
  fragments: 'IP fragments',
};
const AMP_LABELS: Record<string, string> = {
  dns: 'DNS',
  ntp: 'NTP',
  ssdp: 'SSDP',
  memcached: 'memcached',
  cldap: 'CLDAP',
  chargen: 'chargen',
  snmp: 'SNMP',
  ws_discovery: 'WS-Discovery',
  netbios: 'NetBIOS',
  mssql: 'MS SQL',
  ard: 'ARD',
  coap: 'CoAP',
  openvpn: 'OpenVPN',
  qotd: 'QOTD',
  slp: 'SLP',
  rip: 'RIP',
  tftp: 'TFTP',
  stun: 'STUN',
  mdns: 'mDNS',
  dvr: 'DVR',
  ubiquiti: 'Ubiquiti',
  portmap: 'portmap',
};

/** `amp_ntp` → `NTP amplification`, `tcp_syn` → `TCP SYN`. */
export function vectorLabel(v: string): string {
  if (VECTOR_LABELS[v]) return VECTOR_LABELS[v];
  if (v.startsWith('amp_')) {
    const name = v.slice(4);
    return `${AMP_LABELS[name] ?? name.toUpperCase()} amplification`;
  }
  return v;
}

/**
 * Series colours chosen to stay apart for common colour-vision deficiencies (Okabe–Ito), with a
 * neutral for the total, which is drawn thicker. Each works on the light and the dark theme.
 */
const PALETTE = ['#d55e00', '#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#b8a100', '#8c564b'];
export function vectorColours(vectors: readonly string[], total = '#57606a'): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  for (const v of vectors) {
    if (v === 'total') out.set(v, total);
    else out.set(v, PALETTE[i++ % PALETTE.length]!);
  }
  return out;
}

const PROTOCOLS: Record<number, string> = {
  1: 'ICMP',
  6: 'TCP',
  17: 'UDP',
  47: 'GRE',
  50: 'ESP',
  58: 'ICMPv6',
};
export const protocolName = (n: number) => PROTOCOLS[n] ?? String(n);

const SPOOFING: Record<string, string> = {
  low: 'Low — sources look real',
  medium: 'Medium',
  high: 'High — sources are likely forged',
};
export const spoofingLabel = (s: string) => SPOOFING[s] ?? s;
