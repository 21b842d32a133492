import type { Selectable } from 'kysely';
import type { Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import type { NoticeKind, NoticesTable } from './tables.ts';

export type Notice = Selectable<NoticesTable>;

/** What a notice says, before it is written: to whom, about which article, and whether it may go by mail. */
export interface NewNotice {
  userId: number;
  articleId: number;
  kind: NoticeKind;
  articleTitle: string;
  actorName: string;
  note?: string;
  /** When it happens (a scheduled publication's moment); now when absent. */
  visibleAt?: string;
  /** Also by e-mail (the person's choice is asked again at sending time). */
  mail: boolean;
  /** The mail waits until then (a run of edits makes one mail); the notice's moment when absent. */
  mailNotBefore?: string;
}

/** Writes a notice, and its e-mail to be sent from its moment on; inside the caller's transaction. */
export async function recordNotice({ db }: Db, notice: NewNotice): Promise<number> {
  const now = nowIso();
  const visibleAt = notice.visibleAt ?? now;
  const { id } = await db
    .insertInto('notices')
    .values({
      userId: notice.userId,
      articleId: notice.articleId,
      kind: notice.kind,
      articleTitle: notice.articleTitle.slice(0, 500),
      actorName: notice.actorName.slice(0, 200),
      note: notice.note ?? '',
      visibleAt,
      createdAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (notice.mail)
    await db
      .insertInto('noticeMails')
      .values({ noticeId: id, notBefore: notice.mailNotBefore ?? visibleAt })
      .execute();
  return id;
}

/**
 * Withdraws what was announced for a moment still to come (a scheduled article's going live) when the
 * plan changes; the notices' mails go with them (the foreign key cascades).
 */
export async function withdrawComingNotices({ db }: Db, articleId: number, kind: NoticeKind): Promise<void> {
  await db.deleteFrom('notices').where('articleId', '=', articleId).where('kind', '=', kind).where('visibleAt', '>', nowIso()).execute();
}

/** Whether the person was given a notice of this kind about the article since then (edits are told once a while). */
export async function hasNoticeSince({ db }: Db, userId: number, articleId: number, kind: NoticeKind, since: string): Promise<boolean> {
  const row = await db.selectFrom('notices').select('id').where('userId', '=', userId).where('articleId', '=', articleId).where('kind', '=', kind).where('createdAt', '>=', since).executeTakeFirst();
  return row !== undefined;
}

/** A person's notices that have happened, newest first. */
export async function listNoticesOf({ db }: Db, userId: number, limit: number): Promise<Notice[]> {
  return (
    db
      .selectFrom('notices')
      .selectAll()
      .where('userId', '=', userId)
      .where('visibleAt', '<=', nowIso())
      // A scheduled article deleted before its time never went live.
      .where((eb) => eb.or([eb('kind', '!=', 'went_live'), eb('articleId', 'is not', null)]))
      .orderBy('visibleAt', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
  );
}

export interface NoticeSettings {
  emailOn: boolean;
  /** Their last dashboard visit; null before the first. */
  seenUntil: string | null;
}

export async function getNoticeSettings({ db }: Db, userId: number): Promise<NoticeSettings> {
  const row = await db.selectFrom('noticeSettings').select(['emailOff', 'seenUntil']).where('userId', '=', userId).executeTakeFirst();
  return { emailOn: !row || Number(row.emailOff) === 0, seenUntil: row?.seenUntil ?? null };
}

/** Turns a person's e-mail notices on or off; off also drops the mails still waiting for them. */
export async function setEmailNotices({ db }: Db, userId: number, on: boolean): Promise<void> {
  await db
    .insertInto('noticeSettings')
    .values({ userId, emailOff: on ? 0 : 1 })
    .onConflict((oc) => oc.column('userId').doUpdateSet({ emailOff: on ? 0 : 1 }))
    .execute();
}

/** Records a dashboard visit: what was visible until now is no longer new. Never moves back in time. */
export async function markNoticesSeen({ db }: Db, userId: number, at = nowIso()): Promise<void> {
  await db
    .insertInto('noticeSettings')
    .values({ userId, seenUntil: at })
    .onConflict((oc) =>
      oc
        .column('userId')
        .doUpdateSet({ seenUntil: at })
        .where((eb) => eb.or([eb('noticeSettings.seenUntil', 'is', null), eb('noticeSettings.seenUntil', '<', at)])),
    )
    .execute();
}
