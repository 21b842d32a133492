import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import { canReachPostgres, createTestDatabase, type TestDatabase } from '../../test/databases.ts';
import { runCli } from '../../test/cli.ts';
import { getSetting } from '../site/store.ts';
import { demoArticles, demoExperts } from './content.ts';
import { demoArticleTranslations } from './content-ru.ts';
import { demoStateKey } from './load.ts';

interface Server {
  child: ChildProcess;
  stderr: string;
  /** The address it listens on, from its "listening on" line. */
  url: Promise<string>;
}

function startServer(env: Record<string, string>): Server {
  const child = spawn(process.execPath, ['bin/rostrum.js', 'serve'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const server: Server = { child, stderr: '', url: Promise.resolve('') };
  server.url = new Promise((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      server.stderr += d;
      const match = /listening on (http:\/\/[^\s,)]+)/.exec(server.stderr);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code, signal) => reject(new Error(`rostrum serve exited (${code ?? signal}) before listening:\n${server.stderr}`)));
  });
  return server;
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

const reachable = await canReachPostgres();

describe('three `rostrum serve` starting together on one fresh PostgreSQL database', { skip: reachable ? false : 'PostgreSQL is not reachable', timeout: 300_000 }, () => {
  let db: TestDatabase;
  const servers: Server[] = [];

  before(async () => {
    // Unmigrated, so that the three processes race for the migrations too.
    db = await createTestDatabase('postgres', {}, { migrate: false });
    // Bundle once here, rather than three times at once in the servers.
    assert.equal((await runCli(['help'], {})).code, 0);
  });

  after(async () => {
    await Promise.all(servers.map(stopServer));
    await db?.drop();
  });

  test('exactly one loads the demo; all three serve it and stay up', async () => {
    const env = { ...db.cliEnv, HOST: '127.0.0.1', PORT: '0', PUBLIC_URL: 'http://rostrum.test', ROSTRUM_DEMO: '1', ROSTRUM_LOG_LEVEL: 'warn' };
    for (let i = 0; i < 3; i++) servers.push(startServer(env));
    const urls = await Promise.all(servers.map((s) => s.url));
    assert.equal(new Set(urls).size, 3);
    for (const base of urls) {
      const response = await fetch(`${base}/`);
      assert.equal(response.status, 200, `${base}/`);
      await response.arrayBuffer();
    }

    const { handle } = db;
    const count = async (table: 'experts' | 'articles' | 'media') =>
      Number(
        (
          await handle.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    assert.equal(await count('experts'), demoExperts.length);
    const articles = demoArticles.length + demoArticleTranslations.length;
    assert.equal(await count('articles'), articles);
    assert.equal(await count('media'), demoExperts.length + articles);
    const duplicateArticles = await sql`select expert_id, slug from articles group by expert_id, slug having count(*) > 1`.execute(handle.db);
    assert.deepEqual(duplicateArticles.rows, []);
    const duplicateExperts = await sql`select slug from experts group by slug having count(*) > 1`.execute(handle.db);
    assert.deepEqual(duplicateExperts.rows, []);
    assert.equal(await getSetting(handle, demoStateKey), 'loaded');

    const loaders = servers.filter((s) => s.stderr.includes('Loading demo content'));
    assert.equal(loaders.length, 1, 'one process loaded the demo');
    for (const s of servers) {
      assert.equal(s.child.exitCode, null, s.stderr);
      assert.equal(s.child.signalCode, null, s.stderr);
    }
  });
});
