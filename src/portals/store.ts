import type { Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import { withTransaction } from '../db/transaction.ts';
import { renderMarkdown } from '../views/markdown.ts';
import { portalSlugs, type PortalSlug } from './tables.ts';

export interface Portal {
  slug: PortalSlug;
  title: string;
  introMarkdown: string;
  introHtml: string;
  articleIds: number[];
}

const defaultTitles: Record<PortalSlug, string> = {
  business: 'For business',
  researchers: 'For researchers',
  students: 'For students',
};

export async function getPortal({ db }: Db, slug: PortalSlug): Promise<Portal> {
  const row = await db.selectFrom('portals').selectAll().where('slug', '=', slug).executeTakeFirst();
  const curated = await db.selectFrom('portalArticles').select('articleId').where('portalSlug', '=', slug).orderBy('position').execute();
  return {
    slug,
    title: row?.title ?? defaultTitles[slug],
    introMarkdown: row?.introMarkdown ?? '',
    introHtml: row?.introHtml ?? '',
    articleIds: curated.map((c) => c.articleId),
  };
}

export async function savePortal(handle: Db, slug: PortalSlug, input: { title?: string; introMarkdown?: string; articleIds?: number[] }): Promise<void> {
  const current = await getPortal(handle, slug);
  const title = input.title ?? current.title;
  const introMarkdown = input.introMarkdown ?? current.introMarkdown;
  const values = { title, introMarkdown, introHtml: renderMarkdown(introMarkdown), updatedAt: nowIso() };
  await withTransaction(handle, async ({ db: trx }) => {
    await trx
      .insertInto('portals')
      .values({ slug, ...values })
      .onConflict((oc) => oc.column('slug').doUpdateSet(values))
      .execute();
    if (input.articleIds) {
      await trx.deleteFrom('portalArticles').where('portalSlug', '=', slug).execute();
      const unique = [...new Set(input.articleIds)];
      if (unique.length)
        await trx
          .insertInto('portalArticles')
          .values(unique.map((articleId, position) => ({ portalSlug: slug, articleId, position })))
          .execute();
    }
  });
}

export async function listAllPortalsForExport(handle: Db): Promise<Portal[]> {
  return Promise.all(portalSlugs.map((slug) => getPortal(handle, slug)));
}

/** The portal's name as the office lists it, whatever title editors have given its page. */
export const portalName = (slug: PortalSlug) => defaultTitles[slug];

/** Where readers find each portal. */
export const portalPublicPaths: Record<PortalSlug, string> = { business: '/for-business', researchers: '/for-researchers', students: '/for-students' };
