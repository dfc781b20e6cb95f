import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { Logger } from '../../platform/log.ts';
import { CHILD_ENV } from './run.ts';
import { DriverError } from './types.ts';

/**
 * Long-running processes that forward what they read on stdin to ExaBGP (ExaBGP's `process`
 * API, or a bridge such as `socat - UNIX-CONNECT:…`). One per distinct argv, started on first
 * use and again after it exits; closed with the subscriber.
 */
export interface ProcessPool {
  write(argv: readonly string[], text: string, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

const TAIL_BYTES = 4096;

export function createProcessPool(log: Logger): ProcessPool {
  const running = new Map<string, ChildProcessWithoutNullStreams>();
  let closed = false;

  function start(key: string, argv: readonly string[]) {
    const [program, ...args] = argv;
    const child = spawn(program!, args, { env: CHILD_ENV, stdio: ['pipe', 'pipe', 'pipe'], shell: false });
    let tail = '';
    const keep = (b: Buffer) => {
      tail = (tail + b.toString('utf8')).slice(-TAIL_BYTES);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.stdin.on('error', () => {});
    child.once('error', () => running.delete(key));
    child.once('exit', (code, signal) => {
      if (running.get(key) === child) running.delete(key);
      if (!closed) log.warn({ program, code, signal, output: tail }, 'ExaBGP feeder process exited');
    });
    running.set(key, child);
    return child;
  }

  return {
    write(argv, text, timeoutMs) {
      if (closed) return Promise.reject(new DriverError('the process pool is closed'));
      const key = JSON.stringify(argv);
      const child = running.get(key) ?? start(key, argv);
      return new Promise<void>((resolve, reject) => {
        const fail = (message: string) => {
          clearTimeout(timer);
          child.off('error', onError);
          reject(new DriverError(message));
        };
        const onError = (e: Error) => fail(`cannot run ${argv[0]}: ${e.message}`);
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          fail(`${argv[0]} did not take the input within ${timeoutMs} ms (killed; restarted on next use)`);
        }, timeoutMs);
        child.once('error', onError);
        if (child.exitCode !== null || child.signalCode !== null || !child.stdin.writable) {
          running.delete(key);
          fail(`${argv[0]} is not running`);
          return;
        }
        child.stdin.write(text, (err) => {
          clearTimeout(timer);
          child.off('error', onError);
          if (err) {
            running.delete(key);
            reject(new DriverError(`writing to ${argv[0]}: ${err.message}`));
          } else {
            resolve();
          }
        });
      });
    },
    async close() {
      closed = true;
      const children = [...running.values()];
      running.clear();
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null || c.signalCode !== null) return resolve();
              // Never wait for ever: a child that failed to start may emit no 'exit'.
              const t = setTimeout(() => {
                c.kill('SIGKILL');
                resolve();
              }, 2000);
              const done = () => {
                clearTimeout(t);
                resolve();
              };
              c.once('exit', done);
              c.once('error', done);
              c.stdin.end();
              c.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
