import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.tsx';
import { ConfigError, loadConfig } from '../config.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { formBody, officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { csrfTokenFor } from '../http/csrf.ts';
import { sign, unsign } from '../http/signed-cookie.ts';
import { createUser, sha256 } from '../users/store.ts';
import { createPoll } from '../polls/store.ts';
import { getSetting } from './store.ts';
import { databaseSecrets, pruneDatabaseSecrets, rereadSigningSecrets, rotateDatabaseSecret, signingSecrets } from './secrets.ts';
import { secretCommand } from '../cli/secret.ts';
import { openDatabase } from '../db/connect.ts';
import type { Database, Db } from '../schema.ts';
import { throttleFor } from '../users/throttle.ts';

const secretA = 'env-secret-A-0123456789abcdefghijklmnop';
const secretB = 'env-secret-B-0123456789abcdefghijklmnop';

describe('ROSTRUM_SECRET is checked at start', () => {
  const load = (ROSTRUM_SECRET: string) => loadConfig({ ROSTRUM_SECRET });

  test('unset or empty: the database keeps the secrets', () => {
    assert.equal(loadConfig({}).secrets, undefined);
    assert.equal(load('  ').secrets, undefined);
  });

  test('one secret, or several separated by commas (spaces around them ignored), the first first', () => {
    assert.deepEqual(load(secretA).secrets, [secretA]);
    assert.deepEqual(load(` ${secretA} , ${secretB}`).secrets, [secretA, secretB]);
  });

  test('a short, empty or spaced secret is refused with a message that says what is wrong', () => {
    assert.throws(
      () => load('hunter2'),
      (err: unknown) => err instanceof ConfigError && /ROSTRUM_SECRET: the secret is 7 characters long; each must be at least 32 \(make one with: openssl rand -base64 48\)/.test(err.message),
    );
    assert.throws(() => load(`${secretA},short`), /ROSTRUM_SECRET: secret 2 of 2 is 5 characters long; each must be at least 32/);
    assert.throws(() => load(`${secretA},,${secretB}`), /ROSTRUM_SECRET: an empty secret in the list/);
    assert.throws(() => load(`${secretA} ${secretB}`), /ROSTRUM_SECRET: a secret contains a space/);
  });
});

const cookieNamed = (res: LightMyRequestResponse, name: string) => {
  const header = res.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header === undefined ? [] : [String(header)];
  const found = all.find((c) => c.startsWith(`${name}=`));
  return found ? decodeURIComponent(found.split(';')[0]!.slice(name.length + 1)) : undefined;
};

