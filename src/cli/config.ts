import { loadConfig } from '../platform/config/load.ts';
import type { Config } from '../platform/config/schema.ts';

/** Config from environment + optional --config file; ConfigError bubbles up to main. */
export function configFrom(values: Record<string, unknown>, overrides: Partial<Config> = {}): Config {
  const file = typeof values.config === 'string' ? values.config : undefined;
  return loadConfig({ ...(file ? { file } : {}), overrides });
}
