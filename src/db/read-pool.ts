import path from 'node:path';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { projectRoot } from '../core/project-root.ts';
import { SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type QueryResult } from 'kysely';

/*
 * better-sqlite3 is synchronous: a query on the main connection holds the event loop until it ends, and every
 * other request of the process waits. The read pool runs queries on worker threads instead, each with its own
 * read-only connection to the same file; in WAL mode they read the last committed state while the main
 * connection writes. A Kysely on it (readPoolDialect) takes the queries that can take more than a millisecond or
 * so: searches, sitemaps, whole-archive lists. It sees committed data only, so it never serves a request
 * that reads what it has just written.
 */

export interface ReadPoolOptions {
  /** The SQLite file (not `:memory:`, which no other connection can open). */
  file: string;
  /** Worker threads at most; each starts with the first query that finds the others busy. */
  threads: number;
  busyTimeoutMs?: number;
}

interface Job {
  sql: string;
  parameters: readonly unknown[];
  resolve(result: QueryResult<unknown>): void;
  reject(err: Error): void;
}

interface Answer {
  id: number;
  rows?: unknown[];
  changes?: number;
  error?: { message: string; code?: string };
}

interface Thread {
  worker: Worker;
  /** The query it is running, by the id its answer carries. */
  running?: { id: number; job: Job };
}

/** The worker's file, plain JavaScript that runs as it is, from src/ under tsx and beside the bundle in dist/ alike. */
const workerFile = () => path.join(projectRoot(), 'src', 'db', 'read-worker.mjs');

/** A query's failure as the caller would have seen it on the main connection: a SqliteError with SQLite's code. */
function queryError(error: NonNullable<Answer['error']>): Error {
  return error.code ? new SQLite.SqliteError(error.message, error.code) : new Error(error.message);
}

export class ReadPool {
  private readonly threads: Thread[] = [];
  private readonly waiting: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly file: string;

  constructor(private readonly options: ReadPoolOptions) {
    this.file = workerFile();
  }

  /** Runs one statement on a free thread (or the next one to be free) and resolves with its rows. */
  run(sql: string, parameters: readonly unknown[]): Promise<QueryResult<unknown>> {
    if (this.closed) return Promise.reject(new Error('The read pool is closed'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ sql, parameters, resolve, reject });
      this.dispatch();
    });
  }

  /** Threads started so far (for tests). */
  get size(): number {
    return this.threads.length;
  }

  /** Ends every thread; queries not yet answered are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    const stopped = new Error('The read pool was closed before the query ran');
    for (const job of this.waiting.splice(0)) job.reject(stopped);
    const threads = this.threads.splice(0);
    for (const thread of threads) thread.running?.job.reject(stopped);
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      const thread = this.threads.find((t) => !t.running) ?? (this.threads.length < this.options.threads ? this.start() : undefined);
      if (!thread) return;
      const job = this.waiting.shift()!;
      const id = this.nextId++;
      thread.running = { id, job };
      // A thread with work holds the process open; an idle one does not (a command that is done can end).
      thread.worker.ref();
      thread.worker.postMessage({ id, sql: job.sql, parameters: job.parameters });
    }
  }

  private start(): Thread {
    const worker = new Worker(this.file, {
      workerData: { file: this.options.file, busyTimeoutMs: this.options.busyTimeoutMs ?? 5000, maxStatements: 1000 },
      // Plain JavaScript: the TypeScript loader the main thread may run with would only slow the start.
      execArgv: [],
    });
    const thread: Thread = { worker };
    this.threads.push(thread);
    worker.on('message', (answer: Answer) => this.answered(thread, answer));
    // An uncaught failure in the thread (it could not open the file, say) ends it: 'exit' follows and replaces it.
    worker.on('error', (err) => this.stopped(thread, err));
    worker.on('exit', (code) => this.stopped(thread, new Error(`A read thread stopped (exit code ${code})`)));
    return thread;
  }

  private answered(thread: Thread, answer: Answer): void {
    const running = thread.running;
    if (!running || running.id !== answer.id) return;
    thread.running = undefined;
    thread.worker.unref();
    if (answer.error) running.job.reject(queryError(answer.error));
    else running.job.resolve(answer.changes === undefined ? { rows: answer.rows ?? [] } : { rows: [], numAffectedRows: BigInt(answer.changes) });
    this.dispatch();
  }

  /** A thread that died takes its query with it (rejected, never left hanging); the next query starts another thread. */
  private stopped(thread: Thread, reason: Error): void {
    const at = this.threads.indexOf(thread);
    if (at < 0) return;
    this.threads.splice(at, 1);
    thread.running?.job.reject(reason);
    thread.running = undefined;
    if (!this.closed) this.dispatch();
  }
}

const refuseTransaction = () => Promise.reject(new Error('The read pool runs single reads: transactions belong on the main connection'));

/** The one connection Kysely sees: stateless, so any number of queries may be under way on it at once. */
class ReadPoolConnection implements DatabaseConnection {
  constructor(private readonly pool: ReadPool) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.pool.run(query.sql, query.parameters) as Promise<QueryResult<R>>;
  }

  // eslint-disable-next-line require-yield -- the interface asks for a generator; nothing here streams
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('The read pool does not stream query results');
  }
}

class ReadPoolDriver implements Driver {
  private readonly connection: ReadPoolConnection;

  constructor(private readonly pool: ReadPool) {
    this.connection = new ReadPoolConnection(pool);
  }

  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection;
  }
  beginTransaction = refuseTransaction;
  commitTransaction = refuseTransaction;
  rollbackTransaction = refuseTransaction;
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {
    await this.pool.close();
  }
}

/** SQLite's dialect with its queries run by the pool's threads; destroying the Kysely closes the pool. */
export function readPoolDialect(pool: ReadPool): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new ReadPoolDriver(pool),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}
