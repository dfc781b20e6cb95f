import type { Config } from '../platform/config/schema.ts';

/** The address the server really listens on (PORT=0 picks one at listen time). */
const listening = new WeakMap<Config, string>();
export const rememberListenUrl = (config: Config, url: string) => listening.set(config, url);

/** Where this server is reached from outside: config.publicUrl, else the listen address. */
export function serverBase(config: Config): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const actual = listening.get(config);
  if (actual) return actual;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}

/** A page's public address: its own host name when it has one, else /status/<slug> here. */
export function pagePublicUrl(config: Config, page: { slug: string; custom_host: string | null }): string {
  const base = serverBase(config);
  if (page.custom_host) return `${new URL(base).protocol}//${page.custom_host}`;
  return `${base}/status/${page.slug}`;
}
