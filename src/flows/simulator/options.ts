// Parses the simulator's textual options ("ntp,198.51.100.7,50000,2,5") into specs, with messages
// that say what is wrong. Shared by `swimmy simulate` and the benchmarks.

import { isIP } from 'node:net';
import { SIM_PROTOCOLS, type SimProtocol } from './exporters.ts';
import { ATTACK_VECTORS, type AttackSpec, type AttackVector, type BackgroundSpec } from './traffic.ts';

export class SimulationOptionError extends Error {}

const fail = (message: string): never => {
  throw new SimulationOptionError(message);
};

const number = (text: string | undefined, what: string, min = 0): number => {
  const n = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(n) || n < min)
    fail(`${what} must be a number ≥ ${min}, not "${text ?? ''}"`);
  return n;
};

const address = (text: string | undefined, what: string): string => {
  if (!text || !isIP(text)) fail(`${what} must be an IP address, not "${text ?? ''}"`);
  return text!;
};

export function parseProtocol(text: string): SimProtocol {
  if (!(SIM_PROTOCOLS as readonly string[]).includes(text))
    fail(`--protocol must be one of ${SIM_PROTOCOLS.join(', ')}`);
  return text as SimProtocol;
}

/** "host:port" or "[v6]:port". */
export function parseTarget(text: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(text);
  if (!m) fail(`--target must be host:port, not "${text}"`);
  const port = Number(m![2]);
  if (port < 1 || port > 65535) fail('--target port must be 1–65535');
  return { host: m![1]!, port };
}

/** "vector,target,pps[,startS[,durationS]]"; several separated by ";". */
export function parseAttacks(
  text: string | undefined,
  defaults: { durationS: number; spoofed: boolean; sources: number },
): AttackSpec[] {
  if (!text) return [];
  return text
    .split(';')
    .filter((part) => part.trim() !== '')
    .map((part) => {
      const [vector, target, pps, start, duration] = part.split(',').map((s) => s.trim());
      if (!vector || !(vector in ATTACK_VECTORS)) {
        fail(`attack vector must be one of ${Object.keys(ATTACK_VECTORS).join(', ')}, not "${vector ?? ''}"`);
      }
      const startS = start ? number(start, 'attack start (s)') : 0;
      const reflected = ATTACK_VECTORS[vector as AttackVector].srcPort !== 0;
      return {
        vector: vector as AttackVector,
        target: address(target, 'attack target'),
        pps: number(pps, 'attack pps', 1),
        startMs: startS * 1000,
        durationMs:
          (duration ? number(duration, 'attack duration (s)') : Math.max(0, defaults.durationS - startS)) *
          1000,
        // Reflected traffic comes from real reflectors; only direct floods can be spoofed.
        spoofed: defaults.spoofed && !reflected,
        sources: defaults.sources,
      };
    });
}

export function parseBackground(o: {
  hosts?: string;
  hostPps?: string;
  download?: string;
  burst?: string;
  activeTimeoutS?: string;
}): BackgroundSpec {
  const spec: BackgroundSpec = {
    hosts: o.hosts === undefined ? 50 : number(o.hosts, '--hosts'),
    ppsPerHost: o.hostPps === undefined ? 200 : number(o.hostPps, '--host-pps'),
  };
  if (spec.hosts > 65_000) fail('--hosts must be at most 65000');
  if (o.download) {
    const [target, pps] = o.download.split(',');
    spec.download = {
      target: address(target, '--download target'),
      pps: number(pps, '--download pps', 1),
      activeTimeoutMs:
        (o.activeTimeoutS === undefined ? 10 : number(o.activeTimeoutS, '--active-timeout', 0.1)) * 1000,
    };
  }
  if (o.burst) {
    const [target, pps, start, duration] = o.burst.split(',');
    spec.burst = {
      target: address(target, '--burst target'),
      pps: number(pps, '--burst pps', 1),
      startMs: number(start ?? '1', '--burst start (s)') * 1000,
      durationMs: number(duration ?? '0.3', '--burst duration (s)') * 1000,
    };
  }
  return spec;
}
