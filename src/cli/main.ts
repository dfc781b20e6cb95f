#!/usr/bin/env node
import { ConfigError } from '../platform/config/load.ts';
import { AppError } from '../platform/http/errors.ts';
import { StartupError } from '../platform/platform.ts';
import { type Command, help, parse, UsageError } from './args.ts';
import { adminCommand } from './commands/admin.ts';
import { collectCommand } from './commands/collect.ts';
import { configCommand } from './commands/config.ts';
import { demoCommand } from './commands/demo.ts';
import { migrateCommand } from './commands/migrate.ts';
import { serveCommand, startCommand, workCommand } from './commands/run.ts';
import { simulateCommand } from './commands/simulate.ts';

export const COMMANDS: Command[] = [
  startCommand,
  serveCommand,
  workCommand,
  collectCommand,
  migrateCommand,
  adminCommand,
  configCommand,
  simulateCommand,
  demoCommand,
];

const usage = () =>
  `swimmy — detect, escalate, coordinate and inform.\n\nUsage: swimmy <command> [options]\n\nCommands:\n${COMMANDS.map(
    (c) => `  ${c.name.padEnd(10)} ${c.summary}`,
  ).join('\n')}\n\nRun "swimmy <command> --help" for a command's options.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    process.stderr.write(`swimmy: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  try {
    const { values, positionals } = parse(cmd, rest);
    if (values.help) {
      process.stdout.write(`${help(cmd)}\n`);
      return 0;
    }
    return await cmd.run(values, positionals);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`swimmy ${cmd.name}: ${err.message}\n`);
      return 2;
    }
    if (err instanceof ConfigError || err instanceof StartupError || err instanceof AppError) {
      process.stderr.write(`swimmy ${cmd.name}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`swimmy: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
