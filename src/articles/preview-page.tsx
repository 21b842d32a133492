import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { Db } from '../schema.ts';
import { parseInput } from '../core/refusals.ts';
import { permits } from '../core/policy.ts';
import { officeActor } from '../office/guard.ts';
import { positiveId, textField } from '../http/schemas.ts';
import { slugify } from '../db/slug.ts';
import { getExpertById, getExpertBySlug, type Expert } from '../experts/store.ts';
import { listTags } from '../tags/store.ts';
import { renderArticleBody } from './body-html.ts';
import { editionOf } from '../views/i18n/languages.ts';
import { articlePermissions } from './policies.ts';
import { articlePath } from './paths.ts';
import { presentArticlePage, type ArticlePageView } from './present.ts';
import { renderArticlePageDocument } from './page-document.tsx';
import { getArticleById, type Article, type PageArticle } from './store.ts';

/**
 * Drafts drawn as their reading page: the editor's preview (what is in the form, saved or not) and a
 * secret link's (what was saved). Both go through renderArticlePageDocument, as the public page does.
 */

/** The editor's text as the preview takes it: what the form would post, leniently, since a draft is half-written. */
export interface DraftFields {
  title: string;
  lead: string;
  body: string;
  slug: string;
  /** The hero image's media id: set as soon as a dropped image is uploaded, before any save. */
  image: number | null;
  language?: string;
  poll: number | null;
  tags: string[];
  /** The hero's words as typed: shown at once, though the image keeps its own until the save. */
  image_alt?: string;
  image_credit?: string;
  image_credit_url?: string;
}

/** Tags as the form holds them, "energy, Central Asia": the preview shows them as they would read. */
const tagsText = z
  .string()
  .max(3000)
  .transform((text) =>
    text
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '')
      .slice(0, 30),
  );
const optionalId = z.preprocess((v) => (v === '' || v === undefined || v === null ? null : v), positiveId.nullable());

/**
 * The form's fields the preview reads; the rest of what the form sends (bookkeeping, fields other
 * parts of the editor add) is let through unread. Same limits as a save, so nothing larger is rendered.
 */
export const draftPreviewSchema = z
  .object({
    id: optionalId.optional(),
    expert: z.string().max(200).default(''),
    title: textField(300).default(''),
    lead: textField(2000).default(''),
    body: textField(200_000).default(''),
    slug: z.string().max(200).default(''),
    image: optionalId.default(null),
    remove_image: z.string().max(10).optional(),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/)
      .optional()
      .catch(undefined),
    poll: optionalId.default(null),
    tags: tagsText.default(''),
    image_alt: z.string().max(500).optional(),
    image_credit: z.string().max(300).optional(),
    image_credit_url: z.string().max(2000).optional(),
  })
  .passthrough();

/** The editor's values (a refused or previewed form, or the stored article) as the preview takes them. */
export function draftFieldsOf(values: object): DraftFields & { expert: string } {
  const fields = values as Record<string, unknown>;
  const parsed = draftPreviewSchema.safeParse(fields);
  if (parsed.success) return parsed.data;
  // A form the preview cannot read whole (an id that is no id) is drawn from its text alone.
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
  return { expert: text('expert'), title: text('title').slice(0, 300), lead: text('lead').slice(0, 2000), body: text('body').slice(0, 200_000), slug: '', image: null, poll: null, tags: [] };
}

/** When the page will say it was published: its own time once it has one, else today's, as on the day it goes out. */
const shownDate = (article: Pick<PageArticle, 'publishedAt'>) => article.publishedAt ?? new Date().toISOString();

/**
 * The reading page's view of an article as it stands (a secret link's preview): the saved version,
 * with the date it would carry if it went out today.
 */
export async function storedDraftView(handle: Db, article: PageArticle, expert: Expert, options: Parameters<typeof presentArticlePage>[3]): Promise<ArticlePageView> {
  const view = await presentArticlePage(handle, article, expert, options);
  return { ...view, publishedAt: shownDate(article) };
}

