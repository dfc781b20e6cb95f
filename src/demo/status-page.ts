import type { Platform } from '../platform/platform.ts';
import type { Principal } from '../policy/index.ts';
import { createComponent } from '../status/components.ts';
import { createIncident, postUpdate } from '../status/incidents.ts';
import { putPage } from '../status/pages.ts';

/**
 * Scaleway's public status page in the demo, through the status module's services: components
 * per region and the Meltdown incident told in seven numbered updates, in the spirit of the
 * public updates providers posted in January 2018 (region by region reboots onto patched host
 * kernels, hypervisor patches, microcode). Everything here is public, TLP:CLEAR.
 */

export const STATUS_SLUG = 'scaleway';
export const MELTDOWN_INCIDENT = 'Meltdown and Spectre: security reboots of all instances';
const REGIONS = [
  { code: 'PAR1', name: 'Paris (PAR1)' },
  { code: 'AMS1', name: 'Amsterdam (AMS1)' },
];
const SERVICES = ['Instances', 'Block storage', 'Network'];

type Status = 'investigating' | 'identified' | 'monitoring' | 'resolved';
interface UpdateSpec {
  status: Status;
  body: string;
  /** "PAR1 Instances" → new status. */
  components?: Record<string, string>;
}

export const MELTDOWN_UPDATES: readonly UpdateSpec[] = [
  {
    status: 'investigating',
    body: 'Researchers have disclosed three CPU vulnerabilities (CVE-2017-5753, CVE-2017-5715 and CVE-2017-5754, "Meltdown" and "Spectre"). They may let a program read memory it should not, including across virtual machines on the same host. We are assessing the impact on our hypervisors and host kernels with other cloud providers. No action is needed from you yet.',
  },
  {
    status: 'identified',
    body: 'Our hosts are affected. Patched host kernels (KPTI) and hypervisor updates are being tested. Protecting you requires rebooting every host: we will reboot region by region and post the schedule here before each wave. Instances will be stopped and started again; plan for a few minutes of downtime.',
  },
  {
    status: 'identified',
    body: 'Reboots have started in Paris. Instances in PAR1 are restarted host by host onto the patched kernel; each restart takes about five minutes. Block storage volumes stay attached.',
    components: { 'PAR1 Instances': 'under_maintenance' },
  },
  {
    status: 'identified',
    body: 'Paris is done: every PAR1 host runs the patched kernel. Amsterdam reboots have started with the same procedure. We are also updating the hypervisor (Xen XSA-254 and KVM fixes) as we go.',
    components: { 'PAR1 Instances': 'operational', 'AMS1 Instances': 'under_maintenance' },
  },
  {
    status: 'monitoring',
    body: 'All hosts in PAR1 and AMS1 are patched and rebooted. Please also update the kernel inside your own instances: our updated images and bootscripts are available, and the Console shows which instances still boot an old kernel.',
    components: { 'AMS1 Instances': 'operational' },
  },
  {
    status: 'monitoring',
    body: 'Intel has withdrawn the microcode update it published for some processors after reports of unexpected reboots. We have not deployed it and will not until a stable version is released; the kernel mitigations already in place remain active.',
  },
  {
    status: 'resolved',
    body: 'Every host in every region runs patched kernels and hypervisors. Remaining Spectre variant 2 mitigations (retpoline kernels, new microcode) will be scheduled as separate maintenance. Thank you for your patience.',
  },
];

export async function loadStatusPage(p: Platform, owner: Principal, orgId: string) {
  await putPage(p, owner, orgId, {
    slug: STATUS_SLUG,
    name: 'Scaleway',
    published: true,
    timeZone: 'Europe/Paris',
  });
  const ids = new Map<string, string>();
  let position = 0;
  for (const region of REGIONS) {
    const group = await createComponent(p, owner, orgId, {
      name: region.name,
      isGroup: true,
      position: position++,
    });
    for (const service of SERVICES) {
      const c = await createComponent(p, owner, orgId, {
        name: `${service} ${region.code}`,
        groupId: group.id,
        position: position++,
      });
      ids.set(`${region.code} ${service}`, c.id);
    }
  }
  await createComponent(p, owner, orgId, { name: 'Console & API', position: position++ });
  const components = (u: UpdateSpec) =>
    Object.fromEntries(Object.entries(u.components ?? {}).map(([name, status]) => [ids.get(name)!, status]));
  const [first, ...rest] = MELTDOWN_UPDATES;
  const incident = await createIncident(p, owner, orgId, {
    name: MELTDOWN_INCIDENT,
    body: first!.body,
    status: first!.status,
    impact: 'minor',
  });
  for (const u of rest)
    await postUpdate(p, owner, orgId, incident.id, {
      status: u.status,
      body: u.body,
      components: components(u),
    });
  return { incidentId: incident.id };
}