for (const kind of await databaseKinds()) {
  describe(`rotating the database's signing secret on ${kind}`, () => {
    let t: TestDatabase;
    const apps: FastifyInstance[] = [];
    before(async () => {
      t = await createTestDatabase(kind);
    });
    after(async () => {
      for (const app of apps) await app.close();
      await t.drop();
    });

    /** A process starting on the database: it reads the secrets as they are now. */
    async function start() {
      const { app } = await buildApp(t.config, t.handle);
      apps.push(app);
      return app;
    }
    const saveName = (app: FastifyInstance, session: OfficeSession, csrf: string) =>
      app.inject({
        method: 'POST',
        url: '/admin/account',
        headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ _csrf: csrf, name: 'Rotating Editor' }),
      });
    const vote = (app: FastifyInstance, pollId: number, optionId: number, voterCookie?: string) =>
      app.inject({
        method: 'POST',
        url: `/polls/${pollId}/vote`,
        payload: { option: optionId },
        ...(voterCookie !== undefined && { headers: { cookie: `rostrum_voter=${encodeURIComponent(voterCookie)}` } }),
      });

    test('what the old secret signed still verifies after rotation, new things are signed with the new one, and once dropped the old secret verifies nothing', async () => {
      await createUser(t.handle, { email: 'rotating@rostrum.test', role: 'editor' });
      const poll = await createPoll(t.handle, { question: 'Rotate?', options: ['Yes', 'No'], status: 'open' });
      const [yes, no] = poll.options.map((o) => o.id) as [number, number];

      const before = await start();
      const [oldSecret] = await signingSecrets(t.handle);
      const session = await officeSessionFor(before, t.handle, 'rotating@rostrum.test');
      const sessionHash = sha256(session.cookie.split('=')[1]!);
      assert.equal(session.csrf, csrfTokenFor(oldSecret, sessionHash));
      const voted = await vote(before, poll.id, yes);
      assert.equal(voted.statusCode, 200, voted.body);
      const oldVoterCookie = cookieNamed(voted, 'rostrum_voter')!;
      assert.ok(unsign(oldVoterCookie, oldSecret));

      const rotated = await rotateDatabaseSecret(t.handle);
      assert.equal(rotated.length, 2);
      assert.equal(rotated[1], oldSecret, 'the old secret is kept, after the new one');
      const newSecret = rotated[0];
      assert.notEqual(newSecret, oldSecret);

      const after = await start();
      assert.equal((await saveName(after, session, session.csrf)).statusCode, 303, 'a form loaded before the rotation is still accepted');
      const page = await after.inject({ url: '/admin/account', headers: { cookie: session.cookie } });
      assert.ok(page.body.includes(csrfTokenFor(newSecret, sessionHash)), 'pages carry the token made with the new secret');
      assert.ok(!page.body.includes(session.csrf), 'and no longer the old one');

      const repeat = await vote(after, poll.id, no, oldVoterCookie);
      assert.equal(repeat.statusCode, 409, 'the reader with a cookie signed with the old secret is still known to have voted');
      const resigned = cookieNamed(repeat, 'rostrum_voter')!;
      assert.equal(unsign(resigned, newSecret), unsign(oldVoterCookie, oldSecret), 'their cookie is signed again with the new secret, keeping its id');
      const newcomer = cookieNamed(await vote(after, poll.id, no), 'rostrum_voter')!;
      assert.ok(unsign(newcomer, newSecret), 'a new cookie is signed with the new secret');
      assert.equal(unsign(newcomer, oldSecret), undefined, 'not with the old one');

      assert.equal(await pruneDatabaseSecrets(t.handle), 1);
      assert.deepEqual(await databaseSecrets(t.handle), [newSecret]);
      const pruned = await start();
      const refused = await saveName(pruned, session, session.csrf);
      assert.equal(refused.statusCode, 403, 'a token made with the dropped secret no longer verifies');
      assert.equal((await saveName(pruned, session, csrfTokenFor(newSecret, sessionHash))).statusCode, 303);
      assert.equal((await vote(pruned, poll.id, no, oldVoterCookie)).statusCode, 200, 'a cookie signed with the dropped secret is a stranger’s');
      assert.equal((await vote(pruned, poll.id, no, resigned)).statusCode, 409, 'the cookie signed again is still known');
    });
  });

  describe(`a rotation by another process on ${kind}`, () => {
    let t: TestDatabase;
    /** The database as another process (the `rostrum secret` command) has it open: a connection of its own. */
    let other: Db;
    const apps: FastifyInstance[] = [];
    before(async () => {
      t = await createTestDatabase(kind);
      other = openDatabase<Database>({ kind, url: t.url });
    });
    after(async () => {
      for (const app of apps) await app.close();
      await other.close();
      await t.drop();
    });

    /** Runs `rostrum secret …` in that other process, quietly. */
    async function secretCommandElsewhere(sub: 'rotate' | 'prune') {
      const log = console.log;
      console.log = () => {};
      try {
        await secretCommand(other, sub, undefined);
      } finally {
        console.log = log;
      }
    }

    /** Asks until `accepted` holds (the rotation is heard within a second or so), giving up after a while. */
    async function eventually(what: string, accepted: () => Promise<boolean>) {
      for (let i = 0; i < 300; i++) {
        if (await accepted()) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.fail(`never: ${what}`);
    }

    test('an app running since before the rotation accepts forms and voter cookies signed with the new secret, without a restart', async () => {
      await createUser(t.handle, { email: 'running@rostrum.test', role: 'editor' });
      const poll = await createPoll(t.handle, { question: 'Heard?', options: ['Yes', 'No'], status: 'open' });
      const { app } = await buildApp(t.config, t.handle);
      apps.push(app);
      const session = await officeSessionFor(app, t.handle, 'running@rostrum.test');
      const sessionHash = sha256(session.cookie.split('=')[1]!);
      const [oldSecret] = await databaseSecrets(other);

      await secretCommandElsewhere('rotate');
      const [newSecret] = await databaseSecrets(other);
      assert.notEqual(newSecret, oldSecret);
      const saveName = (csrf: string) => session.post('/admin/account', { _csrf: csrf, name: 'Running Editor' }, { csrf: false });
      await eventually('a form signed with the new secret is accepted', async () => (await saveName(csrfTokenFor(newSecret, sessionHash))).statusCode === 303);
      assert.equal((await saveName(csrfTokenFor(oldSecret, sessionHash))).statusCode, 303, 'a form loaded before the rotation still is');
      const page = await session.get('/admin/account');
      assert.ok(page.body.includes(csrfTokenFor(newSecret, sessionHash)), 'pages carry the token made with the new secret');

      // A reader whose cookie a restarted process signed with the new secret is known here too.
      const cookie = { cookie: `rostrum_voter=${encodeURIComponent(sign('voter-from-a-restarted-process', newSecret))}` };
      const vote = () => app.inject({ method: 'POST', url: `/polls/${poll.id}/vote`, payload: { option: poll.options[0]!.id }, headers: cookie });
      assert.equal((await vote()).statusCode, 200);
      assert.equal((await vote()).statusCode, 409, 'the same reader, known by the cookie signed with the new secret');

      await secretCommandElsewhere('prune');
      await eventually('a form signed with the dropped secret is refused', async () => (await saveName(csrfTokenFor(oldSecret, sessionHash))).statusCode === 403);
    });

    test('a process re-reads the list when asked (the bus, and once a minute, ask): until then it knows only what it read', async () => {
      const [before] = await signingSecrets(t.handle);
      await rotateDatabaseSecret(other);
      const [rotated] = await databaseSecrets(other);
      await rereadSigningSecrets(t.handle);
      assert.deepEqual(await signingSecrets(t.handle), await databaseSecrets(other));
      assert.equal((await signingSecrets(t.handle))[0], rotated);
      assert.notEqual(rotated, before);
    });

    test('the sign-in throttle’s counts are unchanged by a rotation, in every process', async () => {
      const limiter = await throttleFor(t.handle);
      const now = Date.now();
      for (let i = 0; i < 5; i++) await limiter.attempt('counted@rostrum.test', '192.0.2.44', now);
      assert.equal((await limiter.check('counted@rostrum.test', '192.0.2.44', now)).blocked, true);
      await secretCommandElsewhere('rotate');
      // `other` reads its keys only now, after the rotation, as a process started after it would.
      assert.equal((await (await throttleFor(other)).check('counted@rostrum.test', '192.0.2.44', now)).blocked, true, 'a process started after the rotation');
      assert.equal((await limiter.check('counted@rostrum.test', '192.0.2.44', now)).blocked, true, 'a process started before it');
    });
  });

  describe(`ROSTRUM_SECRET on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { ROSTRUM_SECRET: `${secretA},${secretB}` });
    });
    after(() => t.close());

    test('the environment’s secrets override the database’s: the first signs, every one verifies, and the database holds none', async () => {
      const session = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      const sessionHash = sha256(session.cookie.split('=')[1]!);
      const page = await session.get('/admin/account');
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(csrfTokenFor(secretA, sessionHash)), 'pages carry the token made with the first secret');
      const post = (csrf: string) => session.post('/admin/account', { _csrf: csrf, name: 'Env Editor' }, { csrf: false });
      assert.equal((await post(csrfTokenFor(secretB, sessionHash))).statusCode, 303, 'a token made with the second secret is accepted');

      const poll = await createPoll(t.db.handle, { question: 'Env?', options: ['Yes', 'No'], status: 'open' });
      const voted = await t.app.inject({ method: 'POST', url: `/polls/${poll.id}/vote`, payload: { option: poll.options[0]!.id } });
      assert.equal(voted.statusCode, 200);
      assert.ok(unsign(cookieNamed(voted, 'rostrum_voter')!, secretA), 'voter cookies are signed with the first secret');

      assert.equal(await getSetting(t.db.handle, 'secret.cookie'), undefined, 'no secret was made in the database');
      // A database that carries a secret from before (or a stolen backup's) forges nothing.
      const [databaseSecret] = await databaseSecrets(t.db.handle);
      assert.equal((await post(csrfTokenFor(databaseSecret, sessionHash))).statusCode, 403, 'a token made with the database’s secret is refused');
      const forged = `rostrum_voter=${encodeURIComponent(sign('forged-voter', databaseSecret))}`;
      const first = await t.app.inject({ method: 'POST', url: `/polls/${poll.id}/vote`, headers: { cookie: forged }, payload: { option: poll.options[1]!.id } });
      assert.ok(cookieNamed(first, 'rostrum_voter'), 'a voter cookie signed with the database’s secret is replaced by a new one');
    });
  });
}