/** The reading page's view of the editor's fields, over the stored article where there is one. */
export async function draftView(handle: Db, fields: DraftFields, expert: Expert, stored: Article | undefined, options: Parameters<typeof presentArticlePage>[3]): Promise<ArticlePageView> {
  const now = new Date().toISOString();
  const language = fields.language ?? stored?.language ?? 'en';
  const article: PageArticle = {
    id: stored?.id ?? 0,
    expertId: expert.id,
    slug: fields.slug || stored?.slug || slugify(fields.title),
    title: fields.title,
    lead: fields.lead,
    // Rendered as a save renders it: the same Markdown, sanitiser and figures from the media library.
    bodyHtml: await renderArticleBody(handle, fields.body, language),
    heroMediaId: fields.image,
    status: stored?.status ?? 'draft',
    language,
    featured: stored?.featured ?? 0,
    pollId: fields.poll ?? stored?.pollId ?? null,
    publishedAt: stored?.publishedAt ?? null,
    createdAt: stored?.createdAt ?? now,
    updatedAt: now,
    translationGroup: stored?.translationGroup ?? null,
  } as PageArticle;
  const view = await presentArticlePage(handle, article, expert, options);
  // The tags as typed, whether or not they exist yet; those that do link as they will.
  const known = new Map((await listTags(handle)).map((t) => [t.name.toLowerCase(), t]));
  const tags = fields.tags.map((name) => {
    const tag = known.get(name.toLowerCase());
    return tag ? { id: tag.id, slug: tag.slug, name: tag.name, kind: tag.kind } : { id: 0, slug: slugify(name), name, kind: 'topic' };
  });
  const image = view.image && {
    ...view.image,
    ...(fields.image_alt !== undefined && { alt: fields.image_alt }),
    ...(fields.image_credit !== undefined && { credit: fields.image_credit }),
    ...(fields.image_credit_url !== undefined && { creditUrl: fields.image_credit_url }),
  };
  return { ...view, tags, image, publishedAt: shownDate(article), url: articlePath(expert.slug, article.slug) };
}

/** The whole page for the editor's fields, in the site as the article's edition shows it; undefined until there is an expert to show it under. */
export async function draftDocument(
  ctx: AppContext,
  request: FastifyRequest,
  fields: DraftFields & { expert: string },
  stored: Article | undefined,
  options: { preview?: { banner: ComponentChildren } } = {},
): Promise<string | undefined> {
  const expert = (fields.expert ? await getExpertBySlug(ctx.handle, fields.expert) : undefined) ?? (stored ? await getExpertById(ctx.handle, stored.expertId) : undefined);
  if (!expert) return undefined;
  const { editions } = (await ctx.siteView()).locale;
  const site = await ctx.siteView(editionOf(editions, fields.language ?? stored?.language ?? 'en'));
  const view = await draftView(ctx.handle, fields, expert, stored, { editions, generation: request.cacheGeneration });
  const { html } = await renderArticlePageDocument(ctx.handle, request, site, expert, view, { ...options, withoutScripts: true });
  // In the editor's frame a link opens in a new tab, so the frame stays on the preview (the frame runs no script to do it).
  return html.replace('<head>', '<head><base target="_blank"/>');
}

/**
 * `POST /admin/articles/preview-page`, JSON of the editor's fields -> {html}: the whole reading page,
 * which the editor's script puts into its preview frame as one types. Read-only: nothing is saved.
 */
export function registerEditorPreview(app: FastifyInstance, ctx: AppContext): void {
  app.post('/admin/articles/preview-page', async (request, reply) => {
    const actor = officeActor(request);
    const input = parseInput(draftPreviewSchema, request.body);
    const stored = input.id ? await getArticleById(ctx.handle, input.id) : undefined;
    // Someone else's article is not drawn from its id: the form's own fields are.
    const readable = stored && permits(articlePermissions, actor, 'read', stored) ? stored : undefined;
    const fields = { ...input, image: input.remove_image ? null : input.image };
    const html = await draftDocument(ctx, request, fields, readable);
    return reply.header('cache-control', 'no-store').send({ html: html ?? '' });
  });
}
