// Valid datagrams of every protocol that between them use most of what the decoders understand
// (templates, options, variable-length and enterprise fields, withdrawals, VLAN/MPLS/IPv6
// extension headers, counter samples). The fuzz tests damage them; other tests may reuse them.

import {
  buildFrame,
  dataSet,
  encodeIpfix,
  encodeIpfixFlows,
  encodeNetflow5,
  encodeNetflow9,
  encodeNetflow9Flows,
  encodeSflow,
  type FieldSpec,
  ipfixOptionsTemplateSet,
  ipfixTemplateSet,
  ipfixWithdrawalSet,
  sflowCounterSample,
  sflowExtendedGateway,
  sflowFlowSample,
  sflowRawHeaderRecord,
  sflowSampledIpRecord,
  v9OptionsTemplateSet,
  v9TemplateSet,
} from './encode.ts';

const flows = [
  { src: '192.0.2.1', dst: '198.51.100.1', protocol: 17, srcPort: 53, dstPort: 1, packets: 3, bytes: 900 },
  { src: '2001:db8::1', dst: '2001:db8::2', protocol: 6, tcpFlags: 2, packets: 1, bytes: 60 },
  { src: '203.0.113.1', dst: '198.51.100.1', protocol: 1, icmpType: 8 },
];
const varFields: FieldSpec[] = [
  { id: 8, length: 4 },
  { id: 82, length: 65535 },
  { id: 7, length: 65535, enterprise: 1 },
  { id: 2, length: 3 },
];
const optionFields: FieldSpec[] = [
  { id: 302, length: 4 },
  { id: 305, length: 4 },
  { id: 306, length: 4 },
];

export const sampleDatagrams: Record<'v5' | 'v9' | 'ipfix' | 'sflow', Uint8Array[]> = {
  v5: [
    encodeNetflow5(flows.slice(0, 1)),
    encodeNetflow5(Array(30).fill(flows[0]), { samplingInterval: 100 }),
  ],
  v9: [
    encodeNetflow9Flows(flows),
    encodeNetflow9Flows(flows, { templates: false }),
    encodeNetflow9({}, [
      v9OptionsTemplateSet({ id: 300, scope: [{ id: 1, length: 4 }], options: [{ id: 34, length: 4 }] }),
      dataSet(
        300,
        [
          { id: 1, length: 4 },
          { id: 34, length: 4 },
        ],
        [[0, 10]],
        true,
      ),
      v9TemplateSet([
        {
          id: 301,
          fields: [
            { id: 8, length: 4 },
            { id: 48, length: 1 },
          ],
        },
      ]),
      dataSet(
        301,
        [
          { id: 8, length: 4 },
          { id: 48, length: 1 },
        ],
        [['192.0.2.1', 1]],
        true,
      ),
    ]),
  ],
  ipfix: [
    encodeIpfixFlows(flows),
    encodeIpfix({}, [
      ipfixTemplateSet([{ id: 256, fields: varFields }]),
      ipfixOptionsTemplateSet([{ id: 257, scope: optionFields.slice(0, 1), options: optionFields.slice(1) }]),
      dataSet(257, optionFields, [[1, 1, 9]]),
      dataSet(256, varFields, [['192.0.2.1', new Uint8Array(3), new Uint8Array(300), 5]]),
      ipfixWithdrawalSet(2, [300, 2]),
    ]),
  ],
  sflow: [
    encodeSflow({}, [
      sflowFlowSample({
        samplingRate: 10,
        records: [
          sflowRawHeaderRecord(
            buildFrame({ src: '192.0.2.1', dst: '198.51.100.1', protocol: 6, vlans: [5] }),
          ),
          sflowExtendedGateway(1, [2, 3]),
        ],
      }),
      sflowCounterSample(),
      sflowFlowSample({
        samplingRate: 10,
        expanded: true,
        records: [
          sflowRawHeaderRecord(
            buildFrame({
              src: '2001:db8::1',
              dst: '2001:db8::2',
              protocol: 17,
              ipv6Extensions: [0, 60],
              moreFragments: true,
            }),
          ),
          sflowSampledIpRecord({ length: 100, protocol: 17, src: '192.0.2.9', dst: '198.51.100.9' }),
        ],
      }),
    ]),
    encodeSflow({ agent: '2001:db8::5' }, [
      sflowFlowSample({
        samplingRate: 1,
        records: [
          sflowRawHeaderRecord(
            buildFrame({ src: '192.0.2.1', dst: '198.51.100.1', protocol: 17, mpls: [1, 2] }),
          ),
        ],
      }),
    ]),
  ],
};
