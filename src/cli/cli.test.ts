import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createTokenOverHttp,
  http,
  loginOverHttp,
  runCli,
  type Server,
  servicesFromEnv,
  startServer,
  tempDir,
  withOutput,
} from '../../test/helpers/process.ts';

const COMMANDS = ['start', 'serve', 'work', 'migrate', 'admin', 'config'];
const count = (text: string, part: string) => text.split(part).length - 1;

describe('swimmy CLI: usage', { concurrency: true }, () => {
  test('--help lists every command and exits 0', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Usage: swimmy <command>/);
    for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`^  ${c}\\s+\\S`, 'm'), `${c} listed`);
  });

  test('no command prints usage and exits 2', async () => {
    const r = await runCli([]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /Commands:/);
  });

  test('start --help shows its options', async () => {
    const r = await runCli(['start', '--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Usage: swimmy start/);
    for (const flag of ['--port <value>', '--host <value>', '--config <value>', '--help'])
      assert.ok(r.stdout.includes(flag), `${flag} in:\n${r.stdout}`);
  });

  test('an unknown command exits 2 and says so', async () => {
    const r = await runCli(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command "frobnicate"/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  test('an unknown flag exits 2 and names it', async () => {
    const r = await runCli(['start', '--bogus-flag']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--bogus-flag/);
    assert.match(r.stderr, /Usage: swimmy start/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });
});

describe('swimmy config check', { concurrency: true }, () => {
  const secretEnv = {
    DATABASE_URL: 'postgres://u:hunter2secret@127.0.0.1:1/x',
    NATS_URL: 'nats://n:natssecret99@127.0.0.1:2',
  };

  test('prints the effective config with credentials masked', async () => {
    const r = await runCli(['config', 'check'], { env: { ...secretEnv, PORT: '9123' } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Configuration is valid/);
    assert.match(r.stdout, /port\s+PORT\s+9123/);
    assert.match(r.stdout, /databaseUrl\s+DATABASE_URL\s+"postgres:\/\/u:[^@"]+@127\.0\.0\.1:1\/x"/);
    for (const secret of ['hunter2secret', 'natssecret99']) {
      assert.ok(!r.stdout.includes(secret), `${secret} leaked on stdout`);
      assert.ok(!r.stderr.includes(secret), `${secret} leaked on stderr`);
    }
  });

  test('--json prints the same, masked, as JSON', async () => {
    const r = await runCli(['config', 'check', '--json'], { env: secretEnv });
    assert.equal(r.code, 0, r.stderr);
    const cfg = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(cfg.port, 8080);
    assert.match(String(cfg.databaseUrl), /^postgres:\/\/u:[^@]+@127\.0\.0\.1:1\/x$/);
    assert.ok(!r.stdout.includes('hunter2secret') && !r.stdout.includes('natssecret99'));
  });

  test('an invalid environment exits 1 and lists every problem', async () => {
    const env = { PORT: 'abc', SWIMMY_ROLES: 'serve,foo', SWIMMY_LOG_LEVEL: 'loud' };
    for (const args of [['config', 'check'], ['start']]) {
      const r = await runCli(args, { env });
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /Invalid configuration/);
      assert.match(r.stderr, /port \(PORT\)/);
      assert.match(r.stderr, /roles \(SWIMMY_ROLES\): must be one of serve, work, collect/);
      assert.match(r.stderr, /logLevel \(SWIMMY_LOG_LEVEL\)/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.doesNotMatch(r.stdout, /Swimmy is running/);
    }
  });
});

describe('swimmy admin', () => {
  test('create-org, create-token and reset-password work and show each secret once', async (t) => {
    const dir = tempDir('swimmy-cli-');
    const services = servicesFromEnv('cli');
    t.after(async () => {
      await services.cleanup();
      dir.remove();
    });
    const env = { SWIMMY_DATA_DIR: dir.path, ...services.env };

    const org = await runCli(
      [
        'admin',
        'create-org',
        '--name',
        'Acme',
        '--handle',
        'acme',
        '--owner-email',
        'o@acme.test',
        '--owner-name',
        'O',
      ],
      { env },
    );
    assert.equal(org.code, 0, org.stderr);
    assert.match(org.stdout, /Created organisation acme \([0-9a-f-]{36}\) with owner o@acme\.test/);
    const initial = /Initial password \(shown once\): (\S+)/.exec(org.stdout)?.[1];
    assert.ok(initial && initial.length >= 10, org.stdout);
    assert.equal(count(org.stdout, initial), 1);
    assert.ok(!org.stderr.includes(initial));

    const again = await runCli(
      [
        'admin',
        'create-org',
        '--name',
        'Acme',
        '--handle',
        'acme',
        '--owner-email',
        'x@acme.test',
        '--owner-name',
        'X',
      ],
      { env },
    );
    assert.equal(again.code, 1, 'a taken handle is refused');
    assert.ok(again.stderr.length > 0);

    const badRole = await runCli(
      ['admin', 'create-token', '--org', 'acme', '--name', 'ci', '--role', 'god'],
      {
        env,
      },
    );
    assert.equal(badRole.code, 2, badRole.stderr);
    assert.match(badRole.stderr, /--role must be one of /);
    for (const role of ['owner', 'admin', 'responder', 'viewer']) assert.ok(badRole.stderr.includes(role));

    const missing = await runCli(['admin', 'create-token', '--org', 'acme', '--role', 'viewer'], { env });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--name is required/);

    const unknown = await runCli(['admin', 'delete-everything'], { env });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown admin action "delete-everything"/);

    const tok = await runCli(['admin', 'create-token', '--org', 'acme', '--name', 'ci', '--role', 'viewer'], {
      env,
    });
    assert.equal(tok.code, 0, tok.stderr);
    const secret = /^(swm_\S+)$/m.exec(tok.stdout)?.[1];
    assert.ok(secret, tok.stdout);
    assert.equal(count(tok.stdout, secret), 1);

    const reset = await runCli(['admin', 'reset-password', '--email', 'o@acme.test'], { env });
    assert.equal(reset.code, 0, reset.stderr);
    const fresh = /New password \(shown once\): (\S+)/.exec(reset.stdout)?.[1];
    assert.ok(fresh && fresh !== initial, reset.stdout);
    assert.equal(count(reset.stdout, fresh), 1);

    const chosen = 'a password chosen on stdin';
    const viaStdin = await runCli(['admin', 'reset-password', '--email', 'o@acme.test', '--password-stdin'], {
      env,
      input: `${chosen}\n`,
    });
    assert.equal(viaStdin.code, 0, viaStdin.stderr);
    assert.ok(!viaStdin.stdout.includes(chosen), 'a chosen password is not echoed');

    const server = await startServer({ env: { ...env, SWIMMY_ROLES: 'serve' } });
    t.after(() => server.proc.stop('SIGKILL'));
    await serverReadsWhatCliWrote(server, secret, fresh, chosen).catch(withOutput([server.proc]));
  });
});

/** What the CLI wrote is what the server reads. */
async function serverReadsWhatCliWrote(server: Server, secret: string, fresh: string, chosen: string) {
  await assert.rejects(loginOverHttp(server.url, 'o@acme.test', fresh), /login failed: 401/);
  const session = await loginOverHttp(server.url, 'o@acme.test', chosen);
  const me = await http(server.url, '/api/v1/session', { auth: session });
  const orgId = (me.body as { orgs: Array<{ id: string; handle: string }> }).orgs[0]!.id;
  const list = await http(server.url, `/api/v1/orgs/${orgId}/members`, { auth: { token: secret } });
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(
    (list.body as { items: Array<{ email: string; role: string }> }).items.map((m) => [m.email, m.role]),
    [['o@acme.test', 'owner']],
  );
  await createTokenOverHttp(server.url, session, orgId, 'after-reset');
  assert.equal((await server.proc.stop()).code, 0, 'SIGTERM shuts down cleanly');
}
