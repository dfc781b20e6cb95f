import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseIp } from '../../flows/address.ts';
import { KEY_WORDS, KeyIndex } from './key-index.ts';
import { type Cidr, PrefixTable, parseCidr } from './prefixes.ts';

test('property: KeyIndex behaves like a Map under inserts and removals (backward-shift deletion)', () => {
  const op = fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 3 }));
  fc.assert(
    fc.property(fc.array(op, { maxLength: 2000 }), (ops) => {
      const index = new KeyIndex(16, 1 << 20, () => {});
      const model = new Map<string, number>();
      const words = new Uint32Array(KEY_WORDS);
      for (const [insert, address, meta] of ops) {
        words.set([0, 0, 0xffff, address * 2654435761]);
        const key = `${words[3]}/${meta}`;
        if (insert) {
          const row = index.insert(words, 0, meta);
          if (model.has(key)) assert.equal(row, model.get(key));
          model.set(key, row);
        } else if (model.has(key)) {
          index.remove(model.get(key)!);
          model.delete(key);
        }
        assert.equal(index.count, model.size);
      }
      for (const [key, row] of model) {
        const [address, meta] = key.split('/').map(Number);
        words.set([0, 0, 0xffff, address!]);
        assert.equal(index.find(words, 0, meta!), row);
      }
      assert.equal(new Set(model.values()).size, model.size, 'rows are unique');
    }),
    { numRuns: 200 },
  );
});

test('KeyIndex refuses rows beyond maxRows instead of growing without bound', () => {
  const index = new KeyIndex(16, 100, () => {});
  const words = new Uint32Array(4);
  let refused = 0;
  for (let i = 0; i < 150; i++) {
    words[3] = i;
    if (index.insert(words, 0, 0) < 0) refused++;
  }
  assert.equal(index.count, 100);
  assert.equal(refused, 50);
});

test('parseCidr normalises and rejects', () => {
  assert.equal(parseCidr('198.51.100.77/24')?.text, '198.51.100.0/24');
  assert.equal(parseCidr('2001:db8::1/32')?.text, '2001:db8::/32');
  assert.equal(parseCidr('10.0.0.0/33'), null);
  assert.equal(parseCidr('10.0.0.0'), null);
  assert.equal(parseCidr('nope/8'), null);
});

test('property: longest-prefix match equals a linear scan (IPv4 and IPv6)', () => {
  const v4 = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }));
  const v6 = fc.tuple(
    fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }),
    fc.integer({ min: 0, max: 128 }),
  );
  const v4text = ([a, l]: [number, number]) =>
    `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}/${l}`;
  const v6text = ([g, l]: [number[], number]) => `${g.map((x) => x.toString(16)).join(':')}/${l}`;
  const contains = (c: Cidr, words: ArrayLike<number>) => {
    const bits = c.version === 4 ? c.length + 96 : c.length;
    for (let b = 0; b < bits; b++) {
      const w = b >>> 5;
      const mask = 1 << (31 - (b & 31));
      if (((words[w]! & mask) !== 0) !== ((c.words[w]! & mask) !== 0)) return false;
    }
    return true;
  };
  fc.assert(
    fc.property(
      fc.array(fc.oneof(v4.map(v4text), v6.map(v6text)), { maxLength: 40 }),
      fc.array(
        fc.oneof(
          v4.map(([a]) => v4text([a, 32]).split('/')[0]!),
          v6.map(([g]) => g.map((x) => x.toString(16)).join(':')),
        ),
        { minLength: 1, maxLength: 40 },
      ),
      (prefixes, addresses) => {
        const table = new PrefixTable();
        for (const p of prefixes) table.add(parseCidr(p)!);
        for (const text of addresses) {
          const ip = parseIp(text)!;
          const words = Uint32Array.from(ip.words);
          let best = -1;
          table.cidrs.forEach((c, i) => {
            if (
              c.version === ip.version &&
              contains(c, words) &&
              (best < 0 || c.length > table.cidrs[best]!.length)
            )
              best = i;
          });
          assert.equal(table.lookup(words, 0), best, text);
        }
      },
    ),
    { numRuns: 300 },
  );
});
