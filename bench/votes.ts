// The voting scenario: POST /polls/:id/vote as fast as the servers take it. autocannon keeps no cookies,
// so every request is a new reader's first vote and every 200 is a ballot the database must hold.
// Measured on one SQLite process and on three processes sharing one PostgreSQL database, each on a
// fresh database of its own; afterwards the ballots are counted in the database and compared, option by
// option, with the 200s the load generator saw.
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { composeCapabilities } from '../src/compose.ts';
import { migrations, type Database, type Db } from '../src/schema.ts';
import { countVotes, createPoll, recountBallots, type PollCounts } from '../src/polls/store.ts';
import { cpuSeconds, killAllChildren, startRostrum, type ServerProcess } from './servers.ts';
import { percentile } from './load.ts';
import type { BenchOptions } from './options.ts';
import type { SqliteSynchronous } from '../src/db/connect.ts';

const OPTIONS = ['Yes', 'No', 'Too early to say'];

export interface VoteResult {
  name: string;
  description: string;
  database: 'sqlite' | 'postgres';
  /** SQLite's synchronous setting in this case (see ROSTRUM_SQLITE_SYNCHRONOUS). */
  sqliteSynchronous?: SqliteSynchronous;
  processes: number;
  /** 200 answers per second over the measurement. */
  votesPerSecond: number;
  /**
   * 200s per second over the first and over the last tenth of the votes: the poll starts empty and ends
   * with every vote of the run, so these say whether a vote costs more as its poll grows.
   */
  votesPerSecondAtStart: number;
  votesPerSecondAtEnd: number;
  p50Ms: number;
  p99Ms: number;
  /** 200 answers: ballots the servers said they counted. */
  accepted: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  /** Ballots in the database once the load is over. */
  counted: number;
  /** Whether the database holds exactly one ballot per 200, for each option. */
  exact: boolean;
  /** CPU time the Rostrum processes (not PostgreSQL) spent per vote, in microseconds. */
  cpuUsPerVote: number | undefined;
  /** votes/s divided by the bare server's requests/s measured in the same run; absent when there was none. */
  ratioToBare?: number;
}

export interface VotingReport {
  results: VoteResult[];
  /** Cases left out, with the reason. */
  skipped: string[];
}

/** Where a case's servers find their database, and how to count and remove it afterwards. */
export interface VoteDatabase {
  kind: 'sqlite' | 'postgres';
  /** SQLite only: how the servers sync commits. */
  synchronous?: SqliteSynchronous;
  /** Environment that points `rostrum serve` at it. */
  env: Record<string, string>;
  open(): Db;
  /** A function, not a method: runs keep it apart from its database, in their set of drops still pending. */
  drop: () => Promise<void>;
}

interface PollPair {
  warmup: { id: number; optionIds: number[] };
  measured: { id: number; optionIds: number[] };
}

const log = (message: string) => process.stderr.write(message + '\n');

// Databases of the voting part, so that an interrupted run can still remove them.
const pendingDrops = new Set<() => Promise<void>>();

/** Kills the voting servers and drops their databases; for a run that is being stopped. */
export async function abortVoting(): Promise<void> {
  killAllChildren();
  await Promise.allSettled([...pendingDrops].map((drop) => drop()));
}

export async function measureVoting(options: BenchOptions, tempDir: string): Promise<VotingReport> {
  const results: VoteResult[] = [];
  const skipped: string[] = [];
  // The default (FULL: every commit synced to disk) and NORMAL side by side, so that the run says what
  // surviving a power cut costs. FULL goes first: the operators' setting is also the target's case.
  for (const synchronous of ['full', 'normal'] as const) {
    const name = `votes, SQLite, 1 process, synchronous=${synchronous.toUpperCase()}`;
    results.push(await measureCase(name, 1, sqliteDatabase(path.join(tempDir, `votes-sqlite-${synchronous}`), synchronous), options));
  }
  const reachable = options.postgresAdminUrl ? await postgresAnswers(options.postgresAdminUrl) : 'BENCH_POSTGRES_URL is empty';
  if (reachable === true) {
    results.push(await measureCase('votes, PostgreSQL, 3 processes', 3, await postgresDatabase(options.postgresAdminUrl, path.join(tempDir, 'votes-pg')), options));
  } else {
    skipped.push(`votes, PostgreSQL, 3 processes: left out (${reachable})`);
    log(skipped[skipped.length - 1]!);
  }
  return { results, skipped };
}

