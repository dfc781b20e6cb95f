import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call } from '../../../test/helpers/app.ts';
import { must } from '../../spaces/testing.ts';
import { eventually } from '../testing.ts';
import {
  formToken,
  linkIn,
  postForm,
  type SubscriptionWorld,
  signUp,
  submitForm,
  subscriptionWorld,
} from './testing.ts';

describe('email subscriptions: double opt-in, per component, one-click unsubscribe', () => {
  let w: SubscriptionWorld;
  let compute: string;
  let storage: string;
  let hookPath = '';
  /** A confirmed webhook on every component: once it has an update, the fan-out for it is done. */
  const fannedOut = (incidentName: string, number: number) =>
    eventually(
      async () =>
        w.sink.at(hookPath).some((h) => {
          const inc = JSON.parse(h.body).data.payload.incident;
          return inc.name === incidentName && inc.incident_updates.length >= number;
        }),
      `fan-out of ${incidentName} #${number}`,
    );
  const deliveriesOf = async (email: string) => {
    const subs = await must(w.t, w.owner, 'GET', `${w.base}/subscribers`);
    const sub = subs.items.find((x: { address: string }) => x.address === email);
    assert.ok(sub, `${email} is a subscriber`);
    return (await must(w.t, w.owner, 'GET', `${w.base}/subscribers/${sub.id}/deliveries`)).items;
  };
  const openIncident = (name: string, components: Record<string, string>) =>
    must(w.t, w.owner, 'POST', `${w.base}/incidents`, { name, body: `${name}: investigating.`, components });

  before(async () => {
    w = await subscriptionWorld();
    compute = (await must(w.t, w.owner, 'POST', `${w.base}/components`, { name: 'Compute par1' })).id;
    storage = (await must(w.t, w.owner, 'POST', `${w.base}/components`, { name: 'Block storage par1' })).id;
    hookPath = '/barrier';
    await must(
      w.t,
      w.owner,
      'POST',
      `${w.base}/subscribers`,
      { kind: 'webhook', url: w.sink.url(hookPath) },
      201,
    );
  });
  after(() => w?.close());

  it('serves a form that works without JavaScript, with feeds linked', async () => {
    const res = await call(w.t.app, { url: '/status/acme/subscribe' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.doesNotMatch(res.body, /<script/i);
    assert.match(res.body, /<form class="subscribe" method="post" action="\/status\/acme\/subscribe">/);
    assert.match(res.body, new RegExp(`name="component" value="${compute}"> Compute par1`));
    assert.match(res.body, /href="\/status\/acme\/history.atom"/);
    assert.match(res.body, /href="\/status\/acme\/history.rss"/);
    assert.equal((await call(w.t.app, { url: '/status/nope/subscribe' })).statusCode, 404);
    const home = await call(w.t.app, { url: '/status/acme' });
    assert.match(home.body, /href="\/status\/acme\/subscribe"/, 'the public page links the form');
  });

  it('refuses invalid addresses with 400 and a clear message, forged or cross-site posts with 403', async () => {
    const token = await formToken(w.t);
    for (const bad of [
      'not-an-address',
      'a@b',
      'x@example.com\r\nBcc: evil@example.com',
      'a b@example.com',
    ]) {
      const res = await submitForm(w.t, [
        ['token', token],
        ['email', bad],
      ]);
      assert.equal(res.statusCode, 400, bad);
      assert.match(res.body, /is not a valid email address/);
    }
    const none = await submitForm(w.t, [
      ['token', token],
      ['email', 'x@example.com'],
      ['scope', 'some'],
    ]);
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /Choose at least one component/);
    const forged = await submitForm(w.t, [
      ['token', 'A'.repeat(27)],
      ['email', 'x@example.com'],
    ]);
    assert.equal(forged.statusCode, 403);
    const cross = await submitForm(
      w.t,
      [
        ['token', token],
        ['email', 'x@example.com'],
      ],
      {
        'sec-fetch-site': 'cross-site',
      },
    );
    assert.equal(cross.statusCode, 403);
    const otherOrigin = await submitForm(
      w.t,
      [
        ['token', token],
        ['email', 'x@example.com'],
      ],
      {
        origin: 'https://evil.example',
      },
    );
    assert.equal(otherOrigin.statusCode, 403);
    assert.equal(w.smtp.to('x@example.com').length, 0, 'nothing was sent for refused forms');
    // Browsers send "Origin: null" under a no-referrer policy: the signed token is what counts.
    const hidden = await submitForm(
      w.t,
      [
        ['token', token],
        ['email', 'y@example.com'],
      ],
      {
        origin: 'null',
        'sec-fetch-site': 'same-origin',
      },
    );
    assert.equal(hidden.statusCode, 200);
  });

  it('sends nothing but the confirmation before the link is used; then updates with List-Unsubscribe', async () => {
    const confirm = await signUp(w, 'ann@example.com');
    const name = 'Before confirmation';
    await openIncident(name, { [compute]: 'degraded_performance' });
    await fannedOut(name, 1);
    assert.equal(w.smtp.to('ann@example.com').length, 1, 'only the confirmation email');

    const page = await call(w.t.app, { url: confirm });
    assert.equal(page.statusCode, 200, 'GET only shows the button (link scanners confirm nothing)');
    assert.match(page.body, /Confirm subscription<\/button>/);
    const done = await postForm(w.t, confirm);
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /Subscription confirmed/);

    const inc = await openIncident('After confirmation', { [storage]: 'partial_outage' });
    const mail = await eventually(
      async () => w.smtp.to('ann@example.com').find((m) => m.text.includes('After confirmation')),
      'the update email',
    );
    assert.match(mail.text, /After confirmation: investigating\./);
    assert.match(mail.text, /Update #1/);
    assert.match(
      mail.text,
      /List-Unsubscribe:\s+<http:\/\/swimmy\.test\/status\/acme\/unsubscribe\/[A-Za-z0-9_-]{50}>/,
    );
    assert.match(mail.text, /List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
    assert.match(mail.text, new RegExp(`/status/acme/incidents/${inc.id}`));

    // RFC 8058 one-click: a POST to the header's URL, no page visited.
    const unsubscribe = linkIn(mail, 'unsubscribe');
    const res = await postForm(w.t, unsubscribe, 'List-Unsubscribe=One-Click');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Unsubscribed/);
    await openIncident('After unsubscribing', {});
    await fannedOut('After unsubscribing', 1);
    assert.ok(!w.smtp.to('ann@example.com').some((m) => m.text.includes('After unsubscribing')));
    assert.equal((await postForm(w.t, unsubscribe)).statusCode, 404, 'the link names nothing any more');
  });

  it('answers an address already subscribed exactly like a new one, and mails it nothing new', async () => {
    const confirm = await signUp(w, 'bob@example.com');
    await postForm(w.t, confirm);
    const before = w.smtp.to('bob@example.com').length;
    const answers = [];
    for (const email of ['bob@example.com', 'new@example.com']) {
      const res = await submitForm(w.t, [
        ['token', await formToken(w.t)],
        ['email', email],
      ]);
      answers.push({ status: res.statusCode, body: res.body.replaceAll(email, '<address>') });
    }
    assert.deepEqual(answers[0], answers[1]);
    assert.match(answers[0]!.body, /Check your inbox/);
    await eventually(async () => w.smtp.to('new@example.com').length === 1, 'the new confirmation');
    // A pending address asking again within ten minutes gets no second email either.
    await submitForm(w.t, [
      ['token', await formToken(w.t)],
      ['email', 'NEW@example.com '],
    ]);
    assert.equal((await deliveriesOf('new@example.com')).length, 1, 'one confirmation queued');
    await openIncident('Barrier for repeats', {});
    await eventually(
      async () => w.smtp.to('bob@example.com').some((m) => m.text.includes('Barrier for repeats')),
      'bob hears of the next incident',
    );
    assert.equal(w.smtp.to('bob@example.com').length, before + 1, 'bob got that incident only');
    assert.equal((await deliveriesOf('new@example.com')).length, 1, 'nothing for the pending address');
  });

  it('delivers only incidents touching the components a subscriber chose', async () => {
    const confirm = await signUp(w, 'carol@example.com', [storage]);
    await postForm(w.t, confirm);
    await openIncident('Compute only', { [compute]: 'major_outage' });
    await openIncident('Storage too', { [storage]: 'degraded_performance' });
    await fannedOut('Storage too', 1);
    await eventually(
      async () => w.smtp.to('carol@example.com').some((m) => m.text.includes('Storage too')),
      'the storage incident',
    );
    await fannedOut('Compute only', 1);
    assert.ok(!w.smtp.to('carol@example.com').some((m) => m.text.includes('Compute only')));
    // The mail reaches the SMTP sink a moment before its delivery row is marked delivered.
    await eventually(async () => {
      const log = await deliveriesOf('carol@example.com');
      return log.length === 2 && log.every((d: { status: string }) => d.status === 'delivered');
    }, 'the confirmation and the storage incident, both delivered');
    assert.equal((await deliveriesOf('carol@example.com')).length, 2);
  });

  it('answers forged and malformed links with 404 and changes nothing', async () => {
    const forged = `/status/acme/subscribe/confirm/${'A'.repeat(50)}`;
    assert.equal((await postForm(w.t, forged)).statusCode, 404);
    assert.equal((await postForm(w.t, '/status/acme/unsubscribe/short')).statusCode, 404);
    const subs = await must(w.t, w.owner, 'GET', `${w.base}/subscribers`);
    assert.ok(subs.counts.email.confirmed >= 2);
  });

  it('limits sign-ups per client address', async () => {
    const token = await formToken(w.t);
    let limited = 0;
    for (let i = 0; i < 25; i++) {
      const res = await submitForm(w.t, [
        ['token', token],
        ['email', 'not valid'],
      ]);
      if (res.statusCode === 429) limited++;
    }
    assert.ok(limited > 0, 'some sign-ups were refused with 429');
  });
});
