import type { Generated } from 'kysely';

/** What a notice tells: a step of the workflow, or a change to a piece already out. */
export const noticeKinds = ['submitted', 'returned', 'published', 'scheduled', 'went_live', 'unpublished', 'edited'] as const;
export type NoticeKind = (typeof noticeKinds)[number];

/**
 * One thing a person is told about an article. The title and the names are kept as they were, so a
 * notice reads the same after the article is renamed or deleted (then `articleId` is null). A notice
 * about a future moment (a scheduled article going live) is written at scheduling time with that moment
 * as `visibleAt`: the dashboard shows it and the mail goes only from then on, and a change of plan
 * deletes it (and its mail) in the transaction that changes the plan.
 */
export interface NoticesTable {
  id: Generated<number>;
  userId: number;
  articleId: number | null;
  kind: NoticeKind;
  articleTitle: string;
  /** Who did it, as the office names them ('' for the system: the clock, the command line). */
  actorName: string;
  /** The editor's note of a return; '' otherwise. */
  note: string;
  visibleAt: string;
  createdAt: string;
}

/** A notice's e-mail, waiting, being sent (claimed until a moment), sent, or given up. */
export interface NoticeMailsTable {
  id: Generated<number>;
  noticeId: number;
  /** Not sent before this moment: the notice's own, then later after each failed attempt (backoff). */
  notBefore: string;
  attempts: Generated<number>;
  /** A process that claimed the mail sends it until then; past it, another may claim it again. */
  claimedUntil: string | null;
  /** Who claimed it last (a random value per claim), so a late finisher cannot mark another's claim. */
  claimToken: string | null;
  sentAt: string | null;
  /** Set when the last attempt failed: no more tries. */
  failedAt: string | null;
  lastError: string | null;
}

/** A person's choices about notices, and when they last saw them; no row means the defaults (mail on, nothing seen). */
export interface NoticeSettingsTable {
  userId: number;
  /** 1 when the person turned e-mail notices off. */
  emailOff: Generated<number>;
  /** The moment of their last dashboard visit: notices visible after it are new. */
  seenUntil: string | null;
}

export interface NoticeTables {
  notices: NoticesTable;
  noticeMails: NoticeMailsTable;
  noticeSettings: NoticeSettingsTable;
}
