import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../schema.ts';
import { sha256 } from '../users/store.ts';
import type { PreviewLinksTable } from './tables.ts';

export type PreviewLink = Selectable<PreviewLinksTable>;

/** 32 random bytes (256 bits) as base64url: 43 characters, safe in a path. */
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

/** A new link's secret: returned to its maker once; only its hash is stored. */
export function newPreviewToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: sha256(token) };
}

export async function insertPreviewLink({ db }: Db, link: Omit<PreviewLink, 'id' | 'revokedAt'>): Promise<PreviewLink> {
  return db
    .insertInto('previewLinks')
    .values({ ...link, revokedAt: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The link a token names, whatever its state (expired and revoked ones too, so that the page can say which). */
export async function findPreviewLinkByToken({ db }: Db, token: string): Promise<PreviewLink | undefined> {
  // Anything that cannot be one of our tokens is not looked up at all.
  if (!tokenPattern.test(token)) return undefined;
  return db.selectFrom('previewLinks').selectAll().where('tokenHash', '=', sha256(token)).executeTakeFirst();
}

export async function getPreviewLink({ db }: Db, id: number): Promise<PreviewLink | undefined> {
  return db.selectFrom('previewLinks').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ListedPreviewLink extends PreviewLink {
  /** The maker's name or e-mail; empty when the account is gone. */
  createdByName: string;
}

/** An article's links that still work (neither revoked nor expired), newest first. */
export async function listActivePreviewLinks({ db }: Db, articleId: number, now = new Date()): Promise<ListedPreviewLink[]> {
  const rows = await db
    .selectFrom('previewLinks')
    .leftJoin('users', 'users.id', 'previewLinks.createdBy')
    .selectAll('previewLinks')
    .select(['users.name as userName', 'users.email as userEmail'])
    .where('previewLinks.articleId', '=', articleId)
    .where('previewLinks.revokedAt', 'is', null)
    .where('previewLinks.expiresAt', '>', now.toISOString())
    .orderBy('previewLinks.id', 'desc')
    .execute();
  return rows.map(({ userName, userEmail, ...link }) => ({ ...link, createdByName: userName || userEmail || '' }));
}

/** How many links of the article still work: a ceiling keeps a script from making thousands. */
export async function countActivePreviewLinks(handle: Db, articleId: number, now = new Date()): Promise<number> {
  return (await listActivePreviewLinks(handle, articleId, now)).length;
}

/** Marks a link revoked; false when it was revoked already (by someone else a moment ago). */
export async function revokePreviewLinkRow({ db }: Db, id: number, at: string): Promise<boolean> {
  const result = await db.updateTable('previewLinks').set({ revokedAt: at }).where('id', '=', id).where('revokedAt', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** What a visitor of the link is told when it no longer works. */
export type LinkState = 'active' | 'expired' | 'revoked';

export function linkState(link: Pick<PreviewLink, 'expiresAt' | 'revokedAt'>, now = Date.now()): LinkState {
  if (link.revokedAt) return 'revoked';
  return Date.parse(link.expiresAt) <= now ? 'expired' : 'active';
}