/** One case: fresh database, servers, a warm-up that also sizes the measurement, the measurement, the count. */
async function measureCase(name: string, processes: number, database: VoteDatabase, options: BenchOptions): Promise<VoteResult> {
  const servers: ServerProcess[] = [];
  pendingDrops.add(database.drop);
  try {
    const polls = await preparePolls(database);
    for (let i = 0; i < processes; i++) servers.push(await startVoteServer(`votes-${database.kind}-${i + 1}`, database.env));
    await checkVoting(servers, polls.warmup);
    const description = `new readers' JSON votes, ${processes === 1 ? 'one process' : `round-robin over ${processes} processes`}, ${options.connections} connections`;
    log(`Measuring ${name}: ${description}`);

    // The warm-up goes to a poll of its own and runs for a time, so votes cut off by its end do not matter.
    // Its rate sizes the measurement, which sends a set number of votes and waits for every answer:
    // a vote still in flight when a timed run stops would be counted by the server but never seen here.
    const warm = await fireVotes(targetsFor(servers, polls.warmup), options.connections, { seconds: Math.max(1, options.warmup) });
    const votes = Math.max(options.connections * 20, Math.round(sustainedRate(warm) * options.duration));

    const cpuBefore = totalCpu(servers);
    const run = await fireVotes(targetsFor(servers, polls.measured), options.connections, { votes });
    const cpuAfter = totalCpu(servers);
    const { counted, exact } = await checkCounts(database, polls.measured.id, run.acceptedByOption);
    return {
      name,
      description,
      database: database.kind,
      ...(database.kind === 'sqlite' && { sqliteSynchronous: database.synchronous }),
      processes,
      votesPerSecond: run.accepted / run.seconds,
      ...ratesAtEnds(run.acceptedAt),
      p50Ms: percentile(run.latencies, 0.5),
      p99Ms: percentile(run.latencies, 0.99),
      accepted: run.accepted,
      non2xx: run.non2xx,
      errors: run.errors,
      timeouts: run.timeouts,
      seconds: run.seconds,
      counted,
      exact,
      cpuUsPerVote: cpuBefore !== undefined && cpuAfter !== undefined && run.accepted > 0 ? ((cpuAfter - cpuBefore) * 1e6) / run.accepted : undefined,
    };
  } finally {
    for (const server of servers.reverse()) await server.stop();
    await database.drop();
    pendingDrops.delete(database.drop);
  }
}

/** A fresh SQLite database in its own data directory, served with the given synchronous setting. */
export function sqliteDatabase(dataDir: string, synchronous: SqliteSynchronous = 'full'): VoteDatabase {
  const file = path.join(dataDir, 'rostrum.db');
  return {
    kind: 'sqlite',
    synchronous,
    env: { DATA_DIR: dataDir, DATABASE_URL: '', ROSTRUM_SQLITE_SYNCHRONOUS: synchronous },
    open: () => openDatabase<Database>({ kind: 'sqlite', url: file, synchronous }),
    drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** A fresh PostgreSQL database made for this run, dropped again at its end. */
export async function postgresDatabase(adminUrl: string, dataDir: string): Promise<VoteDatabase> {
  const name = `rostrum_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    // DATA_DIR holds media, which voting never touches; it keeps the servers out of ./data all the same.
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    open: () => openDatabase<Database>({ kind: 'postgres', url: url.toString(), poolSize: 2 }),
    drop: async () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** true, or why PostgreSQL cannot be used. */
export async function postgresAnswers(adminUrl: string): Promise<true | string> {
  try {
    await adminQuery(adminUrl, 'SELECT 1');
    return true;
  } catch (err) {
    return `PostgreSQL does not answer at ${adminUrl}: ${(err as Error).message}`;
  }
}

/** Migrates the database and makes two open polls, before any server runs. */
async function preparePolls(database: VoteDatabase): Promise<PollPair> {
  composeCapabilities();
  const handle = database.open();
  try {
    await migrateToLatest(handle, migrations);
    const make = async (question: string) => {
      const poll = await createPoll(handle, { question, options: OPTIONS, status: 'open' });
      return { id: poll.id, optionIds: poll.options.map((o) => o.id) };
    };
    return { warmup: await make('Warm-up: will the ceasefire hold?'), measured: await make('Will the treaty be ratified this year?') };
  } finally {
    await handle.close();
  }
}

/** `node bin/rostrum.js serve`, with per-address vote limits off: all the load comes from one address. */
function startVoteServer(name: string, databaseEnv: Record<string, string>): Promise<ServerProcess> {
  return startRostrum(databaseEnv.DATA_DIR!, { ...databaseEnv, ROSTRUM_VOTE_RATE_LIMIT: '0' }, name);
}

/** One vote per server before measuring: a scenario measuring refusals would look splendid. */
async function checkVoting(servers: ServerProcess[], poll: PollPair['warmup']): Promise<void> {
  for (const server of servers) {
    const response = await fetch(`${server.url}/polls/${poll.id}/vote`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ option: poll.optionIds[0] }),
    });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${server.name}: a vote answered ${response.status}: ${body}`);
  }
}

interface VoteTarget {
  url: string;
  optionId: number;
}

