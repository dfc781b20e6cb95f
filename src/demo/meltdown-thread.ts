import type { Tlp } from '../policy/index.ts';

/**
 * What the engineers write in the Meltdown / Spectre case, as data: the story runs it through
 * the cases services, and the demo test derives from it who must see what. People are named
 * `local@handle` (see cast.ts); AMBER+STRICT goes to org handles, RED to people (the author is
 * always a reader of their own RED post).
 */
export interface ThreadPost {
  key: string;
  by: string;
  tlp: Tlp;
  toOrgs?: readonly string[];
  toPeople?: readonly string[];
  replyTo?: string;
  body: string;
}

export const DAY_ONE_POSTS: readonly ThreadPost[] = [
  {
    key: 'opening',
    by: 'camille@scaleway',
    tlp: 'GREEN',
    body: 'Opening this space because CVE-2017-5753, CVE-2017-5715 and CVE-2017-5754 are public and none of us had a vendor briefing. Welcome @ovh @packet @digitalocean @vultr @linode.\n\nGREEN is for the whole group, AMBER+STRICT for named orgs, RED for named people. Please fill in your rows in the matrix per layer and CVE.',
  },
  {
    key: 'kpti-upstream',
    by: 'hugo@scaleway',
    tlp: 'GREEN',
    body: 'KPTI (page table isolation) is in 4.14.11 and 4.15-rc. Backports to 4.4 and 4.9 are in the stable queues. On hosts **without PCID** we measure 5–30 % overhead on syscall-heavy loads; with PCID it is mostly under 5 %.',
  },
  {
    key: 'kpti-ovh',
    by: 'sophie@ovh',
    tlp: 'GREEN',
    replyTo: 'kpti-upstream',
    body: 'Same numbers here on Haswell. We are rebuilding our host kernels on 4.9 with the backport and running them on one rack per region first.',
  },
  {
    key: 'bare-metal',
    by: 'ravi@packet',
    tlp: 'GREEN',
    body: 'Bare metal: we cannot patch customer kernels. We are refreshing every stock image and will publish a customer advisory pointing at the distro kernels as they land.',
  },
  {
    key: 'do-order',
    by: 'sam@digitalocean',
    tlp: 'AMBER+STRICT',
    toOrgs: ['scaleway', 'ovh'],
    body: 'Our hypervisor reboot order, for the two of you only: NYC1 and AMS3 tonight, then SFO2 and FRA1. We are live-migrating what we can; the rest gets a 30-minute window.',
  },
  {
    key: 'microcode-none',
    by: 'lina@vultr',
    tlp: 'GREEN',
    body: 'Has anyone received microcode with IBRS/IBPB for Skylake-SP? Our OEM has nothing to give us yet.',
  },
  {
    key: 'microcode-red',
    by: 'camille@scaleway',
    tlp: 'RED',
    toPeople: ['hugo@scaleway', 'julien@ovh', 'nora@digitalocean'],
    body: 'Heard privately from a board vendor: the first Broadwell/Haswell microcode drops may cause spontaneous reboots. Not public; please do not forward. Hold microcode on production hosts until we know more.',
  },
  {
    key: 'xsa-254',
    by: 'owen@linode',
    tlp: 'GREEN',
    body: 'Xen XSA-254 is out. PV guests can read host memory with SP3 (Meltdown); HVM and PVH guests are not affected by SP3. The PV-in-PVH / PV-in-HVM shims (Comet, Vixen) are the stopgap until a real fix.',
  },
  {
    key: 'ovh-regions',
    by: 'julien@ovh',
    tlp: 'AMBER+STRICT',
    toOrgs: ['ovh', 'scaleway'],
    body: 'Between us: GRA and RBX are fully on KPTI hosts; BHS finishes tomorrow; SBG waits for a storage firmware fix before reboots.',
  },
  {
    key: 'public-update',
    by: 'lea@scaleway',
    tlp: 'CLEAR',
    body: 'Our public customer update #1 is out; feel free to link it from yours: https://status.scaleway.example/meltdown-update-1',
  },
  {
    key: 'ask-intel',
    by: 'camille@scaleway',
    tlp: 'GREEN',
    replyTo: 'microcode-none',
    body: 'Nobody has it. Let us press Intel with one voice: I opened a vendor question, please vote for it.',
  },
];

export const DAY_TWO_POSTS: readonly ThreadPost[] = [
  {
    key: 'welcome',
    by: 'camille@scaleway',
    tlp: 'GREEN',
    body: 'Welcome @exoscale @prgmr @nexcess. The GREEN history of the last day is above; the matrix shows where everyone stands.',
  },
  {
    key: 'nexcess-intro',
    by: 'chris@nexcess',
    tlp: 'GREEN',
    body: 'Thanks. Shared hosting on KVM for us; patched host kernels go out tonight, region by region.',
  },
  {
    key: 'nexcess-kvm',
    by: 'hugo@scaleway',
    tlp: 'AMBER+STRICT',
    toOrgs: ['nexcess'],
    body: '@chris@nexcess our KVM host settings for the retpoline kernels, shared with Nexcess only: `spectre_v2=retpoline`, `pti=on`, and we keep `nopcid` off.',
  },
  {
    key: 'prgmr-pv',
    by: 'alex@prgmr',
    tlp: 'GREEN',
    body: 'We are all Xen PV. We will move guests into the PVH shim this week; anyone who did it already, please share how it went.',
  },
  {
    key: 'exoscale-red',
    by: 'lukas@exoscale',
    tlp: 'RED',
    toPeople: ['camille@scaleway', 'chris@nexcess'],
    body: 'One of our large customers runs a public benchmark against all of us tomorrow. Be ready for questions; do not forward.',
  },
  {
    key: 'intel-withdraws',
    by: 'hugo@scaleway',
    tlp: 'GREEN',
    body: 'Intel now says to stop deploying the current microcode (reboots on Broadwell and Haswell). We paused our rollout; the matrix rows are updated.',
  },
  {
    key: 'linode-amber',
    by: 'grace@linode',
    tlp: 'AMBER+STRICT',
    toOrgs: ['prgmr', 'exoscale'],
    body: 'For prgmr.com and Exoscale, who run Xen like us: our shim rollout runbook and the guest kernel versions we saw break.',
  },
];
