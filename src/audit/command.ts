import type { Db } from '../schema.ts';
import type { Actor } from '../core/actor.ts';
import { withTransaction } from '../db/transaction.ts';
import { recordAuditEvent, type AuditEvent } from './store.ts';

/**
 * What a command needs from the entry point that runs it (an API route, an office form, the command
 * line, the demo loader): the database, how to tell every process that readers' pages changed, and
 * where the request came from, for the audit log.
 */
export interface CommandContext {
  handle: Db;
  /** Drops cached pages in every process and re-arms the scheduled-publication timer. */
  contentChanged(): void | Promise<void>;
  /** The client's address ('' or absent on the command line). */
  ip?: string;
}

/** What a command's work produced: its result, what the audit log records, and whether readers see it. */
export interface Change<T> {
  result: T;
  audit: AuditEvent | readonly AuditEvent[] | null;
  /** True when readers' pages show the change: caches are dropped in every process once it commits. */
  announce: boolean;
}

/**
 * Commits a change: the work and its audit entries in one transaction (a store's own transaction joins
 * it), then the announcement. A change that fails leaves nothing behind, not even its audit entry.
 */
export async function commit<T>(ctx: CommandContext, actor: Actor, work: (tx: Db) => Promise<Change<T>>): Promise<T> {
  const change = await withTransaction(ctx.handle, async (tx) => {
    const done = await work(tx);
    const events = done.audit === null ? [] : 'action' in done.audit ? [done.audit] : done.audit;
    for (const event of events) await recordAuditEvent(tx, actor, event, ctx.ip ?? '');
    return done;
  });
  if (change.announce) await ctx.contentChanged();
  return change.result;
}