/**
 * One autocannon instance per option (its body is fixed), spread round-robin over the servers: with
 * three options and three processes each process gets one option's votes; with one process, all three.
 */
function targetsFor(servers: ServerProcess[], poll: { id: number; optionIds: number[] }): VoteTarget[] {
  return poll.optionIds.map((optionId, i) => ({ url: `${servers[i % servers.length]!.url}/polls/${poll.id}/vote`, optionId }));
}

interface VoteTally {
  accepted: number;
  acceptedByOption: Map<number, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  /** Response times of the 200s, sorted. */
  latencies: number[];
  /** performance.now() when each 200 arrived, in order. */
  acceptedAt: number[];
}

/** Runs one autocannon per target at once, sharing `connections` between them, for a time or a number of votes. */
async function fireVotes(targets: VoteTarget[], connections: number, size: { seconds: number } | { votes: number }): Promise<VoteTally> {
  const tally: VoteTally = { accepted: 0, acceptedByOption: new Map(), non2xx: 0, errors: 0, timeouts: 0, seconds: 0, latencies: [], acceptedAt: [] };
  const started = performance.now();
  await Promise.all(
    targets.map(async (target, i) => {
      const share = shareOf(connections, targets.length, i);
      const instance = autocannon({
        url: target.url,
        connections: share,
        ...('seconds' in size ? { duration: size.seconds } : { amount: Math.max(share, shareOf(size.votes, targets.length, i)) }),
        timeout: 10,
        requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ option: target.optionId }) }],
      });
      let accepted = 0;
      instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
        if (statusCode !== 200) return;
        accepted++;
        tally.latencies.push(responseTimeMs);
        tally.acceptedAt.push(performance.now());
      });
      const result = await instance;
      tally.accepted += accepted;
      tally.acceptedByOption.set(target.optionId, (tally.acceptedByOption.get(target.optionId) ?? 0) + accepted);
      tally.non2xx += result.non2xx;
      tally.errors += result.errors;
      tally.timeouts += result.timeouts;
    }),
  );
  // Wall time until the last instance finished: the rate the servers sustained together.
  tally.seconds = (performance.now() - started) / 1000;
  tally.latencies.sort((a, b) => a - b);
  return tally;
}

/** 200s per second over the second half of them: the first half also pays for the JIT warming up. */
function sustainedRate(tally: VoteTally): number {
  const n = tally.acceptedAt.length;
  const half = Math.floor(n / 2);
  const ms = n >= 20 ? tally.acceptedAt[n - 1]! - tally.acceptedAt[half]! : 0;
  return ms > 0 ? ((n - 1 - half) * 1000) / ms : tally.accepted / tally.seconds;
}

/**
 * 200s per second over the first and the last tenth of them, each timed from one answer to another:
 * from the run's start, the first tenth would also hold the time every connection takes to its first answer.
 */
function ratesAtEnds(acceptedAt: number[]): { votesPerSecondAtStart: number; votesPerSecondAtEnd: number } {
  const tenth = Math.floor(acceptedAt.length / 10);
  if (tenth < 2) return { votesPerSecondAtStart: 0, votesPerSecondAtEnd: 0 };
  const perSecond = (from: number, to: number) => {
    const ms = acceptedAt[to]! - acceptedAt[from]!;
    return ms > 0 ? ((to - from) * 1000) / ms : 0;
  };
  const last = acceptedAt.length - 1;
  return { votesPerSecondAtStart: perSecond(0, tenth), votesPerSecondAtEnd: perSecond(last - tenth, last) };
}

/** The i-th of `parts` near-equal shares of `total`, none below 1. */
function shareOf(total: number, parts: number, i: number): number {
  return Math.max(1, Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

function totalCpu(servers: ServerProcess[]): number | undefined {
  const times = servers.map((s) => cpuSeconds(s.pid));
  return times.every((t) => t !== undefined) ? times.reduce((sum: number, t) => sum + t!, 0) : undefined;
}

/**
 * Ballots in the database, and whether they match the 200s seen here option by option: both the
 * ballots counted afresh and the tallies the poll keeps.
 */
async function checkCounts(database: VoteDatabase, pollId: number, acceptedByOption: Map<number, number>): Promise<{ counted: number; exact: boolean }> {
  const handle = database.open();
  try {
    const [recount, tallies] = await Promise.all([recountBallots(handle, pollId), countVotes(handle, pollId)]);
    const accepted = [...acceptedByOption.values()].reduce((a, b) => a + b, 0);
    const matches = (counts: PollCounts) =>
      counts.voters === accepted && [...new Set([...acceptedByOption.keys(), ...counts.byOption.keys()])].every((id) => (counts.byOption.get(id) ?? 0) === (acceptedByOption.get(id) ?? 0));
    return { counted: recount.voters, exact: matches(recount) && matches(tallies) };
  } finally {
    await handle.close();
  }
}
