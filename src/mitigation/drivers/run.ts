import { spawn } from 'node:child_process';

/**
 * Runs a program from an argv array (never a shell) with input on stdin, a deadline and capped
 * output. The child gets a minimal environment, so server secrets (DATABASE_URL, NATS_URL …)
 * never reach an org's hook, and its own process group, so a timeout also kills what it started.
 */
export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

export interface RunOptions {
  argv: readonly string[];
  stdin?: string;
  timeoutMs: number;
  maxOutputBytes: number;
  signal?: AbortSignal;
  env?: Record<string, string>;
}

export const CHILD_ENV = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  LANG: 'C.UTF-8',
};

function capped(max: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  let dropped = 0;
  return {
    push(b: Buffer) {
      const room = max - size;
      if (room > 0) {
        chunks.push(room >= b.length ? b : b.subarray(0, room));
        size += Math.min(room, b.length);
      }
      dropped += Math.max(0, b.length - Math.max(room, 0));
    },
    text: () =>
      Buffer.concat(chunks).toString('utf8') + (dropped ? `\n… ${dropped} more bytes not kept` : ''),
  };
}

export function runProgram(o: RunOptions): Promise<RunResult> {
  const [program, ...args] = o.argv;
  if (!program) return Promise.reject(new Error('empty argv'));
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      env: { ...CHILD_ENV, ...o.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      shell: false,
    });
    const out = capped(o.maxOutputBytes);
    const err = capped(o.maxOutputBytes);
    let timedOut = false;
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, o.timeoutMs);
    const onAbort = () => killGroup();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    // A program may exit without reading its input: that is its answer, not our error.
    child.stdin.on('error', () => {});
    child.once('error', (e) => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      reject(new Error(`cannot run ${program}: ${e.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      resolve({
        code,
        signal,
        stdout: out.text(),
        stderr: err.text(),
        timedOut,
        durationMs: Date.now() - started,
      });
    });
    child.stdin.end(o.stdin ?? '');
  });
}

/** One line saying how a run ended, for records and errors. */
export function describeRun(r: RunResult, timeoutMs: number): string {
  if (r.timedOut) return `timed out after ${timeoutMs} ms (killed)`;
  if (r.signal) return `killed by ${r.signal}`;
  return `exit code ${r.code}`;
}
