import type { Generated } from 'kysely';

export interface AuditEventsTable {
  id: Generated<number>;
  at: string;
  /** Who did it; null for the system (scheduled work, the CLI) or a person since removed. */
  userId: number | null;
  /** The person's e-mail at the time, so the log still reads after their account goes. */
  actorLabel: string;
  action: string;
  subjectKind: string;
  subjectId: number | null;
  /** What the subject was called at the time: a title, an e-mail, a question. */
  subjectLabel: string;
  detail: string;
  ip: string;
}
export interface AuditTables {
  auditEvents: AuditEventsTable;
}
