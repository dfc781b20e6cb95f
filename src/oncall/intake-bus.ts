import type { BusEvent } from '../platform/bus/bus.ts';
import type { Platform } from '../platform/platform.ts';
import { actOnDedupKey, raiseAlert } from './incidents.ts';

/** What the detection module publishes with attack.started / attack.ended (the parts used here). */
interface AttackData {
  id?: string | number;
  target?: string;
  classification?: unknown;
  current?: { pps?: number; bps?: number };
  peak?: { pps?: number; bps?: number };
}

const SERVICES: Record<number, string> = {
  19: 'chargen',
  53: 'DNS',
  123: 'NTP',
  389: 'CLDAP',
  1900: 'SSDP',
  11211: 'memcached',
};
const words = (s: string) => s.replace(/[_-]+/g, ' ').trim();
const upperFirst = (s: string) =>
  s
    .replace(/^udp\b/i, 'UDP')
    .replace(/^tcp\b/i, 'TCP')
    .replace(/^icmp\b/i, 'ICMP')
    .replace(/^./, (c) => c.toUpperCase());

/** "UDP amplification: NTP" from a classification string or object ({ vector, service | port }). */
export function describeClassification(c: unknown): string {
  // Detection publishes readable strings ("UDP amplification: NTP"); identifiers get humanised.
  if (typeof c === 'string') return /\s/.test(c) ? c.slice(0, 200) : upperFirst(words(c));
  if (!c || typeof c !== 'object') return 'Attack';
  const o = c as Record<string, unknown>;
  const vector = [o.vector, o.kind, o.type, o.name].find((v) => typeof v === 'string') as string | undefined;
  const port = [o.sourcePort, o.srcPort, o.port].find((v) => typeof v === 'number') as number | undefined;
  const service = [o.service, o.protocolName, o.reflector].find((v) => typeof v === 'string') as
    | string
    | undefined;
  const head = vector ? upperFirst(words(vector)) : 'Attack';
  const what = service ?? (port !== undefined ? (SERVICES[port] ?? `port ${port}`) : undefined);
  return what ? `${head}: ${what}` : head;
}

/** 2300000 → "2.3 Mpps". */
export function formatRate(pps: number | undefined): string | null {
  if (typeof pps !== 'number' || !Number.isFinite(pps) || pps < 0) return null;
  const [div, unit] =
    pps >= 1e9 ? [1e9, 'Gpps'] : pps >= 1e6 ? [1e6, 'Mpps'] : pps >= 1e3 ? [1e3, 'kpps'] : [1, 'pps'];
  return `${Number((pps / div).toFixed(1))} ${unit}`;
}

export function attackSummary(d: AttackData): string {
  const rate = formatRate(d.current?.pps ?? d.peak?.pps);
  return `${describeClassification(d.classification)} to ${d.target ?? 'unknown target'}${rate ? ` — ${rate}` : ''}`;
}

/**
 * Detection events become alerts: attack.started opens (or joins) `attack:<id>`, attack.ended
 * resolves it. The bus event id is the alert key, so the same event seen twice counts once.
 */
export function subscribeDetection(p: Platform) {
  const handle = async (e: BusEvent) => {
    const d = (e.data ?? {}) as AttackData;
    if (!e.orgId || d.id === undefined) return;
    const dedupKey = `attack:${d.id}`;
    if (e.type === 'attack.started') {
      await raiseAlert(p, {
        orgId: e.orgId,
        source: 'detection',
        dedupKey,
        alertKey: e.id,
        summary: attackSummary(d),
        severity: 'critical',
        details: d as Record<string, unknown>,
        labels: { ...(d.target ? { target: String(d.target) } : {}), kind: 'ddos' },
      });
    } else if (e.type === 'attack.ended') {
      await actOnDedupKey(p, e.orgId, dedupKey, 'resolve', { userId: null, label: 'detection' }, 'detection');
    }
  };
  return p.bus.subscribe((e) => {
    if (e.type !== 'attack.started' && e.type !== 'attack.ended') return;
    handle(e).catch((err) =>
      p.log.error({ err, eventId: e.id, type: e.type }, 'could not take in a detection event'),
    );
  });
}
