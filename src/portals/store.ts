import type { Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import { withTransaction } from '../db/transaction.ts';
import { renderMarkdown } from '../views/markdown.ts';
import type { MessageKey } from '../views/i18n/catalogues/index.ts';
import { translate } from '../views/i18n/locale.ts';
import { editionLanguageCodes, isEditionLanguage } from '../views/i18n/languages.ts';
import { portalSlugs, type PortalSlug } from './tables.ts';

/** A portal's words in one language. */
export interface PortalTexts {
  title: string;
  introMarkdown: string;
}

export interface Portal extends PortalTexts {
  slug: PortalSlug;
  introHtml: string;
  articleIds: number[];
  /** The title and introduction saved in other languages than the default, by language; an empty one falls back. */
  translations: Record<string, PortalTexts>;
}

/** The message that names each portal: its title until editors give it one, in every language. */
const titleKeys: Record<PortalSlug, MessageKey> = { business: 'portal.business', researchers: 'portal.researchers', students: 'portal.students' };

/** The portal's name in a language the catalogues have (English for any other). */
const defaultTitleIn = (slug: PortalSlug, language: string) => translate(isEditionLanguage(language) ? language : 'en', titleKeys[slug]);

/** Whether a stored title is the portal's name in some language: one no editor chose, so each edition says its own. */
const isDefaultTitle = (slug: PortalSlug, title: string) => editionLanguageCodes.some((language) => defaultTitleIn(slug, language) === title);

/**
 * A portal: its title and introduction in the default language, or with `language` as that language's
 * pages show them. There, a text saved in the language is used; else the default language's, except a
 * title no editor chose ("For business"), which each language says in its own words ("Бизнесу").
 */
export async function getPortal({ db }: Db, slug: PortalSlug, language?: string): Promise<Portal> {
  const [row, curated, translated] = await Promise.all([
    db.selectFrom('portals').selectAll().where('slug', '=', slug).executeTakeFirst(),
    db.selectFrom('portalArticles').select('articleId').where('portalSlug', '=', slug).orderBy('position').execute(),
    db.selectFrom('portalTranslations').selectAll().where('portalSlug', '=', slug).orderBy('language').execute(),
  ]);
  const portal: Portal = {
    slug,
    title: row?.title ?? defaultTitleIn(slug, 'en'),
    introMarkdown: row?.introMarkdown ?? '',
    introHtml: row?.introHtml ?? '',
    articleIds: curated.map((c) => c.articleId),
    translations: Object.fromEntries(translated.map((t) => [t.language, { title: t.title, introMarkdown: t.introMarkdown }])),
  };
  if (language === undefined) return portal;
  const own = translated.find((t) => t.language === language);
  const title = own?.title || (!row || isDefaultTitle(slug, row.title) ? defaultTitleIn(slug, language) : row.title);
  return { ...portal, title, ...(own?.introMarkdown && { introMarkdown: own.introMarkdown, introHtml: own.introHtml }) };
}

export interface PortalChangesToSave {
  title?: string;
  introMarkdown?: string;
  articleIds?: number[];
  /** Texts in other languages, field by field: one not given stays, an empty one falls back to the default's. */
  translations?: Record<string, Partial<PortalTexts>>;
}

export async function savePortal(handle: Db, slug: PortalSlug, input: PortalChangesToSave): Promise<void> {
  const current = await getPortal(handle, slug);
  const title = input.title ?? current.title;
  const introMarkdown = input.introMarkdown ?? current.introMarkdown;
  const now = nowIso();
  const values = { title, introMarkdown, introHtml: renderMarkdown(introMarkdown), updatedAt: now };
  await withTransaction(handle, async ({ db: trx }) => {
    await trx
      .insertInto('portals')
      .values({ slug, ...values })
      .onConflict((oc) => oc.column('slug').doUpdateSet(values))
      .execute();
    for (const [language, given] of Object.entries(input.translations ?? {})) {
      const texts = { title: '', introMarkdown: '', ...current.translations[language], ...definedOnly(given) };
      if (texts.title === '' && texts.introMarkdown === '') {
        await trx.deleteFrom('portalTranslations').where('portalSlug', '=', slug).where('language', '=', language).execute();
        continue;
      }
      const row = { ...texts, introHtml: texts.introMarkdown ? renderMarkdown(texts.introMarkdown) : '', updatedAt: now };
      await trx
        .insertInto('portalTranslations')
        .values({ portalSlug: slug, language, ...row })
        .onConflict((oc) => oc.columns(['portalSlug', 'language']).doUpdateSet(row))
        .execute();
    }
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

const definedOnly = (texts: Partial<PortalTexts>): Partial<PortalTexts> => Object.fromEntries(Object.entries(texts).filter(([, v]) => v !== undefined));

export async function listAllPortalsForExport(handle: Db): Promise<Portal[]> {
  return Promise.all(portalSlugs.map((slug) => getPortal(handle, slug)));
}

/** The portal's name as the office lists it, whatever title editors have given its page. */
export const portalName = (slug: PortalSlug) => defaultTitleIn(slug, 'en');

/** Where readers find each portal. */
export const portalPublicPaths: Record<PortalSlug, string> = { business: '/for-business', researchers: '/for-researchers', students: '/for-students' };
