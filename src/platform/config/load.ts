import { readFileSync } from 'node:fs';
import { Value } from 'typebox/value';
import { type Config, ConfigSchema, ENV_NAMES, ROLES, SECRET_URL_KEYS } from './schema.ts';

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

const keysOfType = (type: string) =>
  new Set(
    Object.entries(ConfigSchema.properties)
      .filter(([, s]) => (s as { type?: string }).type === type)
      .map(([k]) => k),
  );
const INTEGER_KEYS = keysOfType('integer');
const LIST_KEYS = keysOfType('array');
const BOOLEAN_KEYS = keysOfType('boolean');
const OBJECT_KEYS = keysOfType('object');

/** Nested settings may come from the environment as JSON; anything else is left for the schema to reject. */
function parseJsonOr(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Environment strings become typed values here, so the schema sees numbers and lists. */
function fromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    if (INTEGER_KEYS.has(key)) out[key] = /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    else if (LIST_KEYS.has(key))
      out[key] = raw
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean);
    else if (BOOLEAN_KEYS.has(key)) out[key] = raw === 'true' ? true : raw === 'false' ? false : raw;
    else if (OBJECT_KEYS.has(key)) out[key] = parseJsonOr(raw);
    else out[key] = raw;
  }
  return out;
}

function fromFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([`config file ${path}: ${(err as Error).message}`]);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ConfigError([`config file ${path}: must hold a JSON object`]);
    }
    return parsed as Record<string, unknown>;
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError([`config file ${path}: not valid JSON (${(err as Error).message})`]);
  }
}

const CHOICES = {
  roles: ROLES,
  logLevel: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
} as const;

function describe(path: string): string {
  const key = path.replace(/^\//, '').split('/')[0] ?? '';
  const env = ENV_NAMES[key as keyof Config];
  return env ? `${key} (${env})` : key || '(root)';
}

/**
 * Parses configuration once: defaults < file (SWIMMY_CONFIG or --config) < environment < overrides.
 * Every problem is collected, so one run shows them all.
 */
export function loadConfig(
  options: { env?: NodeJS.ProcessEnv; file?: string; overrides?: Partial<Config> } = {},
): Config {
  const env = options.env ?? process.env;
  const file = options.file ?? env.SWIMMY_CONFIG;
  const merged = { ...(file ? fromFile(file) : {}), ...fromEnv(env), ...options.overrides };
  const withDefaults = Value.Default(ConfigSchema, structuredClone(merged));
  const problems: string[] = [];
  for (const e of Value.Errors(ConfigSchema, withDefaults)) {
    const where = e.instancePath || '';
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperties?: string[] }).additionalProperties ?? [];
      problems.push(`unknown setting(s): ${extra.join(', ')}`);
    } else if (e.keyword === 'anyOf' || e.keyword === 'const') {
      const key = where.replace(/^\//, '').split('/')[0] as keyof typeof CHOICES;
      const choices = CHOICES[key];
      if (choices) problems.push(`${describe(where)}: must be one of ${choices.join(', ')}`);
    } else if (e.keyword !== 'boolean') {
      problems.push(`${describe(where)}: ${e.message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  return withDefaults as Config;
}

function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '*****';
    return u.toString();
  } catch {
    return '*****';
  }
}

/** The effective configuration with credentials masked, for `swimmy config check`. */
export function maskedConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  for (const key of SECRET_URL_KEYS) {
    const v = config[key];
    if (typeof v === 'string') out[key] = maskUrl(v);
  }
  return out;
}
