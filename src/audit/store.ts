import type { Selectable } from 'kysely';
import type { Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import type { AuditEventsTable } from './tables.ts';
import { actorLabel, type Actor } from '../core/actor.ts';

export type AuditEntry = Selectable<AuditEventsTable>;

/** What happened, in the words the log shows: `article.publish` on article 12 "Undercurrents…". */
export interface AuditEvent {
  action: string;
  subject: { kind: string; id?: number | null; label?: string };
  detail?: string;
}

/** Who the log names: a command's actor, or a person known only by id and e-mail (a sign-in attempt). */
export type AuditActor = Actor | { kind?: undefined; userId: number; email: string };

export async function recordAuditEvent({ db }: Db, actor: AuditActor | null, event: AuditEvent, ip = ''): Promise<void> {
  await db
    .insertInto('auditEvents')
    .values({
      at: nowIso(),
      userId: actor?.userId ?? null,
      actorLabel: actor ? (actor.kind === 'system' ? actorLabel(actor) : actor.email) : 'system',
      action: event.action.slice(0, 60),
      subjectKind: event.subject.kind.slice(0, 30),
      subjectId: event.subject.id ?? null,
      subjectLabel: (event.subject.label ?? '').slice(0, 300),
      detail: (event.detail ?? '').slice(0, 2000),
      ip: ip.slice(0, 64),
    })
    .execute();
}

export interface AuditQuery {
  limit: number;
  /** Entries older than this id (keyset pagination). */
  beforeId?: number;
  subject?: { kind: string; id: number };
  userId?: number;
  /** Only entries of this action ("poll.open"). */
  action?: string;
  /** Only entries about this kind of subject ("article"), and only these of them when ids are given. */
  subjectKind?: string;
  subjectIds?: number[];
  /** Only entries of these actions. */
  actions?: string[];
}

/** The log, newest first. */
export async function listAuditEvents({ db }: Db, q: AuditQuery): Promise<AuditEntry[]> {
  let query = db.selectFrom('auditEvents').selectAll();
  if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
  if (q.subject) query = query.where('subjectKind', '=', q.subject.kind).where('subjectId', '=', q.subject.id);
  if (q.userId !== undefined) query = query.where('userId', '=', q.userId);
  if (q.action !== undefined) query = query.where('action', '=', q.action);
  if (q.actions !== undefined) query = query.where('action', 'in', q.actions.length ? q.actions : ['']);
  if (q.subjectKind !== undefined) query = query.where('subjectKind', '=', q.subjectKind);
  if (q.subjectIds !== undefined) query = query.where('subjectId', 'in', q.subjectIds.length ? q.subjectIds : [-1]);
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}

/** Every action the log holds, for the filter on the log's page. */
export async function listAuditActions({ db }: Db): Promise<string[]> {
  const rows = await db.selectFrom('auditEvents').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}
