import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { overallStatus } from './model.ts';
import { computeUptime, formatPercent, PARTIAL_WEIGHT } from './uptime.ts';

const DAY = 86_400_000;
const now = new Date('2026-11-22T12:00:00Z');

describe('90-day uptime', () => {
  it('has no data before the component existed and 100 % without outages', () => {
    const u = computeUptime([{ status: 'operational', at: new Date(now.getTime() - 2 * DAY) }], now);
    assert.equal(u.days.length, 90);
    assert.equal(u.days[86]!.worst, null);
    assert.equal(u.days[87]!.worst, 'operational');
    assert.equal(u.days[89]!.date, '2026-11-22');
    assert.equal(u.uptime, 1);
  });

  it('weights a major outage in full and a partial one at 30 %', () => {
    const start = new Date('2026-11-20T00:00:00Z').getTime();
    const u = computeUptime(
      [
        { status: 'operational', at: new Date(start - 10 * DAY) },
        { status: 'major_outage', at: new Date(start + 6 * 3_600_000) },
        { status: 'partial_outage', at: new Date(start + 12 * 3_600_000) },
        { status: 'operational', at: new Date(start + 18 * 3_600_000) },
      ],
      now,
    );
    const day = u.days.find((d) => d.date === '2026-11-20')!;
    assert.equal(day.worst, 'major_outage');
    assert.equal(day.majorS, 6 * 3600);
    assert.equal(day.partialS, 6 * 3600);
    assert.ok(Math.abs(day.uptime! - (1 - (0.25 + 0.25 * PARTIAL_WEIGHT))) < 1e-9);
    assert.equal(formatPercent(day.uptime!), '67.50');
  });

  it('keeps every figure between 0 and 1, and the observed time within the window (property)', () => {
    const statuses = fc.constantFrom(
      'operational',
      'degraded_performance',
      'partial_outage',
      'major_outage',
      'under_maintenance',
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(statuses, fc.integer({ min: 0, max: 120 * DAY })), { maxLength: 30 }),
        (raw) => {
          const changes = raw
            .map(([status, ago]) => ({ status, at: new Date(now.getTime() - ago) }))
            .sort((a, b) => a.at.getTime() - b.at.getTime());
          const u = computeUptime(changes, now);
          let observed = 0;
          for (const d of u.days) {
            assert.ok(d.observedS <= 86_400 + 1e-6);
            if (d.uptime !== null) assert.ok(d.uptime >= 0 && d.uptime <= 1);
            observed += d.observedS;
          }
          if (u.uptime !== null) assert.ok(u.uptime >= 0 && u.uptime <= 1);
          assert.ok(observed <= 90 * 86_400);
        },
      ),
    );
  });
});

describe('overall status', () => {
  const c = (status: string) => ({ status, isGroup: false });
  it('follows the worst component and open incident', () => {
    assert.deepEqual(overallStatus([c('operational')], [], false), {
      indicator: 'none',
      description: 'All Systems Operational',
    });
    assert.deepEqual(overallStatus([c('degraded_performance')], [], false).indicator, 'minor');
    assert.deepEqual(overallStatus([c('partial_outage')], ['minor'], false), {
      indicator: 'major',
      description: 'Partial System Outage',
    });
    assert.deepEqual(overallStatus([c('operational')], ['critical'], false), {
      indicator: 'critical',
      description: 'Major Service Outage',
    });
    assert.deepEqual(overallStatus([c('under_maintenance')], [], false), {
      indicator: 'none',
      description: 'Service Under Maintenance',
    });
    assert.equal(
      overallStatus([{ status: 'major_outage', isGroup: true }], [], false).indicator,
      'none',
      'groups do not count',
    );
  });
});
