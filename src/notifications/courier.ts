import { randomBytes } from 'node:crypto';
import type { Db } from '../schema.ts';
import type { Mailer } from '../mail/mailer.ts';
import { nowIso } from '../db/time.ts';
import { getArticleById } from '../articles/store.ts';
import { isPublic } from '../articles/workflow.ts';
import { articlePath } from '../articles/paths.ts';
import { getExpertById } from '../experts/store.ts';
import { getSiteSettings } from '../site/store.ts';
import { editionPrefix } from '../views/i18n/languages.ts';
import { formatDateTime } from '../views/format.ts';
import { getUserById } from '../users/store.ts';
import { getNoticeSettings } from './store.ts';
import { noticeMail } from './mail-text.ts';
import { unsubscribePath, unsubscribeToken } from './unsubscribe.ts';

export interface CourierOptions {
  publicUrl: string;
  onError?: (message: string, err: unknown) => void;
  /** How often waiting mail is looked for even when nobody nudges (mail written by another process, retries). */
  pollMs?: number;
  /** How long a claim holds: a process that dies while sending leaves the mail to another after this. */
  leaseMs?: number;
  /** Tries before a mail is given up. */
  maxAttempts?: number;
  /** A mail that could not go for this long is stale: given up (a mail server configured weeks later sends no backlog). */
  staleMs?: number;
}

const batch = 20;

/** Waits after the n-th failed try: 1, 2, 4 … minutes, at most an hour. */
export const retryDelayMs = (attempts: number) => Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, attempts - 1));

/**
 * Sends the notices' mail (notice_mails), in every process that has a mail server, each mail once:
 * a process claims a due mail with a guarded update (only a row unclaimed, or whose claim has lapsed,
 * is taken; the database lets one claim win), sends it, and marks it sent under its own claim. A failed
 * send is tried again later, waiting longer each time. Mails are rows written with the change that
 * caused them, so a change that rolls back sends nothing, and the courier only ever sees committed ones.
 * It looks when nudged (after a change commits, here or in another process) and every `pollMs`.
 */
export class NoticeCourier {
  readonly #handle: Db;
  readonly #mailer: Mailer;
  readonly #options: Required<Omit<CourierOptions, 'onError'>> & Pick<CourierOptions, 'onError'>;
  #timer: ReturnType<typeof setInterval> | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;

  constructor(handle: Db, mailer: Mailer, options: CourierOptions) {
    this.#handle = handle;
    this.#mailer = mailer;
    this.#options = { pollMs: 30_000, leaseMs: 5 * 60_000, maxAttempts: 8, staleMs: 3 * 24 * 60 * 60_000, ...options };
  }

