import { type Static, Type } from 'typebox';

export const ROLES = ['serve', 'work', 'collect'] as const;

/**
 * The whole configuration, as one schema. Environment variables and the optional JSON file
 * both map onto these keys; `ENV_NAMES` documents the environment spelling of each.
 */
export const ConfigSchema = Type.Object(
  {
    host: Type.String({ minLength: 1, default: '127.0.0.1', description: 'HTTP listen address' }),
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'HTTP listen port' }),
    publicUrl: Type.Optional(
      Type.String({ pattern: '^https?://', description: 'External base URL (links in emails, cookies)' }),
    ),
    dataDir: Type.String({
      minLength: 1,
      default: './data',
      description: 'Embedded data directory (PGlite)',
    }),
    databaseUrl: Type.Optional(
      Type.String({
        pattern: '^postgres(ql)?://',
        description: 'PostgreSQL URL; embedded PGlite when unset',
      }),
    ),
    databaseSchema: Type.Optional(
      Type.String({
        pattern: '^[a-z_][a-z0-9_]{0,62}$',
        description: 'PostgreSQL schema to use (default: public)',
      }),
    ),
    natsUrl: Type.Optional(
      Type.String({ pattern: '^(nats|tls)://', description: 'NATS URL; in-process bus when unset' }),
    ),
    natsStream: Type.String({
      pattern: '^[A-Za-z0-9_-]{1,64}$',
      default: 'SWIMMY',
      description: 'JetStream stream name for events',
    }),
    roles: Type.Array(Type.Union([Type.Literal('serve'), Type.Literal('work'), Type.Literal('collect')]), {
      minItems: 1,
      uniqueItems: true,
      default: [...ROLES],
      description: 'Process roles to run',
    }),
    logLevel: Type.Union(
      [
        Type.Literal('fatal'),
        Type.Literal('error'),
        Type.Literal('warn'),
        Type.Literal('info'),
        Type.Literal('debug'),
        Type.Literal('trace'),
        Type.Literal('silent'),
      ],
      { default: 'info', description: 'Log level' },
    ),
    bodyLimit: Type.Integer({
      minimum: 1024,
      maximum: 64 * 1024 * 1024,
      default: 1024 * 1024,
      description: 'Largest accepted request body, bytes',
    }),
    sessionTtlHours: Type.Integer({
      minimum: 1,
      maximum: 24 * 90,
      default: 168,
      description: 'Session lifetime',
    }),
    sessionIdleHours: Type.Integer({
      minimum: 1,
      maximum: 24 * 90,
      default: 24,
      description: 'Session idle timeout',
    }),
    loginRateLimit: Type.Integer({
      minimum: 1,
      maximum: 10000,
      default: 10,
      description: 'Sign-in attempts per minute per client address',
    }),
    smtpUrl: Type.Optional(
      Type.String({ pattern: '^smtps?://', description: 'SMTP server for outgoing email' }),
    ),
    jobConcurrency: Type.Integer({ minimum: 1, maximum: 1024, default: 64, description: 'Jobs run at once' }),
    jobPollMs: Type.Integer({
      minimum: 10,
      maximum: 60000,
      default: 200,
      description: 'Job poll interval, ms',
    }),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;
export type Role = (typeof ROLES)[number];

/** Environment variable for each key. */
export const ENV_NAMES: Record<keyof Config, string> = {
  host: 'HOST',
  port: 'PORT',
  publicUrl: 'SWIMMY_PUBLIC_URL',
  dataDir: 'SWIMMY_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  databaseSchema: 'SWIMMY_DATABASE_SCHEMA',
  natsUrl: 'NATS_URL',
  natsStream: 'SWIMMY_NATS_STREAM',
  roles: 'SWIMMY_ROLES',
  logLevel: 'SWIMMY_LOG_LEVEL',
  bodyLimit: 'SWIMMY_BODY_LIMIT',
  sessionTtlHours: 'SWIMMY_SESSION_TTL_HOURS',
  sessionIdleHours: 'SWIMMY_SESSION_IDLE_HOURS',
  loginRateLimit: 'SWIMMY_LOGIN_RATE_LIMIT',
  smtpUrl: 'SMTP_URL',
  jobConcurrency: 'SWIMMY_JOB_CONCURRENCY',
  jobPollMs: 'SWIMMY_JOB_POLL_MS',
};

/** Keys whose values may hold credentials; printed masked. */
export const SECRET_URL_KEYS: ReadonlyArray<keyof Config> = ['databaseUrl', 'natsUrl', 'smtpUrl'];
