import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { runCli, runCliInProcess } from '../../test/cli.ts';
import { createApiToken, createUser, findUserByToken } from '../users/store.ts';

test('help lists every command', async () => {
  const r = await runCliInProcess(['help'], {});
  assert.equal(r.code, 0);
  for (const command of ['serve', 'migrate', 'demo', 'export', 'user create', 'token create', 'token list', 'token revoke', 'expert create', '--affiliation'])
    assert.ok(r.stdout.includes(command), command);
});

for (const kind of await databaseKinds()) {
  describe(`rostrum CLI on ${kind}`, () => {
    let t: TestDatabase;
    let env: Record<string, string>;
    before(async () => {
      t = await createTestDatabase(kind);
      env = t.cliEnv;
    });
    after(() => t.drop());

    test('user create, token create (token alone on the last line, only its hash stored), expert create', async () => {
      const user = await runCliInProcess(['user', 'create', '--email', 'Editor@Example.org', '--role', 'editor', '--password', 'correct horse battery'], env);
      assert.equal(user.code, 0, user.stderr);
      const token = await runCliInProcess(['token', 'create', '--user', 'editor@example.org'], env);
      assert.equal(token.code, 0, token.stderr);
      const last = token.stdout.trim().split('\n').pop()!;
      assert.match(last, /^rst_[A-Za-z0-9_-]{43}$/);
      assert.equal((await findUserByToken(t.handle, last))?.email, 'editor@example.org');
      const stored = await t.handle.db.selectFrom('apiTokens').select('tokenHash').execute();
      assert.ok(stored.every((s) => s.tokenHash !== last));
      assert.ok(stored.some((s) => s.tokenHash === createHash('sha256').update(last).digest('hex')));
      const hash = await t.handle.db.selectFrom('users').select('passwordHash').where('email', '=', 'editor@example.org').executeTakeFirstOrThrow();
      assert.match(hash.passwordHash!, /^\$argon2id\$/);
      const expert = await runCliInProcess(['expert', 'create', '--name', 'Tomás Ferreira', '--title', 'Fellow'], env);
      assert.equal(expert.code, 0, expert.stderr);
      assert.match(expert.stdout, /\/blogs\/tomas-ferreira/);
      const author = await runCliInProcess(['user', 'create', '--email', 'tomas@example.org', '--role', 'author', '--expert', 'tomas-ferreira'], env);
      assert.equal(author.code, 0, author.stderr);
    });

    test('user invite makes an account without a password and prints its one-time link last', async () => {
      const r = await runCliInProcess(['user', 'invite', '--email', 'Lena@Example.org', '--role', 'editor', '--name', 'Lena Park'], env);
      assert.equal(r.code, 0, r.stderr);
      const link = r.stdout.trim().split('\n').pop()!;
      assert.match(link, /^http:\/\/localhost:\d+\/admin\/invitations\/[A-Za-z0-9_-]{43}$/);
      const user = await t.handle.db.selectFrom('users').select(['name', 'role', 'passwordHash']).where('email', '=', 'lena@example.org').executeTakeFirstOrThrow();
      assert.deepEqual(user, { name: 'Lena Park', role: 'editor', passwordHash: null });
      const token = link.split('/').pop()!;
      const stored = await t.handle.db.selectFrom('userLinks').select('tokenHash').execute();
      assert.ok(
        stored.every((s) => s.tokenHash !== token),
        'only the hash of the link is stored',
      );
      const audit = await t.handle.db.selectFrom('auditEvents').select(['action', 'actorLabel']).where('subjectLabel', '=', 'lena@example.org').execute();
      assert.deepEqual(audit, [{ action: 'user.invite', actorLabel: 'command line: rostrum user invite' }]);
      const refused = await runCliInProcess(['user', 'invite', '--email', 'x@example.org', '--role', 'editor', '--password', 'not here either'], env);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /--password/);
    });

    test('bad arguments get a clear message and a non-zero exit code', async () => {
      const cases: Array<[string[], RegExp]> = [
        [['user', 'create', '--email', 'x@example.org', '--role', 'king'], /--role must be one of/],
        [['user', 'create', '--role', 'admin'], /--email is required/],
        [['user', 'create', '--email', 'not-an-email', '--role', 'admin'], /not an e-mail/],
        [['user', 'create', '--email', 'y@example.org', '--role', 'author', '--expert', 'nobody'], /no expert/],
        [['token', 'create', '--user', 'ghost@example.org'], /no user/],
        [['token', 'create'], /--user is required/],
        [['expert', 'create', '--name', 'X', '--slug', 'Bad Slug'], /--slug must be/],
        [['frobnicate'], /Unknown command/],
        [['user', 'create', '--bogus', '1'], /Unknown option/],
        // The API's limits (src/experts/routes.tsx), named by option.
        [['expert', 'create', '--title', 'T'], /--name is required/],
        [['expert', 'create', '--name', '   '], /--name is required/],
        [['expert', 'create', '--name', 'N'.repeat(201)], /--name must be at most 200 characters/],
        [['expert', 'create', '--name', 'Bell\u0007 Ringer'], /--name must not contain control characters/],
        [['expert', 'create', '--name', 'X', '--title', 'T'.repeat(301)], /--title must be at most 300 characters/],
        [['expert', 'create', '--name', 'X', '--affiliation', 'A'.repeat(301)], /--affiliation must be at most 300 characters/],
        [['expert', 'create', '--name', 'X', '--bio', 'B'.repeat(5001)], /--bio must be at most 5000 characters/],
        [['expert', 'create', '--name', 'X', '--email', 'x@example.org'], /--email does not apply/],
        [['expert', 'list'], /Usage: rostrum expert create .*--affiliation/],
        [['user', 'create', '--email', `${'e'.repeat(320)}@example.org`, '--role', 'admin'], /--email must be at most 320 characters/],
        [['user', 'create', '--email', 'z@example.org', '--role', 'admin', '--password', 'short'], /--password must be at least 10 characters/],
        [['user', 'create', '--email', 'z@example.org', '--role', 'author'], /--expert is required for an author/],
        [['token', 'create', '--user', 'nobody@example.org', '--label', 'L'.repeat(201)], /--label must be at most 200 characters/],
        [['token', 'create', '--user', 'not-an-email'], /--user is not an e-mail/],
        [['token', 'list'], /--user is required/],
        [['token', 'revoke', '--user', 'ghost@example.org'], /no user/],
        [['token', 'list', '--user', 'ghost@example.org'], /no user/],
        [['token', 'frob', '--user', 'x@example.org'], /Usage: rostrum token create\|list\|revoke/],
        [['demo', '--out', 'x.json'], /--out does not apply/],
        [['export', '--out', '/nonexistent-dir/export.json'], /--out: cannot write to \/nonexistent-dir\/export.json: its directory does not exist/],
        [['export', '--out', '/tmp'], /--out: cannot write to \/tmp: it is a directory/],
      ];
      // In this process: what is tested is the argument handling, not the process around it.
      for (const [args, message] of cases) {
        const r = await runCliInProcess(args, env);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, message, args.join(' '));
      }
      const experts = await t.handle.db.selectFrom('experts').select('name').execute();
      assert.ok(!experts.some((e) => e.name === 'X' || e.name.startsWith('NNN')), 'nothing was written');
    });

    test("token list shows a user's tokens without them; token revoke revokes all or by label, and revoked tokens stop working", async () => {
      assert.equal((await runCliInProcess(['user', 'create', '--email', 'ops@example.org', '--role', 'admin'], env)).code, 0);
      // Another user's token, which revoking ops@example.org's must leave alone.
      const bystander = await createUser(t.handle, { email: 'bystander@example.org', role: 'editor' });
      await createApiToken(t.handle, bystander.id, 'kept');
      const make = async (label?: string) => {
        const r = await runCliInProcess(['token', 'create', '--user', 'ops@example.org', ...(label === undefined ? [] : ['--label', label])], env);
        assert.equal(r.code, 0, r.stderr);
        return r.stdout.trim().split('\n').pop()!;
      };
      const [ci1, ci2, laptop, plain] = [await make('ci'), await make('ci'), await make('laptop'), await make()];
      assert.ok(await findUserByToken(t.handle, laptop), 'marks the laptop token as used');

      const list = await runCliInProcess(['token', 'list', '--user', 'ops@example.org'], env);
      assert.equal(list.code, 0, list.stderr);
      const lines = list.stdout.trim().split('\n');
      assert.match(lines[0]!, /^ID\s+LABEL\s+CREATED\s+LAST USED$/);
      assert.equal(lines.length, 5);
      assert.equal(lines.filter((l) => /\sci\s/.test(l)).length, 2);
      assert.match(
        lines.find((l) => /\slaptop\s/.test(l))!,
        /\d{4}-\d\d-\d\dT\S+\s+\d{4}-\d\d-\d\dT\S+$/,
        'created and last used',
      );
      assert.match(
        lines.find((l) => /\sci\s/.test(l))!,
        /never$/,
      );
      assert.ok(!list.stdout.includes('rst_'), 'never the token');
      const hashes = await t.handle.db.selectFrom('apiTokens').select('tokenHash').execute();
      assert.ok(
        hashes.every((h) => !list.stdout.includes(h.tokenHash)),
        'nor its hash',
      );

      const byLabel = await runCliInProcess(['token', 'revoke', '--user', 'ops@example.org', '--label', 'ci'], env);
      assert.equal(byLabel.code, 0, byLabel.stderr);
      assert.match(byLabel.stdout, /Revoked 2 API tokens labelled "ci"/);
      assert.equal(await findUserByToken(t.handle, ci1), undefined);
      assert.equal(await findUserByToken(t.handle, ci2), undefined);
      assert.equal((await findUserByToken(t.handle, laptop))?.email, 'ops@example.org');
      // An empty --label means the unlabelled tokens, never "all".
      const unlabelled = await runCliInProcess(['token', 'revoke', '--user', 'ops@example.org', '--label', ''], env);
      assert.match(unlabelled.stdout, /Revoked 1 API token labelled ""/);
      assert.equal(await findUserByToken(t.handle, plain), undefined);
      assert.ok(await findUserByToken(t.handle, laptop));

      const all = await runCliInProcess(['token', 'revoke', '--user', 'ops@example.org'], env);
      assert.equal(all.code, 0, all.stderr);
      assert.match(all.stdout, /Revoked 1 API token of ops@example.org/);
      assert.equal(await findUserByToken(t.handle, laptop), undefined);
      const empty = await runCliInProcess(['token', 'list', '--user', 'ops@example.org'], env);
      assert.match(empty.stdout, /has no API tokens/);
      const bystanderTokens = await runCliInProcess(['token', 'list', '--user', 'bystander@example.org'], env);
      assert.equal(bystanderTokens.stdout.trim().split('\n').length, 2, "another user's tokens are untouched");
    });

    test('demo loads a whole institution once; export writes it, media included, as one JSON document', { timeout: 300_000 }, async () => {
      // An expert made before the demo, which the export must carry with the demo's own.
      assert.equal((await runCliInProcess(['expert', 'create', '--name', 'Inês Duarte'], env)).code, 0);
      const demo = await runCli(['demo'], env);
      assert.equal(demo.code, 0, demo.stderr);
      const again = await runCli(['demo'], env);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /already has articles/);
      const out = `${t.config.dataDir}/export.json`;
      const r = await runCli(['export', '--out', out], env);
      assert.equal(r.code, 0, r.stderr);
      const doc = JSON.parse(fs.readFileSync(out, 'utf8')) as {
        format: string;
        experts: Array<{ slug: string; photo: number | null }>;
        articles: Array<{ body: string; image: number; expert: string; status: string }>;
        media: Array<{ id: number; original_base64: string; alt: string }>;
        settings: { name: string };
        portals: Array<{ articles: number[] }>;
      };
      assert.equal(doc.format, 'rostrum-export');
      assert.ok(doc.experts.some((e) => e.slug === 'ines-duarte'));
      assert.ok(doc.experts.filter((e) => e.photo !== null).length >= 3, 'three demo experts have portraits');
      assert.ok(doc.articles.length >= 12);
      assert.ok(doc.articles.every((a) => a.status === 'published' && a.image && a.body.length > 1000));
      const jpeg = Buffer.from(doc.media[0]!.original_base64, 'base64');
      assert.deepEqual([...jpeg.subarray(0, 3)], [0xff, 0xd8, 0xff]);
      assert.equal(doc.portals.length, 3);
      assert.ok(doc.portals.every((p) => p.articles.length > 0));
      // Media keys are snake_case, like the articles'.
      assert.deepEqual(Object.keys(doc.media[0]!).sort(), ['alt', 'created_at', 'credit', 'credit_url', 'hash', 'height', 'id', 'mime', 'original_base64', 'variant_widths', 'width']);
      assert.deepEqual(
        doc.media.map((m) => m.id),
        [...doc.media.map((m) => m.id)].sort((a, b) => a - b),
        'in id order',
      );
      const ids = new Set(doc.media.map((m) => m.id));
      assert.ok(
        doc.articles.every((a) => ids.has(a.image)),
        'every article image is in the export',
      );
      assert.deepEqual(
        fs.readdirSync(t.config.dataDir).filter((f) => f.includes('export')),
        ['export.json'],
        'no temporary file left',
      );
    });

    test('export piped into a reader that stops early (head) exits quietly', { timeout: 60_000 }, async () => {
      const child = spawn(process.execPath, ['bin/rostrum.js', 'export'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      assert.equal(code, 0, stderr);
      assert.doesNotMatch(stderr, /EPIPE|Error|at /);
    });
  });
}
