import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.tsx';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { createTestDatabase, databaseKinds } from '../../test/databases.ts';
import { formBody, officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { runCliInProcess } from '../../test/cli.ts';
import { startMailbox } from '../../test/mailbox.ts';
import { commandLineActor } from '../core/actor.ts';
import { Refusal } from '../core/refusals.ts';
import { createPerson } from './commands.ts';
import { createUser, getUserByEmail, listApiTokens, listUsers, setPassword, updateUser } from './store.ts';
import { firstAdminSetupPath } from './session-commands.ts';

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const password = 'a long enough passphrase';

/** What a change must leave in the audit log: the action, who the log names, and what it is about. */
interface Expected {
  action: string;
  actor: string;
  subject: string;
}

/**
 * One change from one entry point: `run` makes it (and checks the entry point's own answer), returning
 * what the audit log must then hold.
 */
interface Case {
  change: string;
  entry: 'office' | 'command line' | 'the door';
  run(): Promise<Expected>;
}

const cli = (t: TestApp, ...args: string[]) => runCliInProcess(args, t.db.cliEnv);
const statusOf = (res: LightMyRequestResponse, expected: number) => assert.equal(res.statusCode, expected, res.body.slice(0, 500));
const linkTokenIn = (text: string, path: string) => new RegExp(`${path}/([A-Za-z0-9_-]{43})`).exec(text)?.[1];

for (const kind of await databaseKinds()) {
  describe(`every change to people, tokens and sessions reaches the audit log, on ${kind}`, () => {
    let t: TestApp;
    let admin: OfficeSession;
    let mailbox: Awaited<ReturnType<typeof startMailbox>>;
    let network = 0;
    before(async () => {
      mailbox = await startMailbox();
      t = await startTestApp(kind, { ROSTRUM_SMTP_URL: mailbox.url, ROSTRUM_MAIL_FROM: 'Office <office@think.example>' });
      admin = await officeSessionFor(t.app, t.db.handle, 'admin@rostrum.test');
    });
    after(async () => {
      await t.close();
      await mailbox.close();
    });

    const auditSince = async (id: number) => t.db.handle.db.selectFrom('auditEvents').select(['id', 'action', 'actorLabel', 'subjectLabel']).where('id', '>', id).orderBy('id').execute();
    const lastAuditId = async () =>
      Number(
        (
          await t.db.handle.db
            .selectFrom('auditEvents')
            .select((eb) => eb.fn.max('id').as('id'))
            .executeTakeFirst()
        )?.id ?? 0,
      );
    const idOf = async (email: string) => (await getUserByEmail(t.db.handle, email))!.id;
    const personWith = async (email: string, options: { password?: boolean; role?: 'editor' | 'author' } = {}) => {
      const user = await createUser(t.db.handle, { email, role: options.role ?? 'editor', name: email.split('@')[0], expertId: null });
      if (options.password) await setPassword(t.db.handle, user.id, password);
      return user;
    };
    const door = (url: string, fields: Record<string, string>, remoteAddress = `10.90.${kind.length}.${++network}`) =>
      t.app.inject({ method: 'POST', url, headers: form, payload: formBody(fields), remoteAddress });

    const cases: Case[] = [
      {
        change: 'create a person',
        entry: 'command line',
        run: async () => {
          const r = await cli(t, 'user', 'create', '--email', 'made@rostrum.test', '--role', 'editor', '--password', password);
          assert.equal(r.code, 0, r.stderr);
          return { action: 'user.create', actor: 'command line: rostrum user create', subject: 'made@rostrum.test' };
        },
      },
      {
        change: 'invite',
        entry: 'office',
        run: async () => {
          statusOf(await admin.post('/admin/users/invite', { email: 'invited@rostrum.test', role: 'editor', expert: '', name: 'Invited' }), 201);
          return { action: 'user.invite', actor: 'admin@rostrum.test', subject: 'invited@rostrum.test' };
        },
      },
      {
        change: 'invite',
        entry: 'command line',
        run: async () => {
          const r = await cli(t, 'user', 'invite', '--email', 'cli-invited@rostrum.test', '--role', 'author', '--expert', 'author-expert');
          assert.equal(r.code, 0, r.stderr);
          return { action: 'user.invite', actor: 'command line: rostrum user invite', subject: 'cli-invited@rostrum.test' };
        },
      },
      {
        change: 'accept an invitation',
        entry: 'the door',
        run: async () => {
          const r = await cli(t, 'user', 'invite', '--email', 'accepts@rostrum.test', '--role', 'editor');
          const token = linkTokenIn(r.stdout, '/admin/invitations')!;
          statusOf(await door(`/admin/invitations/${token}`, { name: 'Accepting', password, confirm: password }), 303);
          return { action: 'user.accept_invitation', actor: 'accepts@rostrum.test', subject: 'accepts@rostrum.test' };
        },
      },
      {
        change: 'update a person (name, role, expert)',
        entry: 'office',
        run: async () => {
          const person = await personWith('changed@rostrum.test');
          statusOf(
            await admin.post(`/admin/users/${person.id}`, { name: 'Changed', role: 'author', expert: String((await t.db.handle.db.selectFrom('experts').select('id').executeTakeFirstOrThrow()).id) }),
            303,
          );
          return { action: 'user.update', actor: 'admin@rostrum.test', subject: 'changed@rostrum.test' };
        },
      },
      {
        change: 'disable',
        entry: 'office',
        run: async () => {
          const person = await personWith('disabled@rostrum.test');
          statusOf(await admin.post(`/admin/users/${person.id}/disable`), 303);
          return { action: 'user.disable', actor: 'admin@rostrum.test', subject: 'disabled@rostrum.test' };
        },
      },
      {
        change: 'enable',
        entry: 'office',
        run: async () => {
          statusOf(await admin.post(`/admin/users/${await idOf('disabled@rostrum.test')}/enable`), 303);
          return { action: 'user.enable', actor: 'admin@rostrum.test', subject: 'disabled@rostrum.test' };
        },
      },
      {
        change: 'make a reset link',
        entry: 'office',
        run: async () => {
          const person = await personWith('reset-link@rostrum.test', { password: true });
          statusOf(await admin.post(`/admin/users/${person.id}/reset-link`), 200);
          return { action: 'user.reset_link', actor: 'admin@rostrum.test', subject: 'reset-link@rostrum.test' };
        },
      },
      {
        change: 'make an invitation link',
        entry: 'office',
        run: async () => {
          statusOf(await admin.post(`/admin/users/${await idOf('invited@rostrum.test')}/invite-link`), 200);
          return { action: 'user.invite', actor: 'admin@rostrum.test', subject: 'invited@rostrum.test' };
        },
      },
      {
        change: 'request a reset',
        entry: 'the door',
        run: async () => {
          await personWith('forgot@rostrum.test', { password: true });
          const since = await lastAuditId();
          statusOf(await door('/admin/forgot-password', { email: 'forgot@rostrum.test' }), 200);
          // The link is made after the answer is sent, so that the answer's timing tells nothing.
          for (let waited = 0; (await auditSince(since)).length === 0 && waited < 10_000; waited += 25) await new Promise((r) => setTimeout(r, 25));
          return { action: 'user.reset_requested', actor: 'system', subject: 'forgot@rostrum.test' };
        },
      },
      {
        change: 'reset a password',
        entry: 'the door',
        run: async () => {
          const page = await admin.post(`/admin/users/${await idOf('reset-link@rostrum.test')}/reset-link`);
          const token = linkTokenIn(page.body, '/admin/password-reset')!;
          statusOf(await door(`/admin/password-reset/${token}`, { password, confirm: password }), 303);
          return { action: 'user.reset_password', actor: 'reset-link@rostrum.test', subject: 'reset-link@rostrum.test' };
        },
      },
      {
        change: 'change one’s own name',
        entry: 'office',
        run: async () => {
          const editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
          statusOf(await editor.post('/admin/account', { name: 'Edith Editor' }), 303);
          return { action: 'user.update', actor: 'editor@rostrum.test', subject: 'editor@rostrum.test' };
        },
      },
      {
        change: 'change one’s own password',
        entry: 'office',
        run: async () => {
          await personWith('own-password@rostrum.test', { password: true });
          const own = await officeSessionFor(t.app, t.db.handle, 'own-password@rostrum.test');
          statusOf(await own.post('/admin/account/password', { current_password: password, new_password: 'another long passphrase', confirm_password: 'another long passphrase' }), 303);
          return { action: 'user.password_change', actor: 'own-password@rostrum.test', subject: 'own-password@rostrum.test' };
        },
      },
      {
        change: 'create an API token',
        entry: 'office',
        run: async () => {
          statusOf(await admin.post('/admin/tokens', { user: String(await idOf('editor@rostrum.test')), label: 'Office importer' }), 201);
          return { action: 'token.create', actor: 'admin@rostrum.test', subject: 'Office importer' };
        },
      },
      {
        change: 'create an API token',
        entry: 'command line',
        run: async () => {
          const r = await cli(t, 'token', 'create', '--user', 'editor@rostrum.test', '--label', 'CLI importer');
          assert.equal(r.code, 0, r.stderr);
          return { action: 'token.create', actor: 'command line: rostrum token create', subject: 'CLI importer' };
        },
      },
      {
        change: 'revoke an API token',
        entry: 'office',
        run: async () => {
          const token = (await listApiTokens(t.db.handle, await idOf('editor@rostrum.test'))).find((k) => k.label === 'Office importer')!;
          statusOf(await admin.post(`/admin/tokens/${token.id}/revoke`), 303);
          return { action: 'token.revoke', actor: 'admin@rostrum.test', subject: 'Office importer' };
        },
      },
      {
        change: 'revoke an API token',
        entry: 'command line',
        run: async () => {
          const r = await cli(t, 'token', 'revoke', '--user', 'editor@rostrum.test', '--label', 'CLI importer');
          assert.equal(r.code, 0, r.stderr);
          assert.match(r.stdout, /Revoked 1 API token/);
          return { action: 'token.revoke', actor: 'command line: rostrum token revoke', subject: 'CLI importer' };
        },
      },
      {
        change: 'sign in',
        entry: 'the door',
        run: async () => {
          statusOf(await door('/admin/login', { email: 'made@rostrum.test', password }), 303);
          return { action: 'user.sign_in', actor: 'made@rostrum.test', subject: 'made@rostrum.test' };
        },
      },
      {
        change: 'fail to sign in',
        entry: 'the door',
        run: async () => {
          statusOf(await door('/admin/login', { email: 'made@rostrum.test', password: 'not the passphrase' }), 401);
          return { action: 'user.sign_in_failed', actor: 'system', subject: 'made@rostrum.test' };
        },
      },
      {
        change: 'be refused a sign-in by the throttle',
        entry: 'the door',
        run: async () => {
          await personWith('guessed@rostrum.test', { password: true });
          const from = `10.91.${kind.length}.1`;
          for (let i = 0; i < 5; i++) statusOf(await door('/admin/login', { email: 'guessed@rostrum.test', password: `guess ${i}` }, from), 401);
          statusOf(await door('/admin/login', { email: 'guessed@rostrum.test', password }, from), 429);
          return { action: 'user.sign_in_refused', actor: 'system', subject: 'guessed@rostrum.test' };
        },
      },
      {
        change: 'sign out',
        entry: 'the door',
        run: async () => {
          const session = await officeSessionFor(t.app, t.db.handle, 'made@rostrum.test');
          statusOf(await session.post('/admin/logout'), 303);
          return { action: 'user.sign_out', actor: 'made@rostrum.test', subject: 'made@rostrum.test' };
        },
      },
    ];

    test('each change, from each entry point, is noted in the audit log in the name of whoever made it', async () => {
      for (const c of cases) {
        const since = await lastAuditId();
        const expected = await c.run();
        const noted = (await auditSince(since)).map(({ action, actorLabel, subjectLabel }) => ({ action, actor: actorLabel, subject: subjectLabel }));
        assert.ok(
          noted.some((n) => n.action === expected.action && n.actor === expected.actor && n.subject === expected.subject),
          `${c.change} (${c.entry}): expected ${JSON.stringify(expected)} among ${JSON.stringify(noted)}`,
        );
      }
    });

    /** A refused change: `run` makes the attempt and checks its answer; `unchanged` that nothing was written. */
    const refusals: Array<{ change: string; run(): Promise<void>; unchanged(): Promise<void> }> = [
      {
        change: 'an editor invites someone (office)',
        run: async () =>
          statusOf(await (await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test')).post('/admin/users/invite', { email: 'nope@rostrum.test', role: 'admin', expert: '' }), 403),
        unchanged: async () => assert.equal(await getUserByEmail(t.db.handle, 'nope@rostrum.test'), undefined),
      },
      {
        change: 'an administrator invites an address that has an account (office)',
        run: async () => statusOf(await admin.post('/admin/users/invite', { email: 'editor@rostrum.test', role: 'admin', expert: '' }), 409),
        unchanged: async () => assert.equal((await getUserByEmail(t.db.handle, 'editor@rostrum.test'))?.role, 'editor'),
      },
      {
        change: 'the command line creates an address that has an account',
        run: async () => {
          const r = await cli(t, 'user', 'create', '--email', 'editor@rostrum.test', '--role', 'admin');
          assert.equal(r.code, 2);
          assert.match(r.stderr, /A user with the e-mail editor@rostrum.test exists already/);
        },
        unchanged: async () => assert.equal((await getUserByEmail(t.db.handle, 'editor@rostrum.test'))?.role, 'editor'),
      },
      {
        change: 'the only administrator gives up the role (office)',
        run: async () => statusOf(await admin.post(`/admin/users/${await idOf('admin@rostrum.test')}`, { name: 'Admin', role: 'editor', expert: '' }), 409),
        unchanged: async () => assert.equal((await getUserByEmail(t.db.handle, 'admin@rostrum.test'))?.role, 'admin'),
      },
      {
        change: 'a reset link for a disabled account (office)',
        run: async () => {
          await updateUser(t.db.handle, await idOf('disabled@rostrum.test'), { disabled: true });
          statusOf(await admin.post(`/admin/users/${await idOf('disabled@rostrum.test')}/reset-link`), 409);
        },
        unchanged: async () =>
          assert.equal(
            (
              await t.db.handle.db
                .selectFrom('userLinks')
                .select('id')
                .where('userId', '=', await idOf('disabled@rostrum.test'))
                .execute()
            ).length,
            0,
          ),
      },
      {
        change: 'a token for a disabled account (office)',
        run: async () => statusOf(await admin.post('/admin/tokens', { user: String(await idOf('disabled@rostrum.test')), label: 'Refused' }), 422),
        unchanged: async () => assert.deepEqual(await listApiTokens(t.db.handle, await idOf('disabled@rostrum.test')), []),
      },
      {
        change: 'a token for a disabled account (command line)',
        run: async () => {
          const r = await cli(t, 'token', 'create', '--user', 'disabled@rostrum.test', '--label', 'Refused');
          assert.equal(r.code, 2);
          assert.match(r.stderr, /--user is not one of the active people/);
        },
        unchanged: async () => assert.deepEqual(await listApiTokens(t.db.handle, await idOf('disabled@rostrum.test')), []),
      },
      {
        change: 'an editor revokes a token (office)',
        run: async () => {
          const token = (await listApiTokens(t.db.handle, await idOf('admin@rostrum.test')))[0]!;
          statusOf(await (await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test')).post(`/admin/tokens/${token.id}/revoke`), 403);
        },
        unchanged: async () => assert.equal((await listApiTokens(t.db.handle, await idOf('admin@rostrum.test'))).length, 1),
      },
      {
        change: 'an invitation accepted with too short a password',
        run: async () => {
          const r = await cli(t, 'user', 'invite', '--email', 'short@rostrum.test', '--role', 'editor');
          const token = linkTokenIn(r.stdout, '/admin/invitations')!;
          const since = await lastAuditId();
          statusOf(await door(`/admin/invitations/${token}`, { name: 'Short', password: 'short', confirm: 'short' }), 422);
          assert.deepEqual(await auditSince(since), []);
        },
        unchanged: async () => {
          const row = await t.db.handle.db.selectFrom('users').select(['passwordHash', 'name']).where('email', '=', 'short@rostrum.test').executeTakeFirstOrThrow();
          assert.deepEqual(row, { passwordHash: null, name: '' });
        },
      },
    ];

    test('a refused change leaves no audit entry and no data', async () => {
      for (const r of refusals) {
        // Setting up a case (an invitation to refuse) may write; what is refused must not.
        const since = await lastAuditId();
        await r.run();
        const noted = (await auditSince(since)).filter((e) => e.action !== 'user.invite' || e.subjectLabel !== 'short@rostrum.test');
        assert.deepEqual(noted, [], r.change);
        await r.unchanged();
      }
    });

    test('a command checks its own input: createPerson called directly refuses a bad e-mail and an unknown role, writing nothing', async () => {
      const since = await lastAuditId();
      const people = (await listUsers(t.db.handle)).length;
      const ctx = { handle: t.db.handle, contentChanged: () => {} };
      const refusal = await createPerson(ctx, commandLineActor('user create'), { email: 'not-an-address', role: 'king' }).then(
        () => assert.fail('createPerson accepted a bad e-mail and an unknown role'),
        (err: unknown) => err,
      );
      assert.ok(refusal instanceof Refusal && refusal.kind === 'invalid', String(refusal));
      assert.deepEqual(refusal.problems, [
        { field: 'email', reason: 'is not an e-mail address' },
        { field: 'role', reason: 'choose Author, Editor or Administrator' },
      ]);
      assert.deepEqual(await auditSince(since), []);
      assert.equal((await listUsers(t.db.handle)).length, people);
    });
  });

  describe(`setting up the first administrator reaches the audit log, on ${kind}`, () => {
    test('in the new administrator’s name, with their first session', async () => {
      const db = await createTestDatabase(kind);
      const { app } = await buildApp(db.config, db.handle);
      try {
        const path = (await firstAdminSetupPath(db.handle))!;
        const short = await app.inject({ method: 'POST', url: path, headers: form, payload: formBody({ name: 'Ada', email: 'ada@think.example', password: 'short', confirm: 'short' }) });
        statusOf(short, 422);
        assert.deepEqual(await db.handle.db.selectFrom('auditEvents').selectAll().execute(), [], 'a refused setup notes nothing');
        statusOf(await app.inject({ method: 'POST', url: path, headers: form, payload: formBody({ name: 'Ada', email: 'ada@think.example', password, confirm: password }) }), 303);
        const noted = await db.handle.db.selectFrom('auditEvents').select(['action', 'actorLabel', 'subjectLabel', 'userId']).execute();
        assert.deepEqual(noted, [{ action: 'user.setup', actorLabel: 'ada@think.example', subjectLabel: 'ada@think.example', userId: (await getUserByEmail(db.handle, 'ada@think.example'))!.id }]);
        assert.equal((await db.handle.db.selectFrom('sessions').select('id').execute()).length, 1);
      } finally {
        await app.close();
        await db.drop();
      }
    });
  });
}
