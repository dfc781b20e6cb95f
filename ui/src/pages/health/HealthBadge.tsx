import type { Health } from '../../api-health.ts';

const LABEL: Record<Health, string> = {
  available: 'Available',
  degraded: 'Degraded',
  unavailable: 'Unavailable',
  unknown: 'Unknown',
};

/** The health state as a coloured pill; the word carries the meaning, not only the colour. */
export function HealthBadge({ health }: { health: Health }) {
  return <span className={`health-badge health-${health}`}>{LABEL[health]}</span>;
}
