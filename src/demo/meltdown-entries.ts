import type { Tlp } from '../policy/index.ts';

/** The structured side of the Meltdown / Spectre case: matrix rows, vendor questions, pinned status. */

export const MELTDOWN_SPACE = {
  name: 'Meltdown / Spectre',
  description:
    'Independent providers coordinating on the speculative execution vulnerabilities of January 2018: findings, fixes and one voice towards the hardware vendors.',
  layers: ['host kernel', 'hypervisor', 'CPU microcode', 'guest images', 'storage', 'network edge'],
} as const;

export const SPECTRE_V1 = 'CVE-2017-5753';
export const SPECTRE_V2 = 'CVE-2017-5715';
export const MELTDOWN = 'CVE-2017-5754';

export const MELTDOWN_CASE = {
  kind: 'vulnerability' as const,
  title: 'Meltdown and Spectre: speculative execution side channels',
  cveIds: [SPECTRE_V1, SPECTRE_V2, MELTDOWN],
  /** The coordinated disclosure date the embargo was set for (it broke on 3 January). */
  embargoAt: '2018-01-09T00:00:00Z',
};

type Rollout = { region: string; state: 'planned' | 'in_progress' | 'completed' | 'paused' };
export interface MatrixSpec {
  by: string;
  layer: string;
  cveId: string;
  status: 'under_investigation' | 'affected' | 'mitigation_in_progress' | 'fixed' | 'not_affected';
  justification?:
    | 'component_not_present'
    | 'vulnerable_code_not_present'
    | 'vulnerable_code_not_in_execute_path'
    | 'vulnerable_code_cannot_be_controlled_by_adversary'
    | 'inline_mitigations_already_exist';
  rollout?: Rollout[];
  statement: string;
  tlp: Tlp;
  toOrgs?: readonly string[];
}

const regions = (names: string[], state: Rollout['state'], done = 0): Rollout[] =>
  names.map((region, i) => ({ region, state: i < done ? 'completed' : state }));

const kernel = (by: string, names: string[], done: number, statement: string): MatrixSpec => ({
  by,
  layer: 'host kernel',
  cveId: MELTDOWN,
  status: done === names.length ? 'fixed' : 'mitigation_in_progress',
  rollout: regions(names, 'in_progress', done),
  statement,
  tlp: 'GREEN',
});

const edgeNotAffected = (by: string): MatrixSpec => ({
  by,
  layer: 'network edge',
  cveId: SPECTRE_V1,
  status: 'not_affected',
  justification: 'vulnerable_code_cannot_be_controlled_by_adversary',
  statement: 'Edge routers and load balancers run no customer code.',
  tlp: 'GREEN',
});

export const DAY_ONE_MATRIX: readonly MatrixSpec[] = [
  kernel('hugo@scaleway', ['par1', 'ams1'], 1, 'KPTI host kernels; AMS1 reboots tonight.'),
  {
    by: 'hugo@scaleway',
    layer: 'CPU microcode',
    cveId: SPECTRE_V2,
    status: 'mitigation_in_progress',
    rollout: [
      { region: 'par1', state: 'in_progress' },
      { region: 'ams1', state: 'planned' },
    ],
    statement: 'OEM microcode with IBRS/IBPB being deployed.',
    tlp: 'GREEN',
  },
  {
    by: 'lea@scaleway',
    layer: 'storage',
    cveId: MELTDOWN,
    status: 'not_affected',
    justification: 'vulnerable_code_cannot_be_controlled_by_adversary',
    statement: 'Block storage nodes run no tenant code.',
    tlp: 'GREEN',
  },
  edgeNotAffected('lea@scaleway'),
  kernel('sophie@ovh', ['gra', 'rbx', 'bhs', 'sbg'], 2, 'KPTI backport on 4.9 hosts.'),
  {
    by: 'sophie@ovh',
    layer: 'hypervisor',
    cveId: SPECTRE_V2,
    status: 'affected',
    statement: 'Waiting for microcode before the KVM IBRS patches help.',
    tlp: 'AMBER+STRICT',
    toOrgs: ['ovh', 'scaleway'],
  },
  {
    by: 'ravi@packet',
    layer: 'guest images',
    cveId: MELTDOWN,
    status: 'fixed',
    rollout: regions(['ewr1', 'sjc1', 'ams1'], 'completed', 3),
    statement: 'All stock images rebuilt with patched kernels.',
    tlp: 'GREEN',
  },
  {
    by: 'ravi@packet',
    layer: 'host kernel',
    cveId: MELTDOWN,
    status: 'not_affected',
    justification: 'component_not_present',
    statement: 'Bare metal: there is no host kernel between the customer and the CPU.',
    tlp: 'GREEN',
  },
  kernel('sam@digitalocean', ['nyc1', 'sfo2', 'ams3', 'fra1', 'sgp1'], 1, 'Hypervisor reboots in waves.'),
  {
    by: 'lina@vultr',
    layer: 'CPU microcode',
    cveId: SPECTRE_V2,
    status: 'under_investigation',
    statement: 'No microcode from our OEM yet.',
    tlp: 'GREEN',
  },
  kernel('lina@vultr', ['ewr', 'lax', 'fra'], 0, 'Kernels built, rollout starts tomorrow.'),
  {
    by: 'owen@linode',
    layer: 'hypervisor',
    cveId: MELTDOWN,
    status: 'mitigation_in_progress',
    rollout: regions(['newark', 'fremont', 'london'], 'in_progress', 1),
    statement: 'XSA-254: PV guests move into the PVH shim.',
    tlp: 'GREEN',
  },
  edgeNotAffected('owen@linode'),
];

