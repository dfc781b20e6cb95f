import type { Logger } from '../../platform/log.ts';
import { type MitigationOptions, programProblem } from '../options.ts';
import { exabgpCommands, gobgpArgs, gobgpText } from '../render.ts';
import type { DriverSettings } from '../settings-schema.ts';
import { writeFifo } from './fifo.ts';
import type { ProcessPool } from './process-pool.ts';
import { describeRun, runProgram } from './run.ts';
import { type Driver, DriverError, type DriverRequest } from './types.ts';

export { type Driver, DriverError, type DriverRequest, type DriverResult } from './types.ts';

export interface DriverDeps {
  options: MitigationOptions;
  pool: ProcessPool;
  log: Logger;
}

const DEFAULT_TIMEOUT_MS = 10_000;

const exabgpText = (req: DriverRequest) => `${exabgpCommands(req.rules, req.op).join('\n')}\n`;

function assertProgram(program: string | undefined, o: MitigationOptions) {
  const problem = programProblem(program, o);
  if (problem) throw new DriverError(problem);
}

/** The JSON document an exec driver reads on stdin. */
export function execDocument(req: DriverRequest) {
  return `${JSON.stringify({
    action: req.op,
    mitigation: req.mitigation,
    rules: req.rules,
    exabgp: exabgpCommands(req.rules, req.op),
    gobgp: req.rules.map((r) => gobgpArgs(r, req.op)),
  })}\n`;
}

function gobgpDriver(d: Extract<DriverSettings, { kind: 'gobgp' }>, deps: DriverDeps): Driver {
  const globals = [...(d.host ? ['-u', d.host] : []), ...(d.port ? ['-p', String(d.port)] : [])];
  const timeoutMs = d.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const calls = (req: DriverRequest) => req.rules.map((r) => gobgpArgs(r, req.op));
  return {
    kind: 'gobgp',
    preview: (req) =>
      calls(req)
        .map((a) => gobgpText(globals, a))
        .join('\n'),
    async send(req, signal) {
      assertProgram(d.binary, deps.options);
      const sent: string[] = [];
      const outputs: string[] = [];
      // One CLI call per rule, in order; the first failure stops the rest (and is recorded).
      for (const args of calls(req)) {
        const line = gobgpText(globals, args);
        const r = await runProgram({
          argv: [d.binary, ...globals, ...args],
          timeoutMs,
          maxOutputBytes: deps.options.maxOutputBytes,
          signal,
        });
        const output = `${r.stdout}${r.stderr}`.trim();
        if (output) outputs.push(output);
        if (r.code !== 0) {
          throw new DriverError(
            `${line}: ${describeRun(r, timeoutMs)}`,
            [...sent, line].join('\n'),
            outputs.join('\n'),
          );
        }
        sent.push(line);
      }
      return { sent: sent.join('\n'), output: outputs.join('\n') || null };
    },
  };
}

function execDriver(d: Extract<DriverSettings, { kind: 'exec' }>, deps: DriverDeps): Driver {
  const timeoutMs = d.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    kind: 'exec',
    preview: execDocument,
    async send(req, signal) {
      assertProgram(d.argv[0], deps.options);
      const doc = execDocument(req);
      const r = await runProgram({
        argv: [...d.argv, req.op],
        stdin: doc,
        timeoutMs,
        maxOutputBytes: deps.options.maxOutputBytes,
        signal,
      });
      const output = `${r.stdout}${r.stderr}`.trim() || null;
      if (r.code !== 0) throw new DriverError(`${d.argv[0]}: ${describeRun(r, timeoutMs)}`, doc, output);
      return { sent: doc, output };
    },
  };
}

/** The driver an org's settings name. Allow-lists are checked again on every send. */
export function createDriver(d: DriverSettings, deps: DriverDeps): Driver {
  switch (d.kind) {
    case 'log':
      return {
        kind: 'log',
        preview: exabgpText,
        async send(req) {
          const sent = exabgpText(req);
          deps.log.info(
            { mitigationId: req.mitigation.id, op: req.op, commands: sent },
            'mitigation (log only)',
          );
          return { sent, output: 'dry run: logged, not sent' };
        },
      };
    case 'exabgp':
      return {
        kind: 'exabgp',
        preview: exabgpText,
        async send(req) {
          const sent = exabgpText(req);
          await writeFifo(d.fifo, sent, deps.options, DEFAULT_TIMEOUT_MS);
          return { sent, output: null };
        },
      };
    case 'exabgp-process':
      return {
        kind: 'exabgp-process',
        preview: exabgpText,
        async send(req) {
          assertProgram(d.argv[0], deps.options);
          const sent = exabgpText(req);
          await deps.pool.write(d.argv, sent, DEFAULT_TIMEOUT_MS);
          return { sent, output: null };
        },
      };
    case 'gobgp':
      return gobgpDriver(d, deps);
    case 'exec':
      return execDriver(d, deps);
  }
}
