import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { createUser, sha256, updateUser, type User } from './store.ts';
import { createSession, endSession, endUserSessions, findSession, pruneExpiredSessions, sessionMaxAgeMs } from './sessions.ts';

const hour = 3600_000;
const ttl = 24 * hour;

for (const kind of await databaseKinds()) {
  describe(`sessions on ${kind}`, () => {
    let t: TestDatabase;
    let people = 0;
    before(async () => {
      t = await createTestDatabase(kind);
    });
    after(() => t.drop());

    const newUser = (role: User['role'] = 'editor') => createUser(t.handle, { email: `person${++people}@sessions.test`, role, name: `Person ${people}` });
    const storedSessions = (userId: number) => t.handle.db.selectFrom('sessions').select(['id', 'tokenHash', 'expiresAt', 'userAgent']).where('userId', '=', userId).orderBy('id').execute();

    test('a new session gives the browser a random token and keeps only its hash', async () => {
      const user = await newUser();
      const before = Date.now();
      const { token, expiresAt } = await createSession(t.handle, user.id, ttl, 'Firefox on a laptop');
      assert.match(token, /^[A-Za-z0-9_-]{43}$/, '256 random bits, base64url');
      const expected = before + ttl;
      assert.ok(Math.abs(Date.parse(expiresAt) - expected) < 5000, `ends about ttl from now: ${expiresAt}`);
      const [row] = await storedSessions(user.id);
      assert.equal(row!.tokenHash, sha256(token));
      assert.ok(!JSON.stringify(await t.handle.db.selectFrom('sessions').selectAll().execute()).includes(token), 'the token itself is stored nowhere');
      assert.equal(row!.userAgent, 'Firefox on a laptop');
      const second = await createSession(t.handle, user.id, ttl);
      assert.notEqual(second.token, token, 'every session has its own token');
    });

    test('however busy, a session ends 30 days after it began', async () => {
      const user = await newUser();
      const { token } = await createSession(t.handle, user.id, ttl);
      const started = Date.now();
      // Used every few hours for a month: each use slides the end, but never past the absolute limit.
      let now = started;
      while (now < started + sessionMaxAgeMs - 6 * hour) {
        now += 6 * hour;
        const found = await findSession(t.handle, token, ttl, now);
        assert.ok(found, `still live at day ${((now - started) / (24 * hour)).toFixed(1)}`);
        assert.ok(Date.parse(found.expiresAt) <= started + sessionMaxAgeMs + 5000, 'never slides past the limit');
      }
      assert.equal(await findSession(t.handle, token, ttl, started + sessionMaxAgeMs + 5000), undefined);
    });

    test('a very long user agent is cut, not refused', async () => {
      const user = await newUser();
      await createSession(t.handle, user.id, ttl, 'A'.repeat(5000));
      const [row] = await storedSessions(user.id);
      assert.equal(row!.userAgent.length, 300);
    });

    test('findSession answers the session and its user, and nothing for unknown or malformed tokens', async () => {
      const user = await newUser('author');
      const { token } = await createSession(t.handle, user.id, ttl);
      const found = await findSession(t.handle, token, ttl);
      assert.equal(found?.user.id, user.id);
      assert.equal(found?.user.email, user.email);
      assert.equal(found?.user.role, 'author');
      assert.equal(found?.tokenHash, sha256(token));
      assert.ok(!('passwordHash' in found!.user), 'the password hash never leaves the store');
      const unknown = 'A'.repeat(43);
      for (const wrong of [unknown, '', token.slice(1), `${token}x`, sha256(token), '%', '\u0000'.repeat(43), 'ключ'.repeat(11), "' OR 1=1 --", 'x'.repeat(10_000)]) {
        assert.equal(await findSession(t.handle, wrong, ttl), undefined, JSON.stringify(wrong.slice(0, 50)));
      }
    });

    test('a session ends at its expiry time, not a moment later', async () => {
      const user = await newUser();
      const { token, expiresAt } = await createSession(t.handle, user.id, ttl);
      const end = Date.parse(expiresAt);
      assert.equal(await findSession(t.handle, token, ttl, end + 1), undefined);
      assert.equal(await findSession(t.handle, token, ttl, end), undefined);
      // Last, because using a live session moves its end.
      assert.ok(await findSession(t.handle, token, ttl, end - 1000));
    });

    test('using a session moves its end forward, writing at most every few minutes', async () => {
      const user = await newUser();
      const { token } = await createSession(t.handle, user.id, ttl);
      const [row] = await storedSessions(user.id);

      // Close to its end: the end moves to ttl from now.
      const nearlyOver = new Date(Date.now() + 60_000).toISOString();
      await t.handle.db.updateTable('sessions').set({ expiresAt: nearlyOver }).where('id', '=', row!.id).execute();
      const now = Date.now();
      const slid = await findSession(t.handle, token, ttl, now);
      assert.equal(slid?.expiresAt, new Date(now + ttl).toISOString());
      const [after] = await storedSessions(user.id);
      assert.equal(after!.expiresAt, new Date(now + ttl).toISOString(), 'the new end is stored');

      // Used again a moment later: nothing is written.
      const again = await findSession(t.handle, token, ttl, now + 1000);
      assert.equal(again?.expiresAt, after!.expiresAt);
      assert.equal((await storedSessions(user.id))[0]!.expiresAt, after!.expiresAt);

      // Used again after a while: written again.
      const later = now + 10 * 60_000;
      await findSession(t.handle, token, ttl, later);
      assert.equal((await storedSessions(user.id))[0]!.expiresAt, new Date(later + ttl).toISOString());
    });

    test('a disabled person’s sessions stop working, and work again when re-enabled', async () => {
      const user = await newUser();
      const { token } = await createSession(t.handle, user.id, ttl);
      await updateUser(t.handle, user.id, { disabled: true });
      assert.equal(await findSession(t.handle, token, ttl), undefined);
      await updateUser(t.handle, user.id, { disabled: false });
      assert.equal((await findSession(t.handle, token, ttl))?.user.id, user.id);
    });

    test('the user’s current role is read on every use, so a role change applies at once', async () => {
      const user = await newUser('admin');
      const { token } = await createSession(t.handle, user.id, ttl);
      await updateUser(t.handle, user.id, { role: 'author' });
      assert.equal((await findSession(t.handle, token, ttl))?.user.role, 'author');
    });

    test('endSession ends one session; endUserSessions ends all of a person’s, or all but one', async () => {
      const user = await newUser();
      const bystander = await newUser();
      const a = await createSession(t.handle, user.id, ttl);
      const b = await createSession(t.handle, user.id, ttl);
      const c = await createSession(t.handle, user.id, ttl);
      const theirs = await createSession(t.handle, bystander.id, ttl);

      await endSession(t.handle, a.token);
      assert.equal(await findSession(t.handle, a.token, ttl), undefined);
      assert.ok(await findSession(t.handle, b.token, ttl));
      await endSession(t.handle, a.token); // ending an ended session is harmless
      await endSession(t.handle, 'not-a-token');

      const keep = (await findSession(t.handle, c.token, ttl))!.id;
      assert.equal(await endUserSessions(t.handle, user.id, keep), 1);
      assert.equal(await findSession(t.handle, b.token, ttl), undefined);
      assert.ok(await findSession(t.handle, c.token, ttl), 'the kept session lives');
      assert.equal(await endUserSessions(t.handle, user.id), 1);
      assert.equal(await findSession(t.handle, c.token, ttl), undefined);
      assert.ok(await findSession(t.handle, theirs.token, ttl), 'other people stay signed in');
    });

    test('pruneExpiredSessions removes only sessions that have ended', async () => {
      const user = await newUser();
      const live = await createSession(t.handle, user.id, ttl);
      const ended = await createSession(t.handle, user.id, 1000);
      const removed = await pruneExpiredSessions(t.handle, Date.now() + 5000);
      assert.ok(removed >= 1);
      const hashes = (await storedSessions(user.id)).map((s) => s.tokenHash);
      assert.deepEqual(hashes, [sha256(live.token)]);
      assert.equal(await findSession(t.handle, ended.token, ttl), undefined);
    });
  });
}
