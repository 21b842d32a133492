import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { formBody } from '../../test/office.ts';
import { createUser, setPassword } from './store.ts';
import { defaultThrottleLimits, refusalDetail, SIGN_IN_WINDOW_MS, signInThrottle, throttleFor } from './throttle.ts';

const minute = 60_000;

for (const kind of await databaseKinds()) {
  describe(`sign-in throttle on ${kind}`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(kind);
    });
    after(() => t.drop());

    // Each test works in windows of its own, later than the previous test's: recording a failure
    // forgets earlier windows, and tests must not forget each other's counts.
    let nextEpoch = Math.floor(Date.now() / SIGN_IN_WINDOW_MS) + 10;
    const freshWindowStart = () => (nextEpoch += 10) * SIGN_IN_WINDOW_MS;
    const throttle = () => signInThrottle(t.handle, 'unit-test-secret');

    async function fail(times: number, email: string, ip: string, now: number, limiter = throttle()) {
      for (let i = 0; i < times; i++) await limiter.attempt(email, ip, now);
    }

    test('a network over its limit is refused before any account is counted: a flood adds one row, the note of the refusal', async () => {
      const now = freshWindowStart() + 1000;
      const limiter = signInThrottle(t.handle, 'unit-test-secret', { perAccount: 5, perNetwork: 3 });
      for (let i = 0; i < 3; i++) await limiter.attempt(`spray${i}@example.org`, '192.0.2.200', now);
      const rows = async () =>
        Number(
          (
            await t.handle.db
              .selectFrom('signInFailures')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await rows();
      const first = await limiter.attempt('spray3@example.org', '192.0.2.200', now);
      assert.deepEqual([first.blocked, first.reason, first.firstRefusal], [true, 'network', true], 'the first refusal is reported as such');
      for (let i = 4; i < 40; i++) {
        const state = await limiter.attempt(`spray${i}@example.org`, '192.0.2.200', now);
        assert.deepEqual([state.blocked, state.reason, state.firstRefusal], [true, 'network', false]);
      }
      assert.equal(await rows(), before + 1, 'blocked attempts at new accounts add no rows but the one noting the refusal');
      assert.equal((await limiter.check('spray39@example.org', '192.0.2.201', now)).blocked, false, 'the account was never counted');
    });

    test('"forgotten password" requests have counts of their own: they never lock the owner out of signing in', async () => {
      const now = freshWindowStart() + 1000;
      const limiter = throttle();
      for (let i = 0; i < 12; i++) await limiter.attempt('owner@example.org', '203.0.113.77', now, 'reset');
      assert.equal((await limiter.check('owner@example.org', '203.0.113.77', now, 'reset')).blocked, true, 'reset requests are limited');
      assert.equal((await limiter.check('owner@example.org', '198.51.100.1', now)).blocked, false, 'signing in is not');
      assert.equal((await limiter.check('owner@example.org', '203.0.113.77', now)).blocked, false, 'not even from the same network');
    });

    test('an account is blocked after five failures in a window, with the time left in the window', async () => {
      const start = freshWindowStart();
      const now = start + 100_000;
      const limiter = throttle();
      await fail(4, 'target@example.org', '192.0.2.1', now, limiter);
      assert.equal((await limiter.check('target@example.org', '192.0.2.1', now)).blocked, false, 'four failures are allowed');
      await fail(1, 'target@example.org', '192.0.2.1', now, limiter);
      const state = await limiter.check('target@example.org', '192.0.2.1', now);
      assert.equal(state.blocked, true);
      assert.equal(state.retryAfterSeconds, (SIGN_IN_WINDOW_MS - 100_000) / 1000);
      assert.equal(defaultThrottleLimits.perAccount, 5);
    });

    test('an account’s failures from one network refuse that network, not a network with no failures at it', async () => {
      const now = freshWindowStart() + minute;
      const limiter = throttle();
      await fail(5, 'hunted@example.org', '192.0.2.10', now, limiter);
      assert.equal((await limiter.check('hunted@example.org', '192.0.2.10', now)).blocked, true, 'the attacker’s network is refused');
      const elsewhere = await limiter.attempt('hunted@example.org', '198.51.100.7', now);
      assert.equal(elsewhere.blocked, false, 'the same account from a network with no failures gets its try');
      await limiter.succeeded('hunted@example.org', '198.51.100.7', now);
      const again = await limiter.attempt('hunted@example.org', '192.0.2.10', now);
      assert.deepEqual([again.blocked, again.reason], [true, 'account'], 'the owner signing in elsewhere does not let the attacker back in');
      assert.equal((await limiter.check('bystander@example.org', '198.51.100.7', now)).blocked, false, 'another account, another network');
      assert.equal((await limiter.check('bystander@example.org', '192.0.2.10', now)).blocked, false, 'another account, the same network (6 < 30)');
    });

    test('once an account has had five failures, a network that has failed at it is refused; one that has not still gets its try', async () => {
      const now = freshWindowStart() + minute;
      const limiter = throttle();
      await fail(5, 'besieged@example.org', '192.0.2.30', now, limiter);
      // The owner, elsewhere, mistypes once: that network has now failed at the account too.
      assert.equal((await limiter.attempt('besieged@example.org', '198.51.100.30', now)).blocked, false);
      const second = await limiter.attempt('besieged@example.org', '198.51.100.30', now);
      assert.deepEqual([second.blocked, second.reason], [true, 'account']);
      // Each further network gets one try, so an attacker spread over many networks gains one guess per network.
      for (let i = 1; i <= 3; i++) {
        assert.equal((await limiter.attempt('besieged@example.org', `203.0.113.${i}`, now)).blocked, false, `network ${i}, first try`);
        assert.equal((await limiter.attempt('besieged@example.org', `203.0.113.${i}`, now)).blocked, true, `network ${i}, second try`);
      }
    });

    test('for the account rule, the /64s inside one IPv6 /48 are one network: a /48 gets no more guesses than one address', async () => {
      const now = freshWindowStart() + minute;
      const limiter = signInThrottle(t.handle, 'unit-test-secret', { perAccount: 5, perNetwork: 1000 });
      for (let i = 1; i <= 5; i++) assert.equal((await limiter.attempt('sliced@example.org', `2001:db8:aa:${i}::1`, now)).blocked, false, `/64 number ${i}`);
      for (const ip of ['2001:db8:aa:6::1', '2001:db8:aa:ffff:1:2:3:4', '2001:db8:aa::9']) {
        const state = await limiter.attempt('sliced@example.org', ip, now);
        assert.deepEqual([state.blocked, state.reason], [true, 'account'], `${ip}, another /64 of the same /48`);
      }
      assert.equal((await limiter.attempt('sliced@example.org', '2001:db8:ab::1', now)).blocked, false, 'another /48 still gets its one try');
    });

    test('past the ceiling of failures at an account a fresh network is refused, while a network its owner signed in from gets in', async () => {
      const now = freshWindowStart() + minute;
      const limiter = signInThrottle(t.handle, 'unit-test-secret', { perAccount: 5, accountCeiling: 12 });
      const owner = await createUser(t.handle, { email: 'ceiling@example.org', role: 'author' });
      await limiter.succeeded(owner.email, '198.51.100.77', now - SIGN_IN_WINDOW_MS);
      // An attacker spread over many networks: one guess from each, until the account has had 12 failures.
      for (let i = 1; i <= 12; i++) assert.equal((await limiter.attempt(owner.email, `203.0.${i}.1`, now)).blocked, false, `network ${i}`);
      const fresh = await limiter.attempt(owner.email, '203.0.200.1', now);
      assert.deepEqual([fresh.blocked, fresh.reason], [true, 'ceiling'], 'a network with no failures, past the ceiling');
      assert.match(refusalDetail(fresh)!, /at this account from every network/);
      assert.equal((await limiter.check(owner.email, '2001:db8:cc::1', now)).blocked, true, 'nor a fresh IPv6 network');
      const usual = await limiter.check(owner.email, '198.51.100.77', now);
      assert.equal(usual.blocked, false, 'the owner’s usual network');
      assert.equal((await limiter.attempt(owner.email, '198.51.100.77', now)).blocked, false);
      assert.equal(defaultThrottleLimits.accountCeiling, 50);
    });

    test('the networks an account signed in from are kept as keyed hashes with their last use, and go with the account', async () => {
      const now = freshWindowStart() + minute;
      const limiter = throttle();
      const owner = await createUser(t.handle, { email: 'remembered@example.org', role: 'author' });
      await limiter.succeeded(owner.email, '2001:db8:dd:1::5', now);
      await limiter.succeeded(owner.email, '2001:db8:dd:2::6', now + minute);
      const rows = await t.handle.db.selectFrom('signInNetworks').selectAll().where('userId', '=', owner.id).execute();
      assert.equal(rows.length, 1, 'one /48, one row');
      assert.doesNotMatch(JSON.stringify(rows), /2001|db8|dd/);
      assert.equal(new Date(rows[0]!.lastUsedAt).getTime(), now + minute);
      await t.handle.db.deleteFrom('users').where('id', '=', owner.id).execute();
      assert.equal((await t.handle.db.selectFrom('signInNetworks').selectAll().where('userId', '=', owner.id).execute()).length, 0);
    });

    test('accounts are the same whatever the case or surrounding spaces of the e-mail', async () => {
      const now = freshWindowStart() + minute;
      const limiter = throttle();
      await fail(3, 'Mixed.Case@Example.org', '192.0.2.20', now, limiter);
      await fail(2, '  mixed.case@example.ORG ', '192.0.2.21', now, limiter);
      // Five failures in all make the account refuse both networks that failed at it: one account, not three.
      assert.equal((await limiter.check('mixed.case@example.org', '192.0.2.21', now)).blocked, true);
      assert.equal((await limiter.check('MIXED.case@example.org', '192.0.2.20', now)).blocked, true);
    });

    test('thirty failures from one network block it for every account, and only it', async () => {
      const now = freshWindowStart() + minute;
      const limiter = throttle();
      for (let i = 0; i < 29; i++) await limiter.attempt(`guess${i}@example.org`, '203.0.113.5', now);
      assert.equal((await limiter.check('anyone@example.org', '203.0.113.5', now)).blocked, false, '29 failures are allowed');
      await limiter.attempt('guess29@example.org', '203.0.113.5', now);
      assert.equal((await limiter.check('anyone@example.org', '203.0.113.5', now)).blocked, true);
      assert.equal((await limiter.check('guess0@example.org', '203.0.113.6', now)).blocked, false, 'another network is unaffected');
      assert.equal(defaultThrottleLimits.perNetwork, 30);
    });

    test('an IPv6 network counts as its /64, and an IPv4-mapped address as the IPv4 one', async () => {
      const now = freshWindowStart() + minute;
      const limiter = signInThrottle(t.handle, 'unit-test-secret', { perAccount: 100, perNetwork: 3 });
      await limiter.attempt('a@example.org', '2001:db8:1:2::1', now);
      await limiter.attempt('b@example.org', '2001:db8:1:2:ffff::9', now);
      await limiter.attempt('c@example.org', '2001:db8:1:2:abcd:0:0:1', now);
      assert.equal((await limiter.check('d@example.org', '2001:db8:1:2::77', now)).blocked, true, 'the same /64');
      assert.equal((await limiter.check('d@example.org', '2001:db8:1:3::1', now)).blocked, false, 'the next /64');

      await fail(3, 'e@example.org', '::ffff:198.51.100.200', now, limiter);
      assert.equal((await limiter.check('f@example.org', '198.51.100.200', now)).blocked, true);
    });

    test('a successful sign-in forgives its own network’s failures at the account, not the network’s count', async () => {
      const now = freshWindowStart() + minute;
      const limiter = signInThrottle(t.handle, 'unit-test-secret', { perAccount: 5, perNetwork: 9 });
      await fail(5, 'forgetful@example.org', '192.0.2.50', now, limiter);
      assert.equal((await limiter.check('forgetful@example.org', '192.0.2.50', now)).blocked, true);
      await limiter.succeeded('Forgetful@Example.org', '192.0.2.50', now);
      assert.equal((await limiter.check('forgetful@example.org', '192.0.2.50', now)).blocked, false, 'the account is forgiven from this network');
      await fail(5, 'forgetful@example.org', '192.0.2.50', now, limiter);
      assert.equal((await limiter.check('forgetful@example.org', '192.0.2.50', now)).blocked, true, 'counting starts again');
      assert.equal((await limiter.check('someone.else@example.org', '192.0.2.50', now)).blocked, true, '4 + 5 attempts from the network still count');
    });

    test('windows roll over: last window’s failures no longer count, and are deleted', async () => {
      const start = freshWindowStart();
      const limiter = throttle();
      await fail(5, 'patient@example.org', '192.0.2.60', start + SIGN_IN_WINDOW_MS - 1, limiter);
      assert.equal((await limiter.check('patient@example.org', '192.0.2.60', start + SIGN_IN_WINDOW_MS - 1)).blocked, true);
      const nextWindow = start + SIGN_IN_WINDOW_MS;
      const state = await limiter.check('patient@example.org', '192.0.2.60', nextWindow);
      assert.equal(state.blocked, false);
      assert.equal(state.retryAfterSeconds, SIGN_IN_WINDOW_MS / 1000);
      await limiter.attempt('patient@example.org', '192.0.2.60', nextWindow);
      const windows = await t.handle.db.selectFrom('signInFailures').select('windowStart').distinct().execute();
      assert.deepEqual(
        windows.map((w) => Number(w.windowStart)),
        [nextWindow / SIGN_IN_WINDOW_MS],
        'earlier windows are gone',
      );
    });

    test('the table keeps keyed hashes: no e-mail address or network is stored', async () => {
      const now = freshWindowStart() + minute;
      await fail(1, 'private.person@example.org', '192.0.2.99', now);
      const rows = await t.handle.db.selectFrom('signInFailures').selectAll().execute();
      assert.ok(rows.length >= 2);
      const stored = JSON.stringify(rows);
      for (const secret of ['private.person', 'example.org', '192.0.2.99']) assert.ok(!stored.includes(secret), secret);
      for (const row of rows) assert.match(row.key, /^(account|network|pair|refused-network):[0-9a-f]{40}$/);
      // Another installation's secret makes other keys, so counts cannot be matched across sites.
      const elsewhere = signInThrottle(t.handle, 'another-secret');
      assert.equal((await elsewhere.check('private.person@example.org', '192.0.2.99', now)).blocked, false);
    });

    test('hostile and odd input is counted like any other, never an error', async () => {
      const now = freshWindowStart() + minute;
      const limiter = throttle();
      for (const email of ["'; DROP TABLE sign_in_failures; --", '<script>alert(1)</script>', 'ключ@пример.рф', '', 'x'.repeat(5000)]) {
        await fail(5, email, 'not an address', now, limiter);
        assert.equal((await limiter.check(email, 'not an address', now)).blocked, true, email.slice(0, 40));
      }
    });
  });

  describe(`sign-in throttling over HTTP on ${kind}`, () => {
    let t: TestApp;
    const password = 'correct horse battery staple';
    let people = 0;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    async function newPerson() {
      const user = await createUser(t.db.handle, { email: `throttled${++people}@rostrum.test`, role: 'author', name: 'Throttled' });
      await setPassword(t.db.handle, user.id, password);
      return user.email;
    }

    const signIn = (email: string, pass: string, ip: string) =>
      t.app.inject({
        method: 'POST',
        url: '/admin/login',
        remoteAddress: ip,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ email, password: pass, next: '/admin' }),
      });

    /**
     * Counts live in fixed 15-minute windows of the real clock; on the rare run that straddles a window's
     * end, the counting starts afresh mid-test, so the test runs once more (with a fresh account).
     */
    async function inOneWindow(run: () => Promise<void>) {
      const window = () => Math.floor(Date.now() / SIGN_IN_WINDOW_MS);
      const started = window();
      try {
        await run();
      } catch (err) {
        if (window() === started) throw err;
        await run();
      }
    }

    test('after five failures the sixth attempt is refused with 429 and Retry-After, even with the right password', () =>
      inOneWindow(async () => {
        const email = await newPerson();
        for (let i = 0; i < 5; i++) assert.equal((await signIn(email, `wrong guess ${i}`, `10.20.${people}.1`)).statusCode, 401);
        const refused = await signIn(email, password, `10.20.${people}.1`);
        assert.equal(refused.statusCode, 429);
        const retryAfter = Number(refused.headers['retry-after']);
        assert.ok(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= SIGN_IN_WINDOW_MS / 1000, `Retry-After ${refused.headers['retry-after']}`);
        assert.match(refused.body, /Too many failed sign-ins at this account from your network\. Try again in \d+ minutes?/);
        assert.equal(refused.headers['set-cookie'], undefined, 'no session');
        assert.equal((await signIn(email, password, '10.99.0.1')).statusCode, 303, 'the right password from a network with no failures signs in');

        const other = await newPerson();
        const fine = await signIn(other, password, `10.20.${people}.2`);
        assert.equal(fine.statusCode, 303, 'another account from another network signs in');
      }));

    test('thirty failures from one network block that network for every account', () =>
      inOneWindow(async () => {
        const email = await newPerson();
        const network = `10.30.${people}.1`;
        for (let i = 0; i < 30; i++) assert.equal((await signIn(`nobody${i}@rostrum.test`, 'wrong password', network)).statusCode, 401, `failure ${i + 1}`);
        assert.equal((await signIn(email, password, network)).statusCode, 429, 'the blocked network');
        assert.equal((await signIn(email, password, `10.31.${people}.1`)).statusCode, 303, 'the same account from elsewhere');
      }));

    test('a successful sign-in clears the account’s count', async () => {
      const email = await newPerson();
      for (let i = 0; i < 4; i++) assert.equal((await signIn(email, 'wrong password', '10.40.0.1')).statusCode, 401);
      assert.equal((await signIn(email, password, '10.40.0.1')).statusCode, 303);
      for (let i = 0; i < 4; i++) assert.equal((await signIn(email, 'wrong password', '10.40.0.1')).statusCode, 401, 'counting starts again');
      assert.equal((await signIn(email, password, '10.40.0.1')).statusCode, 303);
    });

    test('guesses sent all at once from one network get no more than five tries at an account', async () => {
      const email = await newPerson();
      const answers = await Promise.all(Array.from({ length: 15 }, (_, i) => signIn(email, `parallel guess ${i}`, '10.50.0.1')));
      const statuses = answers.map((a) => a.statusCode);
      const checked = statuses.filter((s) => s === 401).length;
      assert.ok(
        statuses.every((s) => s === 401 || s === 429),
        statuses.join(','),
      );
      assert.ok(checked <= 5, `${checked} of 15 simultaneous guesses had their password checked: ${statuses.join(',')}`);
    });

    test('an attacker exhausting an account from network A does not keep its owner out from network B; A stays refused, and the refusals are in the audit log', () =>
      inOneWindow(async () => {
        const email = await newPerson();
        const attacker = `10.60.${people}.1`;
        for (let i = 0; i < 5; i++) assert.equal((await signIn(email, `guess ${i}`, attacker)).statusCode, 401);
        for (let i = 0; i < 3; i++) assert.equal((await signIn(email, `more ${i}`, attacker)).statusCode, 429, 'the attacker is refused');
        assert.equal((await signIn(email, password, attacker)).statusCode, 429, 'even with the right password, from the attacker’s network');
        const owner = await signIn(email, password, `10.61.${people}.1`);
        assert.equal(owner.statusCode, 303, 'the owner signs in from another network');
        assert.equal((await signIn(email, 'one more guess', attacker)).statusCode, 429, 'the attacker stays refused after the owner signs in');

        const refusals = await t.db.handle.db.selectFrom('auditEvents').selectAll().where('action', '=', 'user.sign_in_refused').where('subjectLabel', '=', email).orderBy('id').execute();
        assert.equal(refusals.length, 5, 'every refused attempt is logged');
        for (const entry of refusals) {
          assert.equal(entry.ip, attacker);
          assert.equal(entry.userId, null);
          assert.match(entry.detail, /too many failed sign-ins at this account from this network/);
        }
      }));

    test('past the ceiling of failures at an account, a fresh network is refused even with the right password, the owner’s usual one signs in, and the refusals are logged', () =>
      inOneWindow(async () => {
        const email = await newPerson();
        const usual = `10.80.${people}.1`;
        assert.equal((await signIn(email, password, usual)).statusCode, 303, 'the owner signs in as usual');
        // Fifty guesses from fifty networks (counted as the form counts them; checking 50 passwords adds nothing here).
        const limiter = await throttleFor(t.db.handle);
        for (let i = 0; i < defaultThrottleLimits.accountCeiling; i++) await limiter.attempt(email, `2001:db8:${people}:${i}::1`, Date.now());
        // Spread over IPv6 they are only a /48 apart: every /48 here is a fresh network.
        const fresh = `2001:db9:${people}::1`;
        const refused = await signIn(email, password, fresh);
        assert.equal(refused.statusCode, 429, 'a fresh network, with the right password');
        assert.match(refused.body, /Too many failed sign-ins at this account\. Try again in \d+ minutes?/);
        assert.equal((await signIn(email, password, usual)).statusCode, 303, 'the owner’s usual network');
        const refusals = await t.db.handle.db.selectFrom('auditEvents').selectAll().where('action', '=', 'user.sign_in_refused').where('subjectLabel', '=', email).execute();
        assert.deepEqual(
          refusals.map((r) => r.ip),
          [fresh],
        );
        assert.match(refusals[0]!.detail, /too many failed sign-ins at this account from every network/);
      }));

    test('a network over its limit is refused for every account, and the refusal is logged once per window', () =>
      inOneWindow(async () => {
        const email = await newPerson();
        const network = `10.70.${people}.1`;
        for (let i = 0; i < 30; i++) assert.equal((await signIn(`stranger${i}@rostrum.test`, 'wrong password', network)).statusCode, 401);
        for (let i = 0; i < 4; i++) assert.equal((await signIn(email, i === 3 ? password : 'wrong password', network)).statusCode, 429);
        const refusals = await t.db.handle.db.selectFrom('auditEvents').selectAll().where('action', '=', 'user.sign_in_refused').where('ip', '=', network).execute();
        assert.equal(refusals.length, 1, 'a flood from a blocked network writes one entry, not one per request');
        assert.match(refusals[0]!.detail, /too many failed sign-ins from this network/);
      }));
  });
}
