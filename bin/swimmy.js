#!/usr/bin/env node
// Entry for `npx swimmy`: npm puts the project's pinned Node 24 first on PATH, which runs
// the TypeScript sources directly.
import { main } from '../src/cli/main.ts';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`swimmy: ${err?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
