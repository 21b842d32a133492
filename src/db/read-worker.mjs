// One thread of the read pool (read-pool.ts): a read-only connection to the SQLite file that answers one
// query at a time, so that a slow read (a search, a sitemap's rows) keeps this thread busy, not the event
// loop. Plain JavaScript, loaded as it is: it must run both from src/ under tsx and beside the bundle in
// dist/, and a worker needs no TypeScript loader for thirty lines.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** @type {{ file: string; busyTimeoutMs: number; maxStatements: number }} */
const { file, busyTimeoutMs, maxStatements } = workerData;
const database = new Database(file, { readonly: true, fileMustExist: true });
// A writer checkpointing or a schema change can hold the file for a moment: wait for it rather than fail.
database.pragma(`busy_timeout = ${Number(busyTimeoutMs)}`);

/** Preparing is a good part of a small query's cost: the same SQL text gets the same statement (as connect.ts does). */
const statements = new Map();
function prepared(sql) {
  let statement = statements.get(sql);
  if (!statement) {
    if (statements.size >= maxStatements) statements.clear();
    statement = database.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

parentPort.on('message', ({ id, sql, parameters }) => {
  try {
    const statement = prepared(sql);
    // A statement that returns no rows would write, and a read-only connection refuses it with SQLite's own error.
    const answer = statement.reader ? { id, rows: statement.all(parameters) } : { id, rows: [], changes: statement.run(parameters).changes };
    parentPort.postMessage(answer);
  } catch (err) {
    parentPort.postMessage({ id, error: { message: err instanceof Error ? err.message : String(err), code: err?.code } });
  }
});
