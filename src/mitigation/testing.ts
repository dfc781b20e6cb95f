import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';

/**
 * Real programs for driver and hook tests: a FIFO with a reader process (what socat does for
 * ExaBGP), and small recorder programs that log their argv and stdin. No mock of our own code.
 */
export const NODE = process.execPath;

export function tempDir(prefix = 'swimmy-mitigation-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function makeFifo(path: string) {
  const r = spawnSync('mkfifo', ['-m', '600', path]);
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
  return path;
}

const lines = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
    : [];

/** Keeps the FIFO open for reading (O_RDWR: never sees EOF) and appends what arrives to `out`. */
export function startFifoReader(fifo: string, out: string): { lines(): string[]; stop(): void } {
  const script = `
    const fs = require('node:fs');
    const out = process.argv[2];
    fs.writeFileSync(out, '');
    const s = fs.createReadStream(process.argv[1], { flags: 'r+' });
    s.on('data', (b) => fs.appendFileSync(out, b));`;
  const child = spawn(NODE, ['-e', script, fifo, out], { stdio: ['ignore', 'ignore', 'inherit'] });
  // A reader left behind by a failed setup must neither keep the test process alive nor outlive it.
  child.unref();
  const stop = () => child.kill('SIGKILL');
  process.once('exit', stop);
  return { lines: () => lines(out), stop };
}

/** Waits until the reader has opened the FIFO (a writer opening before that gets ENXIO). */
export async function fifoReady(fifo: string, timeoutMs = 5000) {
  const { open } = await import('node:fs/promises');
  const { constants } = await import('node:fs');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await (await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK)).close();
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENXIO' || Date.now() > deadline) throw err;
      await pause(10);
    }
  }
}

/**
 * An executable that appends `{ argv, stdin, env }` as one JSON line to `<dir>/<name>.log`,
 * prints `output`, and exits with the number in `<dir>/<name>.exit` (0 when absent) or sleeps
 * for ever when that file says "hang".
 */
export function recorderProgram(dir: string, name: string, output = 'ok') {
  const path = join(dir, name);
  writeFileSync(
    path,
    `#!${NODE}
const fs = require('node:fs');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  const stdin = Buffer.concat(chunks).toString();
  fs.appendFileSync(${JSON.stringify(`${path}.log`)}, JSON.stringify({ argv: process.argv.slice(2), stdin, env: process.env }) + '\\n');
  let exit = '0';
  try { exit = fs.readFileSync(${JSON.stringify(`${path}.exit`)}, 'utf8').trim(); } catch {}
  if (exit === 'hang') { setInterval(() => {}, 1000); return; }
  process.stdout.write(${JSON.stringify(output)});
  process.exit(Number(exit));
});
`,
  );
  chmodSync(path, 0o755);
  return {
    path,
    calls: () =>
      lines(`${path}.log`).map(
        (l) => JSON.parse(l) as { argv: string[]; stdin: string; env: Record<string, string> },
      ),
    exitWith: (code: number | 'hang') => writeFileSync(`${path}.exit`, String(code)),
  };
}

/** A long-running feeder (like `socat - pipe:…`): appends every stdin line to a file. */
export function feederScript(dir: string) {
  const script = join(dir, 'feeder.cjs');
  const out = join(dir, 'feeder.out');
  writeFileSync(
    script,
    `const fs = require('node:fs');
process.stdin.on('data', (b) => fs.appendFileSync(${JSON.stringify(out)}, b));
process.stdin.on('end', () => process.exit(0));`,
  );
  return { argv: [NODE, script], lines: () => lines(out) };
}

/** Polls `check` until it returns something truthy, and returns that. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 8000,
): Promise<Exclude<T, undefined | null | false | 0 | ''>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as Exclude<T, undefined | null | false | 0 | ''>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
    await pause(20);
  }
}
