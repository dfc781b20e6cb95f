import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export type Options = Record<string, { type: 'string' | 'boolean'; short?: string; description: string }>;

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: Options;
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
}

export const COMMON: Options = {
  config: { type: 'string', description: 'JSON config file (also SWIMMY_CONFIG)' },
  help: { type: 'boolean', short: 'h', description: 'Show help for this command' },
};

export function parse(cmd: Command, argv: string[]) {
  const options = { ...COMMON, ...cmd.options };
  try {
    return parseArgs({
      args: argv,
      options: Object.fromEntries(
        Object.entries(options).map(([k, o]) => [
          k,
          { type: o.type, ...(o.short ? { short: o.short } : {}) },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}\n\n${help(cmd)}`);
  }
}

export function help(cmd: Command): string {
  const options = { ...cmd.options, ...COMMON };
  const lines = Object.entries(options).map(([k, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${k}${o.type === 'string' ? ' <value>' : ''}`;
    return `  ${flag.padEnd(32)} ${o.description}`;
  });
  return `${cmd.summary}\n\nUsage: ${cmd.usage}\n\nOptions:\n${lines.join('\n')}`;
}