  start(): void {
    if (!this.#mailer.enabled || this.#timer) return;
    this.#timer = setInterval(() => this.nudge(), this.#options.pollMs);
    this.#timer.unref();
    this.nudge();
  }

  /** Looks for due mail now (once a run under way has finished, if one is). */
  nudge(): void {
    if (!this.#mailer.enabled || this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.deliverDue()
      .then(() => undefined)
      .catch((err: unknown) => this.#options.onError?.('could not send notices by e-mail', err))
      .finally(() => {
        this.#running = undefined;
        if (this.#again) {
          this.#again = false;
          this.nudge();
        }
      });
  }

  /** Resolves once no run is under way (tests; closing). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.idle();
  }

  /** Sends every mail due now; answers how many went. */
  async deliverDue(): Promise<number> {
    let sent = 0;
    for (;;) {
      const due = await this.#dueIds();
      if (due.length === 0) return sent;
      let claimedAny = false;
      for (const id of due) {
        if (this.#stopped) return sent;
        const token = await this.#claim(id);
        if (!token) continue;
        claimedAny = true;
        if (await this.#send(id, token)) sent++;
      }
      // Every due mail was someone else's: they are sending them.
      if (!claimedAny) return sent;
    }
  }

  async #dueIds(): Promise<number[]> {
    const now = nowIso();
    const rows = await this.#handle.db
      .selectFrom('noticeMails')
      .select('id')
      .where('sentAt', 'is', null)
      .where('failedAt', 'is', null)
      .where('notBefore', '<=', now)
      .where((eb) => eb.or([eb('claimedUntil', 'is', null), eb('claimedUntil', '<', now)]))
      .orderBy('notBefore')
      .orderBy('id')
      .limit(batch)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Takes the mail for this process, or answers undefined when another has it (or it went meanwhile). */
  async #claim(id: number): Promise<string | undefined> {
    const now = nowIso();
    const token = randomBytes(16).toString('hex');
    const result = await this.#handle.db
      .updateTable('noticeMails')
      .set((eb) => ({ claimedUntil: new Date(Date.now() + this.#options.leaseMs).toISOString(), claimToken: token, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .where('sentAt', 'is', null)
      .where('failedAt', 'is', null)
      .where((eb) => eb.or([eb('claimedUntil', 'is', null), eb('claimedUntil', '<', now)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? token : undefined;
  }

  async #send(id: number, token: string): Promise<boolean> {
    const { db } = this.#handle;
    const mine = db.updateTable('noticeMails').where('id', '=', id).where('claimToken', '=', token);
    const row = await db
      .selectFrom('noticeMails')
      .innerJoin('notices', 'notices.id', 'noticeMails.noticeId')
      .select(['noticeMails.attempts', 'noticeMails.notBefore', 'notices.userId', 'notices.articleId', 'notices.kind', 'notices.articleTitle', 'notices.actorName', 'notices.note'])
      .where('noticeMails.id', '=', id)
      .executeTakeFirst();
    if (!row) return false;
    const giveUp = (reason: string) => mine.set({ failedAt: nowIso(), claimedUntil: null, lastError: reason.slice(0, 500) }).execute();
    if (Date.now() - Date.parse(row.notBefore) > this.#options.staleMs) {
      await giveUp('stale: could not be sent in time');
      return false;
    }
    // Everything after the claim may fail (a lookup, the link's signing, the mail server): each failure counts
    // as an attempt and is retried, and a mail that fails every time is given up after maxAttempts.
    try {
      const [person, settings] = await Promise.all([getUserById(this.#handle, row.userId), getNoticeSettings(this.#handle, row.userId)]);
      // Turned off, or the account disabled, since the notice was written: no mail.
      if (!person || person.disabledAt || !settings.emailOn) {
        await giveUp(person?.disabledAt ? 'account disabled' : 'e-mail notices are off');
        return false;
      }
      const links = await this.#links(row.userId, row.articleId);
      // "Went live" only of what readers can read now: an article deleted or taken down meanwhile went nowhere.
      if (row.kind === 'went_live' && !links.publicUrl) {
        await giveUp('the article is not on the site');
        return false;
      }
      await this.#mailer.send(noticeMail({ to: person.email, ...row, ...links }));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (row.attempts >= this.#options.maxAttempts) await giveUp(message);
      else await mine.set({ claimedUntil: null, notBefore: new Date(Date.now() + retryDelayMs(row.attempts)).toISOString(), lastError: message.slice(0, 500) }).execute();
      this.#options.onError?.('could not send a notice by e-mail; it will be tried again', err);
      return false;
    }
    await mine.set({ sentAt: nowIso(), claimedUntil: null, lastError: null }).execute();
    return true;
  }

  /** The addresses and words a mail needs that the notice does not keep: links, the site's name, the scheduled time. */
  async #links(userId: number, articleId: number | null) {
    const base = this.#options.publicUrl;
    const settings = await getSiteSettings(this.#handle);
    const article = articleId === null ? undefined : await getArticleById(this.#handle, articleId);
    const expert = article && (await getExpertById(this.#handle, article.expertId));
    const live = article && expert && isPublic(article);
    return {
      siteName: settings.name,
      officeUrl: article ? `${base}/admin/articles/${article.id}` : undefined,
      publicUrl: live ? base + articlePath(expert.slug, article.slug, editionPrefix({ languages: settings.languages }, article.language)) : undefined,
      when: article?.publishedAt ? formatDateTime(article.publishedAt, settings.timeZone) : undefined,
      unsubscribeUrl: base + unsubscribePath(await unsubscribeToken(this.#handle, userId)),
      preferencesUrl: `${base}/admin/account/notices`,
    };
  }
}
