import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { normaliseEmail } from './addresses.ts';
import { FORM_TTL_MS, formTokenValid, readLink, signForm, signLink, TTL_MS } from './tokens.ts';

const key = randomBytes(32);

describe('subscription links and form tokens', () => {
  it('round-trips a link for its purpose only, until it expires', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.constantFrom('confirm' as const, 'unsubscribe' as const), (id, purpose) => {
        const now = Date.now();
        const token = signLink(key, purpose, id, now);
        assert.equal(readLink(key, purpose, token, now), id);
        const other = purpose === 'confirm' ? 'unsubscribe' : 'confirm';
        assert.equal(readLink(key, other, token, now), null, 'a confirm link never unsubscribes, and back');
        assert.equal(readLink(key, purpose, token, now + TTL_MS[purpose] + 1000), 'expired');
        assert.equal(readLink(randomBytes(32), purpose, token, now), null, 'another deployment’s key');
      }),
    );
  });

  it('refuses any tampered or arbitrary token', () => {
    const token = signLink(key, 'unsubscribe', randomUUID());
    fc.assert(
      fc.property(
        fc.nat({ max: 49 }),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
        (i, c) => {
          fc.pre(token[i] !== c);
          const tampered = token.slice(0, i) + c + token.slice(i + 1);
          // The last character carries 2 spare bits in base64url: a change there may decode the same.
          if (i < 49) assert.equal(readLink(key, 'unsubscribe', tampered), null);
        },
      ),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => assert.equal(readLink(key, 'confirm', s), null)),
    );
  });

  it('accepts a form token for its page within two hours', () => {
    const now = Date.now();
    const token = signForm(key, 'page1', now);
    assert.ok(formTokenValid(key, 'page1', token, now + 1000));
    assert.ok(!formTokenValid(key, 'page2', token, now + 1000), 'another page');
    assert.ok(!formTokenValid(key, 'page1', token, now + FORM_TTL_MS + 1000), 'too old');
    fc.assert(fc.property(fc.anything(), (x) => assert.equal(formTokenValid(key, 'page1', x, now), false)));
  });
});

describe('email addresses', () => {
  it('accepts ordinary addresses, lower-cased and trimmed', () => {
    assert.equal(normaliseEmail('  Ann.Lee+status@Example.COM '), 'ann.lee+status@example.com');
    fc.assert(
      fc.property(fc.emailAddress(), (e) => {
        const n = normaliseEmail(e);
        // fast-check also makes addresses with single-label or numeric TLDs; the rest must pass.
        const tld = e.split('.').at(-1)!.toLowerCase();
        if (/^[a-z]{2,63}$/.test(tld) && e.length <= 254 && e.split('@')[0]!.length <= 64)
          assert.equal(n, e.toLowerCase());
      }),
    );
  });

  it('never accepts what could break out of an SMTP envelope or header', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (s) => {
        const n = normaliseEmail(s);
        if (n !== null) assert.doesNotMatch(n, /[\s<>,;:"()\\[\]]/);
      }),
    );
    for (const bad of [
      'a@b',
      '@example.com',
      'a@@example.com',
      'a..b@example.com',
      'a@example.com\nBcc: x@y.z',
      'a@-x.com',
    ])
      assert.equal(normaliseEmail(bad), null, bad);
  });
});
