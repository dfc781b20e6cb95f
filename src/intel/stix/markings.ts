import type { Tlp } from '../../policy/index.ts';

/**
 * The FIRST TLP 2.0 marking definitions for STIX 2.1, as published with the OASIS TLP 2.0
 * extension (cti-stix-common-objects, extension-definition--60a3c5c5-…): fixed ids and
 * `created`, a property extension carrying `tlp_2_0`. Reproduced exactly so consumers recognise them.
 */
export const TLP_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
const CREATED = '2022-10-01T00:00:00.000Z';

export const TLP_MARKING_IDS: Readonly<Record<Tlp, string>> = {
  CLEAR: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  GREEN: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  AMBER: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'AMBER+STRICT': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  RED: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

export interface MarkingDefinition {
  type: 'marking-definition';
  spec_version: '2.1';
  id: string;
  created: string;
  name: string;
  extensions: Record<string, { extension_type: 'property-extension'; tlp_2_0: string }>;
}

export function tlpMarking(tlp: Tlp): MarkingDefinition {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP_MARKING_IDS[tlp],
    created: CREATED,
    name: `TLP:${tlp}`,
    extensions: { [TLP_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: tlp.toLowerCase() } },
  };
}

/** The label a marking id stands for (for reading back), or null. */
export const tlpOfMarking = (id: string): Tlp | null =>
  (Object.entries(TLP_MARKING_IDS).find(([, v]) => v === id)?.[0] as Tlp | undefined) ?? null;
