/**
 * Realistic records for the import tests, written for this project in the shapes cve.org
 * (CVE Record Format 5.1) and osv.dev publish. Texts are paraphrased, not copied.
 */

/** Meltdown, as a CNA would publish it in CVE JSON 5. */
export const MELTDOWN_CVE = {
  dataType: 'CVE_RECORD',
  dataVersion: '5.1',
  cveMetadata: {
    cveId: 'CVE-2017-5754',
    assignerOrgId: '6dda929c-bb53-4a77-a76d-48e79601a1ce',
    assignerShortName: 'intel',
    state: 'PUBLISHED',
    dateReserved: '2017-02-01T00:00:00.000Z',
    datePublished: '2018-01-04T13:00:00.000Z',
    dateUpdated: '2018-09-10T09:57:01.000Z',
  },
  containers: {
    cna: {
      providerMetadata: { orgId: '6dda929c-bb53-4a77-a76d-48e79601a1ce', shortName: 'intel' },
      title: 'Rogue data cache load (Meltdown)',
      affected: [
        {
          vendor: 'Intel Corporation',
          product: 'Microprocessors with Speculative Execution',
          versions: [{ version: 'All', status: 'affected' }],
          defaultStatus: 'unknown',
        },
        {
          vendor: 'Linux',
          product: 'Linux kernel',
          versions: [{ version: '0', lessThan: '4.15', status: 'affected', versionType: 'semver' }],
        },
      ],
      descriptions: [
        {
          lang: 'en',
          value:
            'Systems with microprocessors utilizing speculative execution and indirect branch prediction may allow unauthorized disclosure of information to an attacker with local user access via a side-channel analysis of the data cache.',
        },
        { lang: 'fr', value: 'Divulgation d’informations par canal auxiliaire du cache de données.' },
      ],
      problemTypes: [
        {
          descriptions: [{ lang: 'en', type: 'CWE', cweId: 'CWE-200', description: 'Information exposure' }],
        },
      ],
      references: [
        { url: 'https://meltdownattack.com/', name: 'Meltdown and Spectre' },
        {
          url: 'https://www.intel.com/content/www/us/en/security-center/advisory/intel-sa-00088.html',
          name: 'INTEL-SA-00088',
          tags: ['vendor-advisory'],
        },
        { url: 'https://xenbits.xen.org/xsa/advisory-254.html', tags: ['third-party-advisory'] },
        { url: 'https://usn.ubuntu.com/usn/usn-3540-1', name: 'USN-3540-1', tags: ['vendor-advisory'] },
      ],
      metrics: [
        {
          format: 'CVSS',
          scenarios: [{ lang: 'en', value: 'GENERAL' }],
          cvssV3_1: {
            version: '3.1',
            baseScore: 5.6,
            baseSeverity: 'MEDIUM',
            vectorString: 'CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:C/C:H/I:N/A:N',
          },
        },
      ],
    },
    adp: [{ providerMetadata: { orgId: 'af854a3a-2127-422b-91ae-364da2661108', shortName: 'CVE' } }],
  },
};

/** A Go advisory in OSV with a CVE alias, ranges, severity and references of several types. */
export const OSV_WITH_ALIASES = {
  schema_version: '1.6.0',
  id: 'GO-2023-1571',
  modified: '2023-11-08T04:02:47Z',
  published: '2023-02-16T22:18:03Z',
  aliases: ['CVE-2022-41723', 'GHSA-vvpx-j8f3-3w6h'],
  summary: 'Denial of service via crafted HTTP/2 stream in net/http and golang.org/x/net',
  details:
    'A maliciously crafted HTTP/2 stream could cause excessive CPU consumption in the HPACK decoder, sufficient to cause a denial of service from a small number of small requests. Contact @security for questions.',
  affected: [
    {
      package: { name: 'stdlib', ecosystem: 'Go' },
      ranges: [
        {
          type: 'SEMVER',
          events: [{ introduced: '0' }, { fixed: '1.19.6' }, { introduced: '1.20.0-0' }, { fixed: '1.20.1' }],
        },
      ],
      ecosystem_specific: { imports: [{ path: 'net/http', symbols: ['ListenAndServe'] }] },
    },
    {
      package: { name: 'golang.org/x/net', ecosystem: 'Go', purl: 'pkg:golang/golang.org/x/net' },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '0.7.0' }] }],
      versions: ['0.1.0', '0.2.0'],
    },
  ],
  references: [
    { type: 'REPORT', url: 'https://go.dev/issue/57855' },
    { type: 'FIX', url: 'https://go.dev/cl/468135' },
    { type: 'WEB', url: 'https://groups.google.com/g/golang-announce/c/V0aBFqaFs_E' },
  ],
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }],
  database_specific: { url: 'https://pkg.go.dev/vuln/GO-2023-1571' },
};