export const DAY_TWO_MATRIX: readonly MatrixSpec[] = [
  {
    // Intel withdrew the microcode: the row changes again (its history shows all three).
    by: 'hugo@scaleway',
    layer: 'CPU microcode',
    cveId: SPECTRE_V2,
    status: 'affected',
    rollout: [
      { region: 'par1', state: 'paused' },
      { region: 'ams1', state: 'paused' },
    ],
    statement: 'Microcode rollout paused after Intel withdrew the update.',
    tlp: 'GREEN',
  },
  kernel('hugo@scaleway', ['par1', 'ams1'], 2, 'KPTI host kernels everywhere.'),
  kernel('anna@exoscale', ['ch-gva-2', 'ch-dk-2', 'de-fra-1'], 1, 'KVM hosts with KPTI.'),
  {
    by: 'alex@prgmr',
    layer: 'hypervisor',
    cveId: MELTDOWN,
    status: 'affected',
    rollout: [{ region: 'sf', state: 'planned' }],
    statement: 'Xen PV everywhere; shim rollout planned.',
    tlp: 'GREEN',
  },
  kernel('chris@nexcess', ['us-mi', 'us-az'], 0, 'Patched KVM host kernels tonight.'),
  {
    by: 'chris@nexcess',
    layer: 'guest images',
    cveId: SPECTRE_V1,
    status: 'under_investigation',
    statement: 'Checking which shared-hosting images need rebuilt PHP and kernels.',
    tlp: 'AMBER+STRICT',
    toOrgs: ['nexcess'],
  },
];

export interface QuestionSpec {
  key: string;
  by: string;
  vendor: string;
  body: string;
  votes: readonly string[];
  answer?: { by: string; body: string; sources: string[] };
  status?: 'answered' | 'partially_answered';
}

export const QUESTIONS: readonly QuestionSpec[] = [
  {
    key: 'intel-microcode',
    by: 'camille@scaleway',
    vendor: 'Intel',
    body: 'When will microcode with IBRS/IBPB for Haswell, Broadwell and Skylake server parts reach providers without a direct OEM channel, and which revisions are safe to deploy?',
    votes: ['julien@ovh', 'maya@packet', 'nora@digitalocean', 'ethan@vultr', 'grace@linode'],
    answer: {
      by: 'hugo@scaleway',
      body: 'Intel now asks everyone to stop deploying the current microcode because of reboots on Broadwell and Haswell; fixed revisions are in testing, no date yet.',
      sources: [
        'https://newsroom.intel.com/news/root-cause-of-reboot-issue-identified-updated-guidance-for-customers-and-partners/',
      ],
    },
    status: 'partially_answered',
  },
  {
    key: 'xen-shim',
    by: 'owen@linode',
    vendor: 'Xen Project security team',
    body: 'For XSA-254, will the PVH shim be part of a Xen release, and is there a mitigation for 32-bit PV guests besides moving them into the shim?',
    votes: ['julien@ovh', 'lukas@exoscale'],
    answer: {
      by: 'owen@linode',
      body: 'The shim ships with Xen 4.10.1 and the stable branches; 32-bit PV guests stay exposed to SP3 until they run inside the shim or as HVM.',
      sources: ['XSA-254', 'https://xenbits.xen.org/xsa/advisory-254.html'],
    },
    status: 'answered',
  },
];

/** The pinned "current status", written three times (its history keeps every revision). */
export const STATUS_DAY_ONE = [
  'Embargo broke on 3 January. Collecting KPTI status per org; no vendor guidance on microcode yet.',
  'KPTI host kernels rolling out at most orgs. Xen XSA-254 shims in test at Linode. Microcode trickling in from OEMs; see the Intel question.',
];
export const STATUS_DAY_TWO =
  'Exoscale, prgmr.com and Nexcess joined. Intel withdrew the microcode: rollouts paused everywhere. Host kernels: fixed at Scaleway, in progress elsewhere.';
