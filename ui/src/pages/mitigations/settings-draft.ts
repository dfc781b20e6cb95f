import type { DriverSettings, MitigationSettings, MitigationSettingsInput } from '../../types-ops.ts';

/**
 * The settings form's state: numbers and lists as the text typed, so a field can be empty or
 * wrong while it is edited. The server validates the result and says what is wrong, per field.
 */
export interface Draft {
  mode: MitigationSettings['mode'];
  driver: {
    kind: DriverSettings['kind'];
    fifo: string;
    argv: string;
    binary: string;
    host: string;
    port: string;
    timeoutMs: string;
  };
  flowspec: {
    enabled: boolean;
    action: 'discard' | 'rate-limit';
    rateLimitBytesPerSecond: string;
    maxRules: string;
    maxPorts: string;
    maxSourceRules: string;
  };
  rtbh: { enabled: boolean; nextHopV4: string; nextHopV6: string; communities: string; minBps: string };
  allowList: { prefix: string; allowFlowspec: boolean; note: string }[];
  holdSeconds: string;
  maxLifetimeSeconds: string;
  maxActiveAnnouncements: string;
  hookUpdateIntervalSeconds: string;
}

const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

export function toDraft(s: MitigationSettings): Draft {
  const d = s.driver;
  return {
    mode: s.mode,
    driver: {
      kind: d.kind,
      fifo: d.kind === 'exabgp' ? d.fifo : '',
      argv: d.kind === 'exec' || d.kind === 'exabgp-process' ? d.argv.join('\n') : '',
      binary: d.kind === 'gobgp' ? d.binary : '',
      host: d.kind === 'gobgp' ? (d.host ?? '') : '',
      port: d.kind === 'gobgp' ? text(d.port) : '',
      timeoutMs: d.kind === 'gobgp' || d.kind === 'exec' ? text(d.timeoutMs) : '',
    },
    flowspec: {
      enabled: s.flowspec.enabled,
      action: s.flowspec.action,
      rateLimitBytesPerSecond: text(s.flowspec.rateLimitBytesPerSecond),
      maxRules: text(s.flowspec.maxRules),
      maxPorts: text(s.flowspec.maxPorts),
      maxSourceRules: text(s.flowspec.maxSourceRules),
    },
    rtbh: {
      enabled: s.rtbh.enabled,
      nextHopV4: s.rtbh.nextHopV4 ?? '',
      nextHopV6: s.rtbh.nextHopV6 ?? '',
      communities: s.rtbh.communities.join(' '),
      minBps: text(s.rtbh.minBps),
    },
    allowList: s.allowList.map((e) => ({
      prefix: e.prefix,
      allowFlowspec: e.allowFlowspec,
      note: e.note ?? '',
    })),
    holdSeconds: text(s.holdSeconds),
    maxLifetimeSeconds: text(s.maxLifetimeSeconds),
    maxActiveAnnouncements: text(s.maxActiveAnnouncements),
    hookUpdateIntervalSeconds: text(s.hookUpdateIntervalSeconds),
  };
}

// An empty or non-numeric required field goes to the server as null: it answers which field.
const num = (s: string) => (s.trim() === '' ? null : Number(s)) as number;
const optNum = (s: string) => (s.trim() === '' ? undefined : Number(s));
const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function driverInput(d: Draft['driver']): DriverSettings {
  switch (d.kind) {
    case 'log':
      return { kind: 'log' };
    case 'exabgp':
      return { kind: 'exabgp', fifo: d.fifo.trim() };
    case 'exabgp-process':
      return { kind: 'exabgp-process', argv: lines(d.argv) };
    case 'exec':
      return {
        kind: 'exec',
        argv: lines(d.argv),
        ...(optNum(d.timeoutMs) ? { timeoutMs: optNum(d.timeoutMs) } : {}),
      };
    case 'gobgp':
      return {
        kind: 'gobgp',
        binary: d.binary.trim(),
        ...(d.host.trim() ? { host: d.host.trim() } : {}),
        ...(optNum(d.port) !== undefined ? { port: optNum(d.port) } : {}),
        ...(optNum(d.timeoutMs) !== undefined ? { timeoutMs: optNum(d.timeoutMs) } : {}),
      };
  }
}

/** The PUT body; action hooks are kept as they are (webhook secrets stay on the server). */
export function toInput(d: Draft, current: MitigationSettings): MitigationSettingsInput {
  return {
    mode: d.mode,
    driver: driverInput(d.driver),
    flowspec: {
      enabled: d.flowspec.enabled,
      action: d.flowspec.action,
      rateLimitBytesPerSecond: num(d.flowspec.rateLimitBytesPerSecond),
      maxRules: num(d.flowspec.maxRules),
      maxPorts: num(d.flowspec.maxPorts),
      maxSourceRules: num(d.flowspec.maxSourceRules),
    },
    rtbh: {
      enabled: d.rtbh.enabled,
      nextHopV4: d.rtbh.nextHopV4.trim() || null,
      nextHopV6: d.rtbh.nextHopV6.trim() || null,
      communities: d.rtbh.communities.split(/[\s,]+/).filter(Boolean),
      minBps: d.rtbh.minBps.trim() === '' ? null : Number(d.rtbh.minBps),
    },
    allowList: d.allowList.map((e) => ({
      prefix: e.prefix.trim(),
      allowFlowspec: e.allowFlowspec,
      ...(e.note.trim() ? { note: e.note.trim() } : {}),
    })),
    holdSeconds: num(d.holdSeconds),
    maxLifetimeSeconds: num(d.maxLifetimeSeconds),
    maxActiveAnnouncements: num(d.maxActiveAnnouncements),
    hookUpdateIntervalSeconds: num(d.hookUpdateIntervalSeconds),
    hooks: current.hooks.map((h) => {
      if (h.kind === 'exec') return h;
      const { hasSecret: _kept, ...rest } = h;
      return rest;
    }),
  };
}
