import { constants } from 'node:fs';
import { type FileHandle, open, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { fifoProblem, type MitigationOptions } from '../options.ts';
import { DriverError } from './types.ts';

/**
 * Writes ExaBGP commands into a named pipe that ExaBGP's API process reads (for example
 * `process { run socat stdout pipe:/run/exabgp/swimmy.cmd; }`). The path must lie in a
 * directory the operator allowed, even after resolving symlinks, and must really be a FIFO:
 * this can never append to a regular file. Opening without blocking means "nobody reads the
 * pipe" is an immediate, clear error instead of a job stuck forever.
 */
async function insideAllowed(path: string, o: MitigationOptions): Promise<boolean> {
  const dir = await realpath(dirname(path)).catch(() => null);
  if (!dir) return false;
  for (const allowed of o.fifoDirs) {
    const real = await realpath(allowed).catch(() => null);
    if (!real) continue;
    const rel = relative(real, dir);
    if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) return true;
  }
  return false;
}

function openError(path: string, err: NodeJS.ErrnoException): DriverError {
  switch (err.code) {
    case 'ENXIO':
      return new DriverError(`no process is reading ${path} (is ExaBGP running?)`);
    case 'ENOENT':
      return new DriverError(`${path} does not exist`);
    case 'ELOOP':
      return new DriverError(`${path} is a symbolic link; refused`);
    default:
      return new DriverError(`cannot open ${path}: ${err.message}`);
  }
}

export async function writeFifo(path: string, text: string, o: MitigationOptions, timeoutMs: number) {
  const problem = fifoProblem(path, o);
  if (problem) throw new DriverError(problem);
  if (!(await insideAllowed(path, o)))
    throw new DriverError(`${path} resolves outside the allowed FIFO directories`);
  let fh: FileHandle;
  try {
    fh = await open(path, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (err) {
    throw openError(path, err as NodeJS.ErrnoException);
  }
  try {
    if (!(await fh.stat()).isFIFO()) throw new DriverError(`${path} is not a FIFO; refused`);
    const data = Buffer.from(text, 'utf8');
    const deadline = Date.now() + timeoutMs;
    let offset = 0;
    while (offset < data.length) {
      try {
        const { bytesWritten } = await fh.write(data, offset, data.length - offset);
        offset += bytesWritten;
      } catch (err) {
        // A full pipe: the reader is slow. Wait a little, up to the deadline.
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') {
          throw new DriverError(
            `writing ${path}: ${(err as Error).message}`,
            data.subarray(0, offset).toString(),
          );
        }
        if (Date.now() > deadline) {
          throw new DriverError(
            `${path} stayed full for ${timeoutMs} ms`,
            data.subarray(0, offset).toString(),
          );
        }
        await pause(10);
      }
    }
  } finally {
    await fh.close();
  }
}
