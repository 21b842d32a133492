// Votes fired all at once at real `rostrum serve` processes: on PostgreSQL three processes share one
// database, as behind a load balancer; on SQLite one process serves alone. Whichever process a reader
// reaches, and however their requests race, each reader is counted exactly once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { runCli } from '../../test/cli.ts';
import { isRunning, startServe, stopServe, type ServeProcess } from '../../test/servers.ts';
import { createApiToken, createUser } from '../users/store.ts';
import { countVotes, recountBallots } from './store.ts';

interface PollAnswer {
  id: number;
  options: Array<{ id: number; label: string }>;
}

interface Results {
  total: number;
  options: Array<{ id: number; votes: number }>;
}

/**
 * single: votes once, without a cookie, as a new reader.
 * repeat-after: votes as a new reader, then at once again with the cookie it got, to another process.
 * repeat-at-once: already has a cookie (from an earlier poll) and sends two votes together to two processes.
 */
type ReaderKind = 'single' | 'repeat-after' | 'repeat-at-once';

interface Reader {
  kind: ReaderKind;
  /** Index of the process the first vote goes to; a repeat goes to the next one. */
  server: number;
  /** Index of the option in the first vote; a repeat asks for the next option, so a leaked repeat would show in the counts. */
  option: number;
  /** Cookie header of a repeat-at-once reader, set before the burst. */
  cookie?: string;
}

interface Outcome {
  status: number;
  code?: string;
  /** The option id the request voted for. */
  optionId: number;
  cookie?: string;
}

// Two in three readers vote once; one in six repeats after their vote, one in six races two votes.
const kindCycle: ReaderKind[] = ['single', 'single', 'single', 'single', 'repeat-after', 'repeat-at-once'];
// Uneven shares (40/20/20/20 %), so a count going to the wrong option cannot balance out.
const optionCycle = [0, 0, 1, 2, 3];
const CONCURRENCY = 200;

const plans = { postgres: { processes: 3, readers: 3_000 }, sqlite: { processes: 1, readers: 600 } };

for (const kind of await databaseKinds()) {
  const plan = plans[kind];
  describe(`${plan.readers} readers voting at once at ${plan.processes} \`rostrum serve\` on ${kind}`, { timeout: 240_000 }, () => {
    let db: TestDatabase;
    let token: string;
    const servers: ServeProcess[] = [];
    let urls: string[] = [];

    before(async () => {
      db = await createTestDatabase(kind);
      const editor = await createUser(db.handle, { email: 'editor@rostrum.test', role: 'editor' });
      token = await createApiToken(db.handle, editor.id);
      // Bundle once here, rather than once per process at the same time.
      assert.equal((await runCli(['help'], {})).code, 0);
      const env = {
        ...db.cliEnv,
        HOST: '127.0.0.1',
        PORT: '0',
        PUBLIC_URL: 'http://rostrum.test',
        ROSTRUM_DEMO: '0',
        ROSTRUM_LOG_LEVEL: 'warn',
        // The flood comes from one address; a per-address limit would refuse most of it.
        ROSTRUM_VOTE_RATE_LIMIT: '0',
      };
      for (let i = 0; i < plan.processes; i++) servers.push(startServe(env));
      urls = await Promise.all(servers.map((s) => s.url));
    });

    after(async () => {
      await Promise.all(servers.map(stopServe));
      await db?.drop();
    });

    test('each reader is counted exactly once, every repeat is refused, nothing fails', async () => {
      const poll = await createOpenPoll(urls[0]!, token, 'Will the northern corridor open by 2030?', ['Yes', 'No', 'Partly', 'Unsure']);
      const readers = Array.from({ length: plan.readers }, (_, i): Reader => ({
        kind: kindCycle[i % kindCycle.length]!,
        server: i % urls.length,
        option: optionCycle[i % optionCycle.length]!,
      }));

      // Readers who race two votes need a cookie first: they answered last week's poll.
      const earlier = await createOpenPoll(urls[urls.length - 1]!, token, 'Was the summit a success?', ['Yes', 'No']);
      const racers = readers.filter((r) => r.kind === 'repeat-at-once');
      await runBounded(racers, CONCURRENCY, async (reader) => {
        const outcome = await vote(urls[reader.server]!, earlier.id, earlier.options[0]!.id);
        assert.equal(outcome.status, 200, `earlier poll: ${outcome.code}`);
        reader.cookie = outcome.cookie;
      });
      assert.ok(racers.every((r) => r.cookie?.includes('rostrum_voter=')));

      const outcomes: Outcome[][] = new Array(readers.length);
      await runBounded(
        readers.map((reader, index) => ({ reader, index })),
        CONCURRENCY,
        async ({ reader, index }) => {
          outcomes[index] = await castAsReader(reader, urls, poll);
        },
      );

      const problems: string[] = [];
      const expected = new Map(poll.options.map((o) => [o.id, 0]));
      outcomes.forEach((pair, i) => {
        const accepted = pair.filter((o) => o.status === 200);
        const refused = pair.filter((o) => o.status === 409 && o.code === 'repeat');
        if (accepted.length !== 1 || refused.length !== pair.length - 1) {
          problems.push(`reader ${i} (${readers[i]!.kind}): ${pair.map((o) => `${o.status} ${o.code ?? ''}`.trim()).join(', ')}`);
        }
        for (const o of accepted) expected.set(o.optionId, expected.get(o.optionId)! + 1);
      });
      // The servers' own logs say why a request failed (a 500's stack trace, say).
      const logs = () => servers.map((s, i) => `--- process ${i + 1}:\n${s.output.slice(-4000)}`).join('\n');
      assert.deepEqual(problems.slice(0, 10), [], `${problems.length} readers got unexpected answers\n${logs()}`);
      assert.equal(
        [...expected.values()].reduce((a, b) => a + b, 0),
        readers.length,
      );

      // Every process reports the same exact count, and so does the database itself.
      for (const url of urls) {
        const results = (await getJson(`${url}/api/v1/public/polls/${poll.id}`)) as Results;
        assert.equal(results.total, readers.length, `total voters from ${url}`);
        assert.deepEqual(new Map(results.options.map((o) => [o.id, o.votes])), expected, `votes per option from ${url}`);
      }
      const counts = await countVotes(db.handle, poll.id);
      assert.equal(counts.voters, readers.length);
      assert.deepEqual(counts.byOption, expected);
      assert.deepEqual(await recountBallots(db.handle, poll.id), counts, 'the tallies agree with the ballots counted afresh');
      assert.equal((await countVotes(db.handle, earlier.id)).voters, racers.length);

      for (const server of servers) assert.ok(isRunning(server), server.output);
    });
  });
}

