import { z } from 'zod';
import type { Actor } from '../core/actor.ts';
import { invalid, notFound, parseInput } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { commit, type CommandContext } from '../audit/command.ts';
import { positiveId } from '../http/schemas.ts';
import { getPublishedArticlesByIds } from '../articles/store.ts';
import { getSiteSettings } from '../site/store.ts';
import { getPortal, portalName, savePortal, type Portal, type PortalTexts } from './store.ts';
import { portalSlugs, type PortalSlug } from './tables.ts';
import { curatedArticlesField, maxCuratedArticles, portalIntroField, portalTitleField, portalTranslationsField } from './fields.ts';
import { portalPermissions } from './policies.ts';

/** A portal's title, introduction, chosen articles and words in other languages, any of them, as the API takes them. */
export const portalChangesSchema = z
  .object({ title: portalTitleField.optional(), intro: portalIntroField.optional(), articles: curatedArticlesField.optional(), translations: portalTranslationsField.optional() })
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'the body names no field to change');
export type PortalChanges = z.input<typeof portalChangesSchema>;
/** The office's form sends the title and the introduction together: a missing one is required, not left as it was. */
const portalTextSchema = z.object({ title: portalTitleField, intro: portalIntroField, translations: portalTranslationsField.optional() }).strict();

type TranslationsInput = NonNullable<z.output<typeof portalChangesSchema>['translations']>;

/**
 * The words in other languages that differ from those saved, in the store's names, and how the log names
 * them ("introduction (ru)"). The site's default language takes none: its words are the portal's own.
 */
async function changedTranslations(ctx: CommandContext, saved: Portal['translations'], given: TranslationsInput | undefined) {
  const changes: Record<string, Partial<PortalTexts>> = {};
  const words: string[] = [];
  if (!given || Object.keys(given).length === 0) return { changes, words };
  const [defaultLanguage] = (await getSiteSettings(ctx.handle)).languages;
  if (defaultLanguage && given[defaultLanguage]) throw invalid('is the site’s default language: its words are the portal’s own title and introduction', `translations.${defaultLanguage}`);
  for (const [language, texts] of Object.entries(given)) {
    if (texts.title !== undefined && texts.title !== (saved[language]?.title ?? '')) {
      (changes[language] ??= {}).title = texts.title;
      words.push(`title (${language})`);
    }
    if (texts.intro !== undefined && texts.intro !== (saved[language]?.introMarkdown ?? '')) {
      (changes[language] ??= {}).introMarkdown = texts.intro;
      words.push(`introduction (${language})`);
    }
  }
  return { changes, words };
}

/** How an entry point gives its input: a form names every field it has, so one missing is refused as required. */
export interface InputShape {
  everyField?: boolean;
}

/** One step on a portal's list of chosen articles, as the office's buttons send it. */
const listStep = z.union([z.object({ add: positiveId }), z.object({ article: positiveId, move: z.enum(['up', 'down', 'remove']) })]);
export type ListStep = z.input<typeof listStep>;
type Move = 'up' | 'down' | 'remove';

const portalSubject = (slug: PortalSlug) => ({ kind: 'portal', label: portalName(slug) });

function portalSlugOf(slug: string): PortalSlug {
  const known = portalSlugs.find((s) => s === slug);
  if (!known) throw notFound('There is no such portal; portals are business, researchers and students');
  return known;
}

/** Changes a portal's title, introduction or whole list of chosen articles (each must be published). */
export async function updatePortal(ctx: CommandContext, actor: Actor, slug: string, given: PortalChanges, shape: InputShape = {}): Promise<Portal> {
  requirePermission(portalPermissions, actor, 'update');
  const portalSlug = portalSlugOf(slug);
  const input: z.output<typeof portalChangesSchema> = parseInput(shape.everyField ? portalTextSchema : portalChangesSchema, given);
  if (input.articles) {
    const found = await getPublishedArticlesByIds(ctx.handle, input.articles);
    const missing = input.articles.find((id) => !found.has(id));
    if (missing !== undefined) throw invalid(`${missing} is not a published article`, 'articles');
  }
  const translations = await changedTranslations(ctx, (await getPortal(ctx.handle, portalSlug)).translations, input.translations);
  return commit(ctx, actor, async (tx) => {
    await savePortal(tx, portalSlug, { title: input.title, introMarkdown: input.intro, articleIds: input.articles, translations: translations.changes });
    const changed = [input.title !== undefined && 'title', input.intro !== undefined && 'introduction', input.articles !== undefined && 'selected articles', ...translations.words].filter(Boolean);
    const audit = { action: 'portal.update', subject: portalSubject(portalSlug), detail: `Changed: ${changed.join(', ') || 'nothing'}` };
    return { result: await getPortal(tx, portalSlug), audit, announce: true };
  });
}

/** The curated list after moving one article up or down a place, or taking it out. */
export function reorder(ids: number[], id: number, move: Move): number[] {
  const at = ids.indexOf(id);
  if (at < 0) return ids;
  if (move === 'remove') return ids.filter((x) => x !== id);
  const to = move === 'up' ? at - 1 : at + 1;
  if (to < 0 || to >= ids.length) return ids;
  const next = [...ids];
  [next[at], next[to]] = [next[to]!, next[at]!];
  return next;
}

/** Adds one published article to a portal's list, or moves one up, down or out of it. */
export async function changePortalList(ctx: CommandContext, actor: Actor, slug: string, given: ListStep): Promise<Portal> {
  requirePermission(portalPermissions, actor, 'update');
  const portalSlug = portalSlugOf(slug);
  const portal = await getPortal(ctx.handle, portalSlug);
  const parsed = listStep.safeParse(given ?? {});
  if (!parsed.success) throw invalid('Choose an article, and add it or move it.');
  const step = parsed.data;
  let articleIds: number[];
  let detail: string;
  if ('add' in step) {
    if (portal.articleIds.includes(step.add)) throw invalid('That article is in the list already.');
    if (portal.articleIds.length >= maxCuratedArticles) throw invalid(`A portal lists at most ${maxCuratedArticles} articles; remove one first.`);
    const article = (await getPublishedArticlesByIds(ctx.handle, [step.add])).get(step.add);
    if (!article) throw invalid('That article is not published, so it cannot be listed.');
    articleIds = [...portal.articleIds, step.add];
    detail = `Added “${article.title}”`;
  } else {
    if (!portal.articleIds.includes(step.article)) throw invalid('That article is not in the list any more; someone may have just removed it.');
    articleIds = reorder(portal.articleIds, step.article, step.move);
    const title = (await getPublishedArticlesByIds(ctx.handle, [step.article])).get(step.article)?.title;
    detail = `${{ up: 'Moved up', down: 'Moved down', remove: 'Removed' }[step.move]} ${title ? `“${title}”` : `article ${step.article}`}`;
  }
  return commit(ctx, actor, async (tx) => {
    await savePortal(tx, portalSlug, { articleIds });
    return { result: await getPortal(tx, portalSlug), audit: { action: 'portal.update', subject: portalSubject(portalSlug), detail }, announce: true };
  });
}
