// Builds the web console into dist/ui when it is missing or older than its sources; prints one
// line either way. `npm start` and `npm run test:e2e` call it, so nobody serves a stale UI.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const uiDir = join(repo, 'ui');
const outIndex = join(repo, 'dist', 'ui', 'index.html');
const configFile = join(uiDir, 'vite.config.ts');
// What the build reads: the app source, the page, static files and the build config.
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => join(uiDir, p));

function mtime(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

/** The newest modification time under a file or directory (0 when it does not exist). */
function newest(path: string): number {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs; // a deleted file shows as a newer directory
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

export type UiState = 'missing' | 'stale' | 'fresh';

export function uiState(): UiState {
  const built = mtime(outIndex);
  if (built === null) return 'missing';
  return Math.max(...SOURCES.map(newest)) > built ? 'stale' : 'fresh';
}

/** Builds when needed; returns the line it would print. Throws when the build fails. */
export async function ensureUi(options: { force?: boolean } = {}): Promise<string> {
  const state = options.force ? 'forced' : uiState();
  const out = relative(process.cwd(), join(repo, 'dist', 'ui')) || '.';
  if (state === 'fresh') return `ui: ${out} is up to date`;
  const started = performance.now();
  const { build } = await import('vite');
  await build({ configFile, logLevel: 'error' });
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  const why = state === 'missing' ? 'no build yet' : state === 'stale' ? 'sources changed' : 'forced';
  return `ui: built ${out} in ${secs} s (${why})`;
}

if (import.meta.main) {
  try {
    console.log(await ensureUi({ force: process.argv.includes('--force') }));
  } catch (err) {
    console.error(`ui: build failed: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
