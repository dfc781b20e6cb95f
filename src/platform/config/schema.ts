import { type Static, Type } from 'typebox';

export const ROLES = ['serve', 'work', 'collect'] as const;

// Detection settings (collect role). Nested, so they come from the JSON config file only.
const Cidr = Type.String({ pattern: '^[0-9A-Fa-f:.]+/[0-9]{1,3}$', description: 'e.g. 198.51.100.0/24' });
const Limit = Type.Optional(Type.Number({ minimum: 0, description: '0 = off' }));
const strictObject = { additionalProperties: false } as const;
/** Per-vector limits (pps, bits/s, flows/s); `defaults` fills vectors the file leaves out. */
const thresholdsSchema = (defaults: Record<string, object> = {}) => {
  const vector = <T extends ReturnType<typeof Type.Object>>(name: string, shape: T) =>
    defaults[name]
      ? Type.Optional(Type.Object(shape.properties, { ...strictObject, default: defaults[name] }))
      : Type.Optional(shape);
  const ppsBps = Type.Object({ pps: Limit, bps: Limit }, strictObject);
  const pps = Type.Object({ pps: Limit }, strictObject);
  return Type.Object(
    {
      total: vector('total', Type.Object({ pps: Limit, bps: Limit, flowsPerSec: Limit }, strictObject)),
      udp: vector('udp', ppsBps),
      amplification: vector('amplification', ppsBps),
      tcp: vector('tcp', pps),
      tcp_syn: vector('tcp_syn', pps),
      icmp: vector('icmp', pps),
      fragments: vector('fragments', pps),
    },
    { ...strictObject, default: {} },
  );
};
const Thresholds = thresholdsSchema();
export const DetectionSchema = Type.Object(
  {
    networks: Type.Array(Cidr, { default: [], description: 'Our prefixes; empty = every destination' }),
    allowList: Type.Array(Cidr, { default: [], description: 'Prefixes never flagged' }),
    directions: Type.Array(Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')]), {
      minItems: 1,
      uniqueItems: true,
      default: ['incoming', 'outgoing'],
    }),
    tickMs: Type.Integer({ minimum: 50, maximum: 1000, default: 250 }),
    windowTicks: Type.Integer({ minimum: 1, maximum: 16, default: 4 }),
    quietPeriodS: Type.Number({ minimum: 0.25, maximum: 3600, default: 30 }),
    updateIntervalMs: Type.Integer({ minimum: 250, maximum: 60000, default: 1000 }),
    maxSpreadS: Type.Integer({ minimum: 1, maximum: 3600, default: 300 }),
    idleEvictS: Type.Integer({ minimum: 1, maximum: 86400, default: 120 }),
    maxEntities: Type.Integer({ minimum: 1024, maximum: 1 << 26, default: 1 << 22 }),
    thresholds: thresholdsSchema({
      total: { pps: 20000, bps: 1e9 },
      amplification: { pps: 10000, bps: 5e8 },
      tcp_syn: { pps: 10000 },
      icmp: { pps: 5000 },
      fragments: { pps: 5000 },
    }),
    hostgroups: Type.Array(
      Type.Object(
        {
          name: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }),
          org: Type.Optional(Type.String({ description: 'org handle attacks go to' })),
          prefixes: Type.Array(Cidr, { minItems: 1 }),
          thresholds: Type.Optional(Thresholds),
          prefixThresholds: Type.Optional(Thresholds),
        },
        { additionalProperties: false },
      ),
      { default: [] },
    ),
    baseline: Type.Object(
      {
        enabled: Type.Boolean({ default: false }),
        multiplier: Type.Number({ minimum: 1, default: 4 }),
        floorPps: Type.Number({ minimum: 0, default: 5000 }),
        floorBps: Type.Number({ minimum: 0, default: 1e8 }),
        halfLifeS: Type.Number({ minimum: 1, default: 600 }),
        warmupS: Type.Number({ minimum: 0, default: 300 }),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false, default: {} },
);

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
    jobLeaseMs: Type.Integer({
      minimum: 1000,
      maximum: 3_600_000,
      default: 30_000,
      description: 'How long a claimed job is held before another worker may take it over, ms',
    }),
    collectorAddress: Type.String({
      minLength: 1,
      default: '127.0.0.1',
      description: 'UDP flow listen address (0.0.0.0 to hear routers on other hosts)',
    }),
    netflowPort: Type.Integer({
      minimum: 0,
      maximum: 65535,
      default: 2055,
      description: 'NetFlow/IPFIX port',
    }),
    sflowPort: Type.Integer({ minimum: 0, maximum: 65535, default: 6343, description: 'sFlow port' }),
    collectorWorkers: Type.Integer({ minimum: 0, maximum: 64, default: 0, description: '0 = min(2, cores)' }),
    collectorRecvBufferBytes: Type.Integer({ minimum: 65536, maximum: 1 << 30, default: 32 * 1024 * 1024 }),
    collectorOrg: Type.Optional(Type.String({ description: 'Handle of the org that owns detected attacks' })),
    detection: DetectionSchema,
    webhookAllowAddresses: Type.Array(Type.String({ minLength: 1 }), {
      default: [],
      description: 'Loopback/private addresses outgoing webhooks may reach (default: none)',
    }),
    mitigationPrograms: Type.Array(Type.String({ pattern: '^/' }), {
      default: [],
      description: 'Programs orgs may use (exec hooks, ExaBGP/exec drivers, gobgp CLI)',
    }),
    mitigationFifoDirs: Type.Array(Type.String({ pattern: '^/' }), {
      default: [],
      description: 'Directories where ExaBGP command FIFOs may live',
    }),
    mitigationWebhookAllowPrivate: Type.Boolean({
      default: false,
      description: 'Let mitigation webhooks reach loopback/private addresses',
    }),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;
export type Role = (typeof ROLES)[number];
export type DetectionConfig = Static<typeof DetectionSchema>;

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
  jobLeaseMs: 'SWIMMY_JOB_LEASE_MS',
  collectorAddress: 'SWIMMY_COLLECTOR_ADDRESS',
  netflowPort: 'SWIMMY_NETFLOW_PORT',
  sflowPort: 'SWIMMY_SFLOW_PORT',
  collectorWorkers: 'SWIMMY_COLLECTOR_WORKERS',
  collectorRecvBufferBytes: 'SWIMMY_COLLECTOR_RECV_BUFFER',
  collectorOrg: 'SWIMMY_COLLECTOR_ORG',
  webhookAllowAddresses: 'SWIMMY_WEBHOOK_ALLOW_ADDRESSES',
  mitigationPrograms: 'SWIMMY_MITIGATION_PROGRAMS',
  mitigationFifoDirs: 'SWIMMY_MITIGATION_FIFO_DIRS',
  mitigationWebhookAllowPrivate: 'SWIMMY_MITIGATION_WEBHOOK_ALLOW_PRIVATE',
  detection: 'SWIMMY_DETECTION', // an object: set it in the JSON config file
};

/** Keys whose values may hold credentials; printed masked. */
export const SECRET_URL_KEYS: ReadonlyArray<keyof Config> = ['databaseUrl', 'natsUrl', 'smtpUrl'];
