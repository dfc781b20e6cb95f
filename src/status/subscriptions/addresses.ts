import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { addressChecker } from '../../notify/index.ts';
import { AppError } from '../../platform/http/errors.ts';

const bad = (m: string) => new AppError('validation_failed', m);

// Local part: RFC 5322 dot-atoms (no quoted strings, no comments); domain: DNS labels and a
// letter TLD. Conservative on purpose: the address goes into an SMTP envelope and a header, so
// nothing that could split or extend either (spaces, CR/LF, <, >, commas) is ever accepted.
const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The address normalised (trimmed, lower case), or null when it is not one we can mail. */
export function normaliseEmail(input: string): string | null {
  const email = input.trim().toLowerCase();
  if (email.length < 3 || email.length > 254) return null;
  const at = email.lastIndexOf('@');
  if (at < 1) return null;
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split('.');
  if (local.length > 64 || !LOCAL.test(local)) return null;
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return null;
  if (!/^[a-z]{2,63}$/.test(labels.at(-1)!) && !/^xn--[a-z0-9-]{1,59}$/.test(labels.at(-1)!)) return null;
  return email;
}

export function requireEmail(input: string): string {
  const email = normaliseEmail(input);
  if (!email)
    throw bad(`"${input.slice(0, 100)}" is not a valid email address; give one like name@example.com.`);
  return email;
}

/**
 * A webhook URL subscribers may register: http(s), no credentials in it, and a host whose every
 * address webhooks may reach (the notify module's SSRF rules plus the configured allow-list).
 * Delivery checks again at connect time, so a name re-pointed later is refused then too.
 */
export async function requireWebhookUrl(input: string, allow: readonly string[]): Promise<string> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw bad('url must be an absolute http(s) URL such as https://hooks.example.com/status.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad('url must use http or https.');
  if (url.username || url.password) throw bad('url must not contain a user name or password.');
  url.hash = '';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const isAllowed = addressChecker({ allow });
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((a) => a.address);
    } catch {
      throw bad(`The host name ${host} does not resolve; check the URL.`);
    }
  }
  const refused = addresses.find((a) => !isAllowed(a));
  if (refused || addresses.length === 0)
    throw bad(
      `url points to ${refused ?? 'no address'}, a private, loopback or reserved address that webhooks may not reach.`,
    );
  return url.toString();
}
