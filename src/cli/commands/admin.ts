import { describeDemo, loadDemo } from '../../demo/index.ts';
import { createOrgWithOwner, resetPassword } from '../../identity/accounts.ts';
import { findOrgByHandle, insertToken } from '../../identity/store.ts';
import { MIN_PASSWORD_LENGTH, newApiToken, newSecret, sha256 } from '../../platform/auth/secrets.ts';
import { createLogger } from '../../platform/log.ts';
import { closePlatform, openPlatform, type Platform } from '../../platform/platform.ts';
import { ORG_ROLES, type OrgRole } from '../../policy/roles.ts';
import { type Command, UsageError } from '../args.ts';
import { configFrom } from '../config.ts';

const need = (values: Record<string, unknown>, key: string): string => {
  const v = values[key];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${key} is required`);
  return v;
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

/** A password from stdin (never from argv, which other users can see in `ps`) or a generated one. */
async function passwordFrom(
  values: Record<string, unknown>,
): Promise<{ password: string; generated: boolean }> {
  if (!values['password-stdin']) return { password: newSecret(15), generated: true };
  const password = await readStdin();
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new UsageError(`the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  return { password, generated: false };
}

const ACTIONS: Record<string, (p: Platform, v: Record<string, unknown>) => Promise<void>> = {
  async 'create-org'(p, v) {
    const { password, generated } = await passwordFrom(v);
    const { org, user } = await createOrgWithOwner(p, {
      org: { name: need(v, 'name'), handle: need(v, 'handle') },
      owner: { email: need(v, 'owner-email'), name: need(v, 'owner-name'), password },
    });
    process.stdout.write(`Created organisation ${org.handle} (${org.id}) with owner ${user.email}.\n`);
    if (generated) process.stdout.write(`Initial password (shown once): ${password}\n`);
  },
  async 'reset-password'(p, v) {
    const { password, generated } = await passwordFrom(v);
    const user = await resetPassword(p, need(v, 'email'), password);
    process.stdout.write(`Password reset for ${user.email}; all of their sessions were ended.\n`);
    if (generated) process.stdout.write(`New password (shown once): ${password}\n`);
  },
  async 'create-token'(p, v) {
    const role = need(v, 'role') as OrgRole;
    if (!ORG_ROLES.includes(role)) throw new UsageError(`--role must be one of ${ORG_ROLES.join(', ')}`);
    const org = await findOrgByHandle(p.db, need(v, 'org'));
    if (!org) throw new UsageError(`no organisation with handle ${String(v.org)}`);
    const days = v['expires-days'] === undefined ? undefined : Number(v['expires-days']);
    if (days !== undefined && !(Number.isInteger(days) && days > 0))
      throw new UsageError('--expires-days must be a positive integer');
    const secret = newApiToken();
    const row = await insertToken(p.db, {
      orgId: org.id,
      name: need(v, 'name'),
      role,
      hash: sha256(secret),
      prefix: secret.slice(0, 10),
      createdBy: null,
      ...(days ? { expiresInDays: days } : {}),
    });
    await p.audit.record({
      orgId: org.id,
      action: 'token.created',
      targetType: 'api_token',
      targetId: row.id,
      details: { name: row.name, role, via: 'cli' },
    });
    process.stdout.write(`Token ${row.name} (${role}) for ${org.handle}, shown once:\n${secret}\n`);
  },
  async demo(p, v) {
    const password = v['password-stdin'] ? (await passwordFrom(v)).password : undefined;
    const url = p.config.publicUrl ?? `http://${p.config.host}:${p.config.port}`;
    process.stdout.write(describeDemo(await loadDemo(p, { password }), url));
  },
};

export const adminCommand: Command = {
  name: 'admin',
  summary: 'Administer the instance: first organisation and owner, password resets, API tokens, demo data.',
  usage: [
    'swimmy admin create-org --name NAME --handle HANDLE --owner-email EMAIL --owner-name NAME [--password-stdin]',
    '       swimmy admin reset-password --email EMAIL [--password-stdin]',
    '       swimmy admin create-token --org HANDLE --name NAME --role owner|admin|responder|viewer [--expires-days N]',
    '       swimmy admin demo [--password-stdin]   (loads the Meltdown/Spectre demo; once)',
  ].join('\n'),
  options: {
    name: { type: 'string', description: 'Organisation or token name' },
    handle: { type: 'string', description: 'Organisation handle (lowercase, 3–40 chars)' },
    'owner-email': { type: 'string', description: 'Email of the first owner' },
    'owner-name': { type: 'string', description: 'Name of the first owner' },
    email: { type: 'string', description: 'Email of the user' },
    org: { type: 'string', description: 'Organisation handle' },
    role: { type: 'string', description: 'Role of the token' },
    'expires-days': { type: 'string', description: 'Token lifetime in days' },
    'password-stdin': {
      type: 'boolean',
      description: 'Read the password from standard input (else one is generated)',
    },
  },
  async run(values, positionals) {
    const action = ACTIONS[positionals[0] ?? ''];
    if (!action)
      throw new UsageError(
        `unknown admin action "${positionals[0] ?? ''}"; one of ${Object.keys(ACTIONS).join(', ')}`,
      );
    const config = configFrom(values, { logLevel: 'warn' });
    const platform = await openPlatform(config, createLogger(config.logLevel));
    try {
      await action(platform, values);
      return 0;
    } finally {
      await closePlatform(platform);
    }
  },
};
