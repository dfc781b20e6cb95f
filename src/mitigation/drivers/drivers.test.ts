import assert from 'node:assert/strict';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../platform/log.ts';
import { DEFAULT_OPTIONS, type MitigationOptions } from '../options.ts';
import type { FlowRule, RtbhRule } from '../rules.ts';
import {
  feederScript,
  fifoReady,
  makeFifo,
  NODE,
  recorderProgram,
  startFifoReader,
  tempDir,
} from '../testing.ts';
import { createDriver, DriverError, type DriverRequest } from './index.ts';
import { createProcessPool } from './process-pool.ts';
import { runProgram } from './run.ts';

const flow: FlowRule = {
  kind: 'flowspec',
  family: 'ipv4',
  destination: '192.0.2.10/32',
  protocol: 'udp',
  sourcePorts: [123],
  action: { kind: 'discard' },
  vector: 'amp_ntp',
  reason: 'NTP amplification',
};
const rtbh: RtbhRule = {
  kind: 'rtbh',
  family: 'ipv4',
  prefix: '192.0.2.10/32',
  nextHop: '192.0.2.1',
  communities: ['65535:666'],
  reason: 'blackhole',
};
const req = (op: 'announce' | 'withdraw', rules = [flow, rtbh]): DriverRequest => ({
  op,
  rules,
  mitigation: { id: 'm1', orgId: 'o1', attackId: 'a1', target: '192.0.2.10' },
});
const ANNOUNCED = [
  'announce flow route { match { destination 192.0.2.10/32; protocol udp; source-port =123; } then { discard; } }',
  'announce route 192.0.2.10/32 next-hop 192.0.2.1 community 65535:666',
];

describe('drivers against real FIFOs and processes', () => {
  const tmp = tempDir();
  const log = createLogger('silent');
  const pool = createProcessPool(log);
  let options: MitigationOptions;
  const gobgp = recorderProgram(tmp.dir, 'gobgp', 'ok\n');
  const hook = recorderProgram(tmp.dir, 'exec-driver', 'accepted');
  before(() => {
    options = { ...DEFAULT_OPTIONS, programs: [NODE, gobgp.path, hook.path], fifoDirs: [tmp.dir] };
  });
  after(async () => {
    await pool.close();
    tmp.remove();
  });
  const deps = () => ({ options, pool, log });

  test('ExaBGP FIFO: the reader gets exactly the announce and withdraw lines', async () => {
    const fifo = makeFifo(join(tmp.dir, 'exabgp.cmd'));
    const reader = startFifoReader(fifo, join(tmp.dir, 'exabgp.out'));
    try {
      await fifoReady(fifo);
      const driver = createDriver({ kind: 'exabgp', fifo }, deps());
      const sent = await driver.send(req('announce'));
      assert.equal(sent.sent, `${ANNOUNCED.join('\n')}\n`);
      await driver.send(req('withdraw'));
      const want = [...ANNOUNCED, ...ANNOUNCED.map((l) => l.replace(/^announce/, 'withdraw'))];
      for (let i = 0; i < 200 && reader.lines().length < 4; i++) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(reader.lines(), want);
    } finally {
      reader.stop();
    }
  });

  test('ExaBGP FIFO: no reader, regular files, symlinks and other directories are refused', async () => {
    const lonely = makeFifo(join(tmp.dir, 'lonely.cmd'));
    const send = (fifo: string) => createDriver({ kind: 'exabgp', fifo }, deps()).send(req('announce'));
    await assert.rejects(send(lonely), /no process is reading/);
    const file = join(tmp.dir, 'regular.txt');
    writeFileSync(file, 'keep me');
    await assert.rejects(send(file), /not a FIFO/);
    const link = join(tmp.dir, 'link.cmd');
    symlinkSync(lonely, link);
    await assert.rejects(send(link), /symbolic link/);
    await assert.rejects(send('/tmp/elsewhere.cmd'), /not inside a directory the operator allows/);
    await assert.rejects(send(`${tmp.dir}/../escape.cmd`), /normalised/);
  });

  test('ExaBGP process: one long-running feeder gets every batch on stdin', async () => {
    const feeder = feederScript(tmp.dir);
    const driver = createDriver({ kind: 'exabgp-process', argv: feeder.argv }, deps());
    await driver.send(req('announce'));
    await driver.send(req('withdraw', [flow]));
    for (let i = 0; i < 200 && feeder.lines().length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(feeder.lines(), [...ANNOUNCED, ANNOUNCED[0]!.replace(/^announce/, 'withdraw')]);
  });

  test('GoBGP: one CLI call per rule with argv (no shell), and a failure stops and is reported', async () => {
    const driver = createDriver(
      { kind: 'gobgp', binary: gobgp.path, host: '127.0.0.1', port: 50051 },
      deps(),
    );
    const res = await driver.send(req('announce'));
    assert.deepEqual(
      gobgp.calls().map((c) => c.argv.join(' ')),
      [
        '-u 127.0.0.1 -p 50051 global rib -a ipv4-flowspec add match destination 192.0.2.10/32 protocol udp source-port ==123 then discard',
        '-u 127.0.0.1 -p 50051 global rib -a ipv4 add 192.0.2.10/32 nexthop 192.0.2.1 community 65535:666',
      ],
    );
    assert.match(res.sent, /^gobgp -u 127\.0\.0\.1 -p 50051 global rib -a ipv4-flowspec add match/);
    gobgp.exitWith(3);
    const err = await driver.send(req('withdraw')).catch((e: unknown) => e);
    assert.ok(err instanceof DriverError);
    assert.match(err.message, /exit code 3/);
    assert.equal(gobgp.calls().length, 3, 'stopped after the first failing call');
    assert.ok(!('DATABASE_URL' in gobgp.calls()[0]!.env), 'no server environment leaks to programs');
    gobgp.exitWith(0);
  });

  test('exec driver: the action as JSON on stdin, the op as the last argument', async () => {
    const driver = createDriver({ kind: 'exec', argv: [hook.path, '--site', 'ams'] }, deps());
    const res = await driver.send(req('announce', [flow]));
    const call = hook.calls().at(-1)!;
    assert.deepEqual(call.argv, ['--site', 'ams', 'announce']);
    const doc = JSON.parse(call.stdin);
    assert.equal(doc.action, 'announce');
    assert.deepEqual(doc.exabgp, [ANNOUNCED[0]]);
    assert.equal(res.output, 'accepted');
  });

  test('programs the operator did not list are never run', async () => {
    const driver = createDriver({ kind: 'exec', argv: ['/bin/sh', '-c', 'id'] }, deps());
    await assert.rejects(driver.send(req('announce')), /not among the programs the operator allows/);
    const g = createDriver({ kind: 'gobgp', binary: '/usr/bin/gobgp' }, deps());
    await assert.rejects(g.send(req('announce')), /not among the programs/);
  });

  test('log driver sends nothing and says so', async () => {
    const res = await createDriver({ kind: 'log' }, deps()).send(req('announce'));
    assert.equal(res.sent, `${ANNOUNCED.join('\n')}\n`);
    assert.match(res.output ?? '', /dry run/);
  });

  test('runProgram kills a program (and its children) at the deadline', async () => {
    const r = await runProgram({
      argv: [
        NODE,
        '-e',
        'require("child_process").spawn("sleep", ["30"], { stdio: "inherit" }); setInterval(() => {}, 1000)',
      ],
      timeoutMs: 300,
      maxOutputBytes: 100,
    });
    assert.ok(r.timedOut);
    assert.equal(r.signal, 'SIGKILL');
    assert.ok(r.durationMs < 5000);
  });
});
