import { CopyBlock } from '../../components/CopyBlock.tsx';

const origin = () => window.location.origin;

export function pagerDutyExample(key: string): string {
  return `curl -sS -X POST ${origin()}/api/v1/intake/pagerduty/v2/enqueue \\
  -H 'content-type: application/json' \\
  -d '{
    "routing_key": "${key}",
    "event_action": "trigger",
    "dedup_key": "edge-router-1/bgp-down",
    "payload": {
      "summary": "BGP session to AS64500 down on edge-router-1",
      "source": "edge-router-1",
      "severity": "critical"
    }
  }'
# Later, with the same dedup_key: "event_action": "acknowledge" or "resolve".`;
}

export function alertmanagerExample(key: string): string {
  return `# alertmanager.yml
route:
  receiver: swimmy
receivers:
  - name: swimmy
    webhook_configs:
      - url: ${origin()}/api/v1/intake/alertmanager/${key}
        send_resolved: true`;
}

/** Copy-paste configuration for the integration's kind, with the key filled in when known. */
export function IntegrationExamples({ kind, keyText }: { kind: string; keyText?: string }) {
  const key = keyText ?? '<integration key>';
  if (kind === 'alertmanager') {
    return (
      <CopyBlock
        label="Prometheus Alertmanager: add this receiver (one incident per alert group)"
        text={alertmanagerExample(key)}
      />
    );
  }
  return (
    <CopyBlock
      label="PagerDuty Events API v2: any tool that speaks it, or curl"
      text={pagerDutyExample(key)}
    />
  );
}