/** One reader's requests; answers in the order sent. */
async function castAsReader(reader: Reader, urls: string[], poll: PollAnswer): Promise<Outcome[]> {
  const optionId = (shift: number) => poll.options[(reader.option + shift) % poll.options.length]!.id;
  const first = urls[reader.server]!;
  const other = urls[(reader.server + 1) % urls.length]!;
  if (reader.kind === 'single') return [await vote(first, poll.id, optionId(0))];
  if (reader.kind === 'repeat-at-once') {
    return Promise.all([vote(first, poll.id, optionId(0), reader.cookie), vote(other, poll.id, optionId(1), reader.cookie)]);
  }
  const vote1 = await vote(first, poll.id, optionId(0));
  // Without a cookie the repeat would be a new reader; a first vote that failed is reported as it is.
  if (!vote1.cookie) return [vote1];
  return [vote1, await vote(other, poll.id, optionId(1), vote1.cookie)];
}

/** POSTs a JSON ballot as a script on the page does; returns the status, the refusal code and the cookies set. */
async function vote(baseUrl: string, pollId: number, optionId: number, cookie?: string): Promise<Outcome> {
  try {
    const response = await fetch(`${baseUrl}/polls/${pollId}/vote`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie && { cookie }) },
      body: JSON.stringify({ option: optionId }),
    });
    const body = (await response.json().catch(() => ({}))) as { error?: { code?: string }; total?: unknown };
    if (response.status === 200 && typeof body.total !== 'number') return { status: -1, code: 'a 200 without results', optionId };
    // What a browser would send back next: every cookie set, name=value only.
    const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]!);
    return { status: response.status, code: body.error?.code, optionId, cookie: cookies.length ? cookies.join('; ') : cookie };
  } catch (err) {
    // A refused or reset connection: reported with the other unexpected answers.
    return { status: 0, code: String((err as Error).cause ?? err), optionId };
  }
}

async function createOpenPoll(baseUrl: string, token: string, question: string, options: string[]): Promise<PollAnswer> {
  const response = await fetch(`${baseUrl}/api/v1/polls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ question, options, status: 'open' }),
  });
  const body = await response.text();
  assert.equal(response.status, 201, body);
  return JSON.parse(body) as PollAnswer;
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  const body = await response.text();
  assert.equal(response.status, 200, `${url}: ${body}`);
  return JSON.parse(body);
}

/** Runs `work` on every item with at most `limit` running at once, so the machine and the sockets cope. */
async function runBounded<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
