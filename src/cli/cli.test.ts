import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { runCli } from '../../test/cli.ts';
import { findUserByToken } from '../users/store.ts';

test('help lists every command', async () => {
  const r = await runCli(['help'], {});
  assert.equal(r.code, 0);
  for (const command of ['serve', 'migrate', 'demo', 'export', 'user create', 'token create', 'expert create']) assert.ok(r.stdout.includes(command), command);
});

for (const kind of await databaseKinds()) {
  describe(`rostrum CLI on ${kind}`, () => {
    let t: TestDatabase;
    let env: Record<string, string>;
    before(async () => {
      t = await createTestDatabase(kind);
      env = { DATABASE_URL: kind === 'postgres' ? t.url : `sqlite:${t.url}`, DATA_DIR: t.config.dataDir };
    });
    after(() => t.drop());

    test('user create, token create (token alone on the last line, only its hash stored), expert create', async () => {
      const user = await runCli(['user', 'create', '--email', 'Editor@Example.org', '--role', 'editor', '--password', 'correct horse battery'], env);
      assert.equal(user.code, 0, user.stderr);
      const token = await runCli(['token', 'create', '--user', 'editor@example.org'], env);
      assert.equal(token.code, 0, token.stderr);
      const last = token.stdout.trim().split('\n').pop()!;
      assert.match(last, /^rst_[A-Za-z0-9_-]{43}$/);
      assert.equal((await findUserByToken(t.handle, last))?.email, 'editor@example.org');
      const stored = await t.handle.db.selectFrom('apiTokens').select('tokenHash').execute();
      assert.ok(stored.every((s) => s.tokenHash !== last));
      assert.ok(stored.some((s) => s.tokenHash === createHash('sha256').update(last).digest('hex')));
      const hash = await t.handle.db.selectFrom('users').select('passwordHash').where('email', '=', 'editor@example.org').executeTakeFirstOrThrow();
      assert.match(hash.passwordHash!, /^\$argon2id\$/);
      const expert = await runCli(['expert', 'create', '--name', 'Tomás Ferreira', '--title', 'Fellow'], env);
      assert.equal(expert.code, 0, expert.stderr);
      assert.match(expert.stdout, /\/blogs\/tomas-ferreira/);
      const author = await runCli(['user', 'create', '--email', 'tomas@example.org', '--role', 'author', '--expert', 'tomas-ferreira'], env);
      assert.equal(author.code, 0, author.stderr);
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
      ];
      for (const [args, message] of cases) {
        const r = await runCli(args, env);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, message, args.join(' '));
      }
    });

    test('demo loads a whole institution once; export writes it, media included, as one JSON document', { timeout: 120_000 }, async () => {
      const demo = await runCli(['demo'], env);
      assert.equal(demo.code, 0, demo.stderr);
      const again = await runCli(['demo'], env);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /already has articles/);
      const out = `${t.config.dataDir}/export.json`;
      const r = await runCli(['export', '--out', out], env);
      assert.equal(r.code, 0, r.stderr);
      const doc = JSON.parse(fs.readFileSync(out, 'utf8')) as {
        format: string; experts: Array<{ slug: string; photo: number | null }>; articles: Array<{ body: string; image: number; expert: string; status: string }>;
        media: Array<{ id: number; original_base64: string; alt: string }>; settings: { name: string }; portals: Array<{ articles: number[] }>;
      };
      assert.equal(doc.format, 'rostrum-export');
      assert.ok(doc.experts.some((e) => e.slug === 'tomas-ferreira'));
      assert.ok(doc.experts.filter((e) => e.photo !== null).length >= 3, 'three demo experts have portraits');
      assert.ok(doc.articles.length >= 12);
      assert.ok(doc.articles.every((a) => a.status === 'published' && a.image && a.body.length > 1000));
      const jpeg = Buffer.from(doc.media[0]!.original_base64, 'base64');
      assert.deepEqual([...jpeg.subarray(0, 3)], [0xff, 0xd8, 0xff]);
      assert.equal(doc.portals.length, 3);
      assert.ok(doc.portals.every((p) => p.articles.length > 0));
    });
  });
}
