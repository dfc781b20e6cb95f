import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { escapeText, foldLine, formatUtc, renderCalendar, unfold } from './ical.ts';
import { finalSpans, type Override, onCallAt } from './resolve.ts';
import { handoffs, type Layer, shiftAt, shiftsBetween } from './rotation.ts';
import { isValidTimeZone, localParts, offsetMs, zonedToUtc } from './zone.ts';

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'America/St_Johns',
  'Pacific/Chatham',
];
const pad = (n: number) => String(n).padStart(2, '0');

const layerArb = fc.record({
  name: fc.constant('L'),
  rotation: fc.constantFrom('daily', 'weekly', 'custom') as fc.Arbitrary<Layer['rotation']>,
  shiftHours: fc.integer({ min: 1, max: 24 * 14 }),
  handoffTime: fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${pad(h)}:${pad(m)}`),
  startDate: fc
    .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  members: fc.array(fc.constantFrom('u1', 'u2', 'u3', 'u4'), { minLength: 1, maxLength: 5 }),
});
const tzArb = fc.constantFrom(...ZONES);

describe('rotation math', () => {
  test('at any instant after the start exactly one member of a layer is on call', () => {
    fc.assert(
      fc.property(layerArb, tzArb, fc.integer({ min: 0, max: 400 * 86_400_000 }), (layer, tz, offset) => {
        const t = handoffs(layer, tz)(0) + offset;
        const s = shiftAt(layer, tz, t);
        assert.ok(s, 'someone is on call');
        assert.ok(s.start <= t && t < s.end, `shift ${s.start}..${s.end} covers ${t}`);
        assert.equal(s.userId, layer.members[s.index % layer.members.length]);
        const around = shiftsBetween(layer, tz, t, t + 1);
        assert.equal(around.length, 1);
        assert.deepEqual(around[0], s);
      }),
      { numRuns: 300 },
    );
  });

  test('shifts are contiguous and take turns in member order', () => {
    fc.assert(
      fc.property(layerArb, tzArb, fc.integer({ min: 0, max: 60 }), (layer, tz, days) => {
        const from = handoffs(layer, tz)(0) + days * 86_400_000;
        const shifts = shiftsBetween(layer, tz, from, from + 30 * 86_400_000);
        assert.ok(shifts.length >= 1);
        for (let i = 1; i < shifts.length; i++) {
          assert.equal(shifts[i - 1]!.end, shifts[i]!.start);
          assert.equal(shifts[i]!.index, shifts[i - 1]!.index + 1);
          assert.ok(shifts[i]!.end > shifts[i]!.start);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('daily and weekly handoffs happen at the configured local time, across DST changes', () => {
    fc.assert(
      fc.property(layerArb, tzArb, fc.integer({ min: 0, max: 120 }), (layer, tz, k) => {
        if (layer.rotation === 'custom') return;
        const at = handoffs(layer, tz)(k);
        const l = localParts(tz, at);
        const shown = `${pad(l.hour)}:${pad(l.minute)}`;
        if (shown !== layer.handoffTime) {
          // Only when that wall time does not exist that day (a DST gap): the offset changes nearby.
          assert.notEqual(
            offsetMs(tz, at - 3 * 3_600_000),
            offsetMs(tz, at + 3 * 3_600_000),
            `${tz} ${shown}`,
          );
        }
      }),
      { numRuns: 500 },
    );
  });

  test('known DST examples in Europe/Berlin', () => {
    const layer: Layer = {
      name: 'L',
      rotation: 'daily',
      handoffTime: '09:00',
      startDate: '2024-03-29',
      members: ['a', 'b'],
    };
    const at = handoffs(layer, 'Europe/Berlin');
    assert.equal(new Date(at(0)).toISOString(), '2024-03-29T08:00:00.000Z');
    assert.equal(new Date(at(3)).toISOString(), '2024-04-01T07:00:00.000Z');
    // 02:30 does not exist on 2024-03-31: it moves forward to 03:30 CEST.
    assert.equal(
      new Date(zonedToUtc('Europe/Berlin', 2024, 3, 31, 2, 30)).toISOString(),
      '2024-03-31T01:30:00.000Z',
    );
    // 02:30 happens twice on 2024-10-27: the earlier one (CEST).
    assert.equal(
      new Date(zonedToUtc('Europe/Berlin', 2024, 10, 27, 2, 30)).toISOString(),
      '2024-10-27T00:30:00.000Z',
    );
    // A 12-hour custom rotation counts real hours, so its local time shifts with DST.
    const custom: Layer = { ...layer, rotation: 'custom', shiftHours: 12 };
    assert.equal(new Date(handoffs(custom, 'Europe/Berlin')(6)).toISOString(), '2024-04-01T08:00:00.000Z');
  });

  test('time zone validation', () => {
    for (const tz of ['UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires'])
      assert.ok(isValidTimeZone(tz), tz);
    for (const tz of ['Mars/Olympus', '+01:00', 'europe berlin', '', 'Europe/../etc'])
      assert.ok(!isValidTimeZone(tz), tz);
  });
});

describe('final schedule', () => {
  const overrideArb = fc.array(
    fc.record({
      id: fc.uuid(),
      userId: fc.constantFrom('o1', 'o2'),
      start: fc.integer({ min: 0, max: 20 * 86_400_000 }),
      len: fc.integer({ min: 60_000, max: 3 * 86_400_000 }),
      createdAt: fc.integer(),
    }),
    { maxLength: 4 },
  );
  test('final spans never overlap and agree with onCallAt everywhere', () => {
    fc.assert(
      fc.property(
        fc.array(layerArb, { minLength: 1, maxLength: 3 }),
        tzArb,
        overrideArb,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 }),
        (layers, tz, raw, samples) => {
          const base = Math.min(...layers.map((l) => handoffs(l, tz)(0)));
          const s = { timeZone: tz, layers };
          const overrides: Override[] = raw.map((o) => ({
            id: o.id,
            userId: o.userId,
            start: base + o.start,
            end: base + o.start + o.len,
            createdAt: o.createdAt,
          }));
          const from = base - 86_400_000;
          const to = base + 21 * 86_400_000;
          const spans = finalSpans(s, overrides, from, to);
          for (let i = 1; i < spans.length; i++) assert.ok(spans[i - 1]!.end <= spans[i]!.start);
          for (const x of samples) {
            const t = Math.floor(from + x * (to - from - 1));
            const who = onCallAt(s, overrides, t);
            const span = spans.find((sp) => sp.start <= t && t < sp.end);
            assert.equal(span?.userId, who?.userId, `at ${t}`);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('iCalendar', () => {
  test('folding keeps lines within 75 octets, never splits a character, and unfolds back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => {
        const line = `SUMMARY:${escapeText(s)}`;
        const folded = foldLine(line);
        for (const physical of folded.split('\r\n')) {
          assert.ok(Buffer.byteLength(physical) <= 75, `${Buffer.byteLength(physical)} octets`);
          assert.equal(Buffer.from(physical, 'utf8').toString('utf8'), physical, 'no split character');
        }
        assert.equal(unfold(folded), line);
      }),
    );
  });

  test('escaping round-trips and leaves no bare separators or newlines', () => {
    const unesc = (v: string) =>
      v.replace(/\\(n|N|\\|;|,)/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }).map((s) => s.replace(/\r\n?/g, '\n')),
        (s) => {
          const e = escapeText(s);
          assert.ok(!/[\r\n]/.test(e));
          assert.ok(!/(^|[^\\])(\\\\)*[;,]/.test(e), e);
          assert.equal(unesc(e), s);
        },
      ),
    );
  });

  test('a calendar is CRLF-terminated with UTC times and stable UIDs', () => {
    const text = renderCalendar({
      name: 'Primary, network; on-call',
      stamp: Date.UTC(2024, 0, 1),
      events: [
        {
          uid: 'abc@swimmy',
          start: Date.UTC(2024, 0, 1, 9),
          end: Date.UTC(2024, 0, 2, 9),
          summary: 'On call: Ann, "NOC"',
        },
      ],
    });
    assert.ok(text.endsWith('END:VCALENDAR\r\n'));
    assert.ok(!/[^\r]\n/.test(text), 'only CRLF line ends');
    assert.match(text, /\r\nDTSTART:20240101T090000Z\r\n/);
    assert.match(text, /\r\nX-WR-CALNAME:Primary\\, network\\; on-call\r\n/);
    assert.equal(formatUtc(Date.UTC(2024, 11, 31, 23, 59, 58)), '20241231T235958Z');
  });
});
