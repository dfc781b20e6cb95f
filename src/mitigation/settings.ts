import { Value } from 'typebox/value';
import type { Queryable } from '../platform/db/db.ts';
import { canonicalIp, canonicalPrefix, isInternal, parseIp } from './ip.ts';
import { fifoProblem, type MitigationOptions, programProblem } from './options.ts';
import { isCommunity } from './rules.ts';
import {
  DEFAULT_SETTINGS,
  type DriverSettings,
  type Hook,
  Settings,
  type SettingsInput,
  type SettingsView,
} from './settings-schema.ts';

export { DEFAULT_SETTINGS, type Settings };

/** A PUT body becomes a whole document: defaults for what is left out, stored webhook secrets kept. */
export function mergeSettings(input: SettingsInput, current: Settings): Settings {
  const previousSecrets = new Map(
    current.hooks.flatMap((h) => (h.kind === 'webhook' ? [[h.id, h.secret] as const] : [])),
  );
  const hooks = (input.hooks ?? []).map((h) =>
    h.kind === 'webhook' ? { ...h, secret: h.secret ?? previousSecrets.get(h.id) ?? '' } : h,
  );
  const { flowspec, rtbh, ...rest } = input;
  return {
    ...DEFAULT_SETTINGS,
    ...rest,
    flowspec: { ...DEFAULT_SETTINGS.flowspec, ...flowspec },
    rtbh: { ...DEFAULT_SETTINGS.rtbh, ...rtbh },
    hooks,
  };
}

function driverProblems(d: DriverSettings, o: MitigationOptions): string[] {
  switch (d.kind) {
    case 'log':
      return [];
    case 'exabgp': {
      const p = fifoProblem(d.fifo, o);
      return p ? [`driver.fifo: ${p}`] : [];
    }
    case 'exabgp-process':
    case 'exec': {
      const p = programProblem(d.argv[0], o);
      return p ? [`driver.argv[0]: ${p}`] : [];
    }
    case 'gobgp': {
      const out: string[] = [];
      const p = programProblem(d.binary, o);
      if (p) out.push(`driver.binary: ${p}`);
      if (d.host !== undefined && !parseIp(d.host)) out.push('driver.host: must be an IP address');
      return out;
    }
  }
}

function webhookUrlProblem(raw: string, o: MitigationOptions): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be http or https';
  if (url.username || url.password) return 'must not carry credentials (use the secret)';
  const literal = parseIp(url.hostname.replace(/^\[|\]$/g, ''));
  if (literal && isInternal(literal) && !o.allowPrivateWebhooks) {
    return 'points at an internal address; the operator does not allow that';
  }
  return null;
}

function hookProblems(hooks: Hook[], o: MitigationOptions): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  hooks.forEach((h, i) => {
    if (seen.has(h.id)) out.push(`hooks[${i}].id: "${h.id}" is used twice`);
    seen.add(h.id);
    if (h.kind === 'exec') {
      const p = programProblem(h.argv[0], o);
      if (p) out.push(`hooks[${i}].argv[0]: ${p}`);
    } else {
      const p = webhookUrlProblem(h.url, o);
      if (p) out.push(`hooks[${i}].url: ${p}`);
      if (h.secret.length < 16) out.push(`hooks[${i}].secret: a webhook needs a secret of 16+ characters`);
    }
  });
  return out;
}

/** Everything wrong with a settings document, as messages a person can act on. */
export function settingsProblems(s: Settings, o: MitigationOptions): string[] {
  const out: string[] = [];
  if (!Value.Check(Settings, s)) out.push('settings do not match the schema');
  s.allowList.forEach((e, i) => {
    if (!canonicalPrefix(e.prefix))
      out.push(`allowList[${i}].prefix: "${e.prefix}" is not a prefix (host bits zero)`);
  });
  const { rtbh } = s;
  if (rtbh.nextHopV4 !== null && parseIp(rtbh.nextHopV4)?.family !== 4) {
    out.push('rtbh.nextHopV4: must be an IPv4 address');
  }
  if (rtbh.nextHopV6 !== null && parseIp(rtbh.nextHopV6)?.family !== 6) {
    out.push('rtbh.nextHopV6: must be an IPv6 address');
  }
  rtbh.communities.forEach((c, i) => {
    if (!isCommunity(c)) out.push(`rtbh.communities[${i}]: "${c}" is not ASN:value (16-bit each)`);
  });
  if (new Set(rtbh.communities).size !== rtbh.communities.length) out.push('rtbh.communities: repeated');
  if (rtbh.enabled && rtbh.nextHopV4 === null && rtbh.nextHopV6 === null) {
    out.push('rtbh: enabling RTBH needs nextHopV4 and/or nextHopV6');
  }
  out.push(...driverProblems(s.driver, o), ...hookProblems(s.hooks, o));
  return out;
}

/** Canonical spelling of addresses and prefixes (called once problems are ruled out). */
export function canonicalSettings(s: Settings): Settings {
  return {
    ...s,
    allowList: s.allowList.map((e) => ({ ...e, prefix: canonicalPrefix(e.prefix) ?? e.prefix })),
    rtbh: {
      ...s.rtbh,
      nextHopV4: s.rtbh.nextHopV4 === null ? null : (canonicalIp(s.rtbh.nextHopV4) ?? s.rtbh.nextHopV4),
      nextHopV6: s.rtbh.nextHopV6 === null ? null : (canonicalIp(s.rtbh.nextHopV6) ?? s.rtbh.nextHopV6),
    },
  };
}

export function viewSettings(s: Settings, updatedAt: Date | null): SettingsView {
  return {
    ...s,
    hooks: s.hooks.map((h) => {
      if (h.kind === 'exec') return h;
      const { secret, ...rest } = h;
      return { ...rest, hasSecret: secret.length > 0 };
    }),
    updatedAt: updatedAt ? updatedAt.toISOString() : null,
  };
}

/** The org's settings, or the defaults. A stored document that no longer checks turns mitigation off. */
export async function loadSettings(
  q: Queryable,
  orgId: string,
): Promise<{ settings: Settings; updatedAt: Date | null; valid: boolean }> {
  const row = await q.one<{ settings: unknown; updated_at: Date }>(
    'select settings, updated_at from mitigation_settings where org_id = $1',
    [orgId],
  );
  if (!row) return { settings: DEFAULT_SETTINGS, updatedAt: null, valid: true };
  if (Value.Check(Settings, row.settings)) {
    return { settings: row.settings as Settings, updatedAt: row.updated_at, valid: true };
  }
  return { settings: { ...DEFAULT_SETTINGS, mode: 'off' }, updatedAt: row.updated_at, valid: false };
}

export async function saveSettings(q: Queryable, orgId: string, s: Settings, userId: string | null) {
  const row = await q.one<{ updated_at: Date }>(
    `insert into mitigation_settings (org_id, settings, updated_by) values ($1, $2::jsonb, $3)
     on conflict (org_id) do update set settings = excluded.settings, updated_by = excluded.updated_by,
       updated_at = now()
     returning updated_at`,
    [orgId, JSON.stringify(s), userId],
  );
  return row!.updated_at;
}
