import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { runCli } from '../../test/cli.ts';

const envSecret = 'an-environment-secret-of-forty-characters';

test('help lists the secret commands', async () => {
  const r = await runCli(['help'], {});
  assert.equal(r.code, 0);
  for (const command of ['secret rotate', 'secret prune', 'secret status', 'ROSTRUM_SECRET']) assert.ok(r.stdout.includes(command), command);
});

for (const kind of await databaseKinds()) {
  describe(`rostrum secret on ${kind}`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(kind);
    });
    after(() => t.drop());

    const storedList = async () => {
      const row = await t.handle.db.selectFrom('settings').select('value').where('key', '=', 'secret.cookie').executeTakeFirst();
      return row?.value.split(',');
    };
    const auditOf = (action: string) => t.handle.db.selectFrom('auditEvents').select(['actorLabel', 'userId', 'subjectLabel', 'detail']).where('action', '=', action).orderBy('id').execute();

    test('rotate puts a new secret first and keeps the earlier ones; prune keeps only the first; both are in the audit log; no secret is printed', async () => {
      const first = await runCli(['secret', 'rotate'], t.cliEnv);
      assert.equal(first.code, 0, first.stderr);
      const afterFirst = (await storedList())!;
      assert.equal(afterFirst.length, 2, 'the secret made on first use, and the new one before it');
      assert.match(first.stdout, /A new signing secret signs from now on; 1 earlier secret still verifies\./);
      assert.match(first.stdout, /Running Rostrum processes on this database take it up within a minute, without a restart/);

      const second = await runCli(['secret', 'rotate'], t.cliEnv);
      assert.equal(second.code, 0, second.stderr);
      const afterSecond = (await storedList())!;
      assert.equal(afterSecond.length, 3);
      assert.deepEqual(afterSecond.slice(1), afterFirst, 'the earlier secrets are kept, in order, after the new one');
      assert.match(second.stdout, /2 earlier secrets still verify/);

      const status = await runCli(['secret', 'status'], t.cliEnv);
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, /in the database: 3 \(the first signs; any verifies\)\. A backup of the database carries them/);

      const prune = await runCli(['secret', 'prune'], t.cliEnv);
      assert.equal(prune.code, 0, prune.stderr);
      assert.match(prune.stdout, /Dropped 2 earlier signing secrets/);
      assert.deepEqual(await storedList(), [afterSecond[0]]);
      const again = await runCli(['secret', 'prune'], t.cliEnv);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /nothing to drop/);

      for (const output of [first, second, status, prune, again]) {
        for (const secret of afterSecond) assert.ok(!output.stdout.includes(secret) && !output.stderr.includes(secret), 'no secret is printed');
      }
      assert.deepEqual(await auditOf('secret.rotate'), [
        { actorLabel: 'command line: rostrum secret rotate', userId: null, subjectLabel: 'signing secret', detail: 'from the command line; 1 earlier secret still verifies' },
        { actorLabel: 'command line: rostrum secret rotate', userId: null, subjectLabel: 'signing secret', detail: 'from the command line; 2 earlier secrets still verify' },
      ]);
      assert.deepEqual(await auditOf('secret.prune'), [
        { actorLabel: 'command line: rostrum secret prune', userId: null, subjectLabel: 'signing secret', detail: 'from the command line; dropped 2 earlier signing secrets' },
      ]);
    });

    test('with ROSTRUM_SECRET set, rotate and prune tell the operator to rotate the environment and change nothing', async () => {
      const before = await storedList();
      for (const sub of ['rotate', 'prune']) {
        const r = await runCli(['secret', sub], { ...t.cliEnv, ROSTRUM_SECRET: envSecret });
        assert.equal(r.code, 2, `${sub}: ${r.stderr}`);
        assert.match(r.stderr, /ROSTRUM_SECRET is set, so the secrets in the database are not used\. Rotate in the environment instead: put a new secret/);
      }
      assert.deepEqual(await storedList(), before);
      const status = await runCli(['secret', 'status'], { ...t.cliEnv, ROSTRUM_SECRET: `${envSecret},${envSecret}-older` });
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, /come from ROSTRUM_SECRET: 2/);
    });

    test('a ROSTRUM_SECRET too short to be safe stops every command at start with a clear message', async () => {
      for (const args of [['secret', 'status'], ['migrate'], ['serve']]) {
        const r = await runCli(args, { ...t.cliEnv, ROSTRUM_SECRET: 'changeme' });
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, /^rostrum: Invalid configuration ROSTRUM_SECRET: the secret is 8 characters long; each must be at least 32/);
      }
    });

    test('usage errors', async () => {
      const r = await runCli(['secret', 'show'], t.cliEnv);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /Usage: rostrum secret rotate\|prune\|status/);
      const extra = await runCli(['secret', 'rotate', '--label', 'x'], t.cliEnv);
      assert.equal(extra.code, 2);
      assert.match(extra.stderr, /--label does not apply/);
    });
  });
}
