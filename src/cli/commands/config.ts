import { maskedConfig } from '../../platform/config/load.ts';
import { ENV_NAMES } from '../../platform/config/schema.ts';
import type { Command } from '../args.ts';
import { configFrom } from '../config.ts';

export const configCommand: Command = {
  name: 'config',
  summary: 'Check the configuration and print the effective values (secrets masked).',
  usage: 'swimmy config check [--config FILE] [--json]',
  options: { json: { type: 'boolean', description: 'Print JSON' } },
  async run(values, positionals) {
    if (positionals[0] !== 'check') throw new Error('usage: swimmy config check');
    const masked = maskedConfig(configFrom(values));
    if (values.json) {
      process.stdout.write(`${JSON.stringify(masked, null, 2)}\n`);
      return 0;
    }
    process.stdout.write('Configuration is valid. Effective values:\n');
    for (const [key, env] of Object.entries(ENV_NAMES)) {
      const v = masked[key];
      process.stdout.write(
        `  ${key.padEnd(18)} ${env.padEnd(26)} ${v === undefined ? '(unset)' : JSON.stringify(v)}\n`,
      );
    }
    return 0;
  },
};
