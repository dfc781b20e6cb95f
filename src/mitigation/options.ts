import { isAbsolute, normalize, relative } from 'node:path';
import type { Platform } from '../platform/platform.ts';

/**
 * What the operator of this Swimmy allows organisations to point mitigation at. Org admins
 * choose drivers and hooks in their settings, but only among programs and FIFO directories the
 * operator listed: otherwise any org admin could run any program, or write into any file, on
 * the server. Webhooks may not reach internal addresses unless the operator allows it.
 */
export interface MitigationOptions {
  /** Absolute paths of programs usable as exec hooks, exec/ExaBGP-process drivers and the gobgp CLI. */
  programs: readonly string[];
  /** Directories in which ExaBGP command FIFOs may live. */
  fifoDirs: readonly string[];
  /** Let webhooks reach loopback / private / link-local addresses (default: refused). */
  allowPrivateWebhooks: boolean;
  /** Attempts of one announcement before it is marked failed. */
  announceAttempts: number;
  /** Attempts of one withdrawal before it is marked withdraw_failed (needs a person then). */
  withdrawAttempts: number;
  /** Bytes of program / HTTP output kept per run in the record. */
  maxOutputBytes: number;
}

export const DEFAULT_OPTIONS: MitigationOptions = {
  programs: [],
  fifoDirs: [],
  allowPrivateWebhooks: false,
  announceAttempts: 5,
  withdrawAttempts: 20,
  maxOutputBytes: 16 * 1024,
};

const overrides = new WeakMap<object, Partial<MitigationOptions>>();

/** Sets options for one platform (tests; or a host that builds the platform itself). */
export function setMitigationOptions(p: Platform, options: Partial<MitigationOptions>) {
  overrides.set(p, options);
}

/** Options for a platform: the operator's config, then explicit overrides (tests). */
export function mitigationOptions(p: Platform): MitigationOptions {
  const c = p.config;
  return {
    ...DEFAULT_OPTIONS,
    programs: c.mitigationPrograms,
    fifoDirs: c.mitigationFifoDirs,
    allowPrivateWebhooks: c.mitigationWebhookAllowPrivate,
    ...overrides.get(p),
  };
}

/** Why a program may not be run, or null when it is on the operator's list. */
export function programProblem(program: string | undefined, o: MitigationOptions): string | null {
  if (!program || !isAbsolute(program) || normalize(program) !== program) {
    return 'the program must be an absolute, normalised path';
  }
  if (!o.programs.includes(program)) {
    return `${program} is not among the programs the operator allows (mitigationPrograms)`;
  }
  return null;
}

/** Why a FIFO path may not be used, or null when it lies inside an allowed directory. */
export function fifoProblem(path: string, o: MitigationOptions): string | null {
  if (!isAbsolute(path) || normalize(path) !== path)
    return 'the FIFO path must be an absolute, normalised path';
  const inside = o.fifoDirs.some((dir) => {
    const rel = relative(dir, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  });
  return inside ? null : `${path} is not inside a directory the operator allows (mitigationFifoDirs)`;
}
