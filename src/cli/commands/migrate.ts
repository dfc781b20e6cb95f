import { migrate } from '../../platform/db/migrate.ts';
import { openDb } from '../../platform/db/open.ts';
import type { Command } from '../args.ts';
import { configFrom } from '../config.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Apply pending database migrations (also done on every start).',
  usage: 'swimmy migrate [--config FILE]',
  options: {},
  async run(values) {
    const config = configFrom(values);
    const db = await openDb(config);
    try {
      const applied = await migrate(db);
      process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n');
      return 0;
    } finally {
      await db.close();
    }
  },
};
