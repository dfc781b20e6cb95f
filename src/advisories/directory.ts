import type { Config } from '../platform/config/schema.ts';
import { csafFileName } from './csaf.ts';

/**
 * Where an org's advisories live, and the CSAF 2.0 directory distribution files (§7.1.11–14,
 * §7.1.20): `<dir>/<year of initial release>/<file>.json`, `<dir>/index.txt`,
 * `<dir>/changes.csv`, and `<dir>/provider-metadata.json` (one provider per org, so the metadata
 * sits in the org's directory rather than /.well-known/csaf/).
 */

/** The external base URL: config.publicUrl, else the listen address (as every module does). */
export function baseUrlOf(config: Pick<Config, 'publicUrl' | 'host' | 'port'>): string {
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return (config.publicUrl ?? `http://${host}:${config.port}`).replace(/\/+$/, '');
}

export const directoryUrl = (base: string, handle: string) => `${base}/advisories/${handle}/`;
/** The stable "latest revision" URL of an advisory. */
export const latestUrl = (base: string, handle: string, trackingId: string) =>
  `${directoryUrl(base, handle)}${csafFileName(trackingId)}`;
export const versionUrl = (base: string, handle: string, trackingId: string, version: number) =>
  `${directoryUrl(base, handle)}${trackingId}/versions/${version}.json`;
/** The publisher namespace: a URL the org controls inside this Swimmy. */
export const namespaceOf = (base: string, handle: string) => `${base}/advisories/${handle}`;

/** Path of a document inside the directory (index.txt, changes.csv lines). */
export const directoryPath = (trackingId: string, initialRelease: Date) =>
  `${initialRelease.getUTCFullYear()}/${csafFileName(trackingId)}`;

export interface ListedAdvisory {
  trackingId: string;
  initialReleaseDate: Date;
  currentReleaseDate: Date;
}

/** §7.1.13: one file path per line. */
export const indexTxt = (items: readonly ListedAdvisory[]) =>
  items.map((a) => `${directoryPath(a.trackingId, a.initialReleaseDate)}\n`).join('');

/** §7.1.14: `"path","current release date"`, newest first. */
export const changesCsv = (items: readonly ListedAdvisory[]) =>
  [...items]
    .sort((a, b) => b.currentReleaseDate.getTime() - a.currentReleaseDate.getTime())
    .map(
      (a) =>
        `"${directoryPath(a.trackingId, a.initialReleaseDate)}","${a.currentReleaseDate.toISOString().replace(/\.\d{3}Z$/, 'Z')}"\n`,
    )
    .join('');

/** §7.1.20 provider metadata, role csaf_provider with the directory distribution. */
export function providerMetadata(base: string, org: { handle: string; name: string }, lastUpdated: Date) {
  const dir = directoryUrl(base, org.handle);
  return {
    canonical_url: `${dir}provider-metadata.json`,
    distributions: [{ directory_url: dir }],
    last_updated: lastUpdated.toISOString(),
    list_on_CSAF_aggregators: true,
    metadata_version: '2.0',
    mirror_on_CSAF_aggregators: true,
    publisher: { category: 'vendor', name: org.name, namespace: namespaceOf(base, org.handle) },
    role: 'csaf_provider',
  };
}
