/**
 * `rostrum import wordpress`: a WordPress export (WXR) read twice as a stream. The first pass learns the
 * site, its authors, terms and attachments (what a post's gallery and featured image name); the second
 * imports each item in its own transaction as it is read, so that memory stays flat however large the
 * export, and an interrupted run leaves whole items only and resumes on the next.
 */
import type { Actor } from '../../core/actor.ts';
import type { CommandContext } from '../../audit/command.ts';
import { slugCore } from '../../db/slug.ts';
import { placeTagForLabel } from '../../places/tags.ts';
import { getTagBySlug } from '../../tags/store.ts';
import { recordMove } from '../../redirects/store.ts';
import { withTransaction } from '../../db/transaction.ts';
import { ImportInterrupted, ImportReport } from '../report.ts';
import { startImportRun, type ImportRun } from '../context.ts';
import type { UploadsFolder } from '../uploads.ts';
import { expertFinder, type SourceAuthor } from '../experts.ts';
import { readWxr, type WxrItem, type WxrSite, type WxrTerm } from './wxr.ts';
import { blogBasePath, categoryArchivePath, languageOf, wordpressSource } from './mapping.ts';
import { importAttachment, importPost, type WordPressAttachment } from './posts.ts';
import { importPage, type WxrPageOutline } from './pages.ts';

export interface WordPressImportOptions {
  /** Opens the export from its start (it is read twice). */
  open(): AsyncIterable<string | Buffer>;
  uploads?: UploadsFolder;
  dryRun: boolean;
  /** Experts chosen for authors by login (`--expert-for login=slug`), as expert ids. */
  expertFor: Map<string, number>;
  /** After each item: how many of the export's items are done. */
  onProgress?(done: number, total: number): void;
  /** Once aborted (Ctrl+C), the run stops after the item in hand. */
  signal?: AbortSignal;
}

/** What the first pass learns: everything the second needs to know ahead of the item it reads. */
export interface WxrSurvey {
  site: WxrSite;
  attachments: Map<number, WordPressAttachment>;
  children: Map<number, WordPressAttachment[]>;
  pages: Map<number, WxrPageOutline>;
  items: number;
}

const attachmentOf = (item: WxrItem): WordPressAttachment => ({
  id: item.postId,
  url: item.attachmentUrl || item.guid,
  alt: item.meta.get('_wp_attachment_image_alt') ?? '',
  caption: item.excerpt,
  title: item.title,
  parentId: item.postParent,
  menuOrder: item.menuOrder,
});

export async function surveyWxr(chunks: AsyncIterable<string | Buffer>): Promise<WxrSurvey> {
  const attachments = new Map<number, WordPressAttachment>();
  const children = new Map<number, WordPressAttachment[]>();
  const pages = new Map<number, WxrPageOutline>();
  let items = 0;
  const site = await readWxr(chunks, async (item) => {
    items++;
    if (item.postType === 'page') pages.set(item.postId, { parentId: item.postParent, postName: item.postName, title: item.title });
    if (item.postType !== 'attachment') return;
    const attachment = attachmentOf(item);
    attachments.set(attachment.id, attachment);
    if (attachment.parentId) children.set(attachment.parentId, [...(children.get(attachment.parentId) ?? []), attachment]);
  });
  for (const list of children.values()) list.sort((a, b) => a.menuOrder - b.menuOrder || a.id - b.id);
  return { site, attachments, children, pages, items };
}

const authorsOf = (site: WxrSite): Map<string, SourceAuthor> =>
  new Map(
    site.authors.map((a) => [
      a.login,
      { login: a.login, name: a.displayName || [a.firstName, a.lastName].filter(Boolean).join(' ') || a.login, oldAddresses: [`${blogBasePath(site)}/author/${a.login}/`] },
    ]),
  );

/** Every category and tag archive that posts brought here leads to its tag's page. */
async function keepTermArchives(run: ImportRun, site: WxrSite, used: Map<string, WxrItem['terms'][number]>): Promise<void> {
  const base = blogBasePath(site);
  const categories = new Map<string, WxrTerm>(site.terms.filter((t) => t.taxonomy === 'category').map((t) => [t.slug, t]));
  await withTransaction(run.ctx.handle, async (tx) => {
    for (const term of used.values()) {
      const label = placeTagForLabel(term.name)?.name ?? term.name;
      const tag = await getTagBySlug(tx, slugCore(label));
      if (!tag) continue;
      const category = categories.get(term.slug) ?? { slug: term.slug, parent: '', name: term.name, taxonomy: 'category', description: '' };
      const archive = term.domain === 'category' ? categoryArchivePath(category, categories, base) : `${base}/tag/${term.slug}/`;
      if (await recordMove(tx, archive, `/tags/${tag.slug}`, { origin: 'import' })) run.report.redirects++;
    }
  });
}

export async function importWordPress(ctx: CommandContext, actor: Actor, options: WordPressImportOptions): Promise<ImportReport> {
  const survey = await surveyWxr(options.open());
  if (!survey.site.wxrVersion) throw new Error('This file is not a WordPress export (WXR): it has no wp:wxr_version.');
  const report = new ImportReport(options.dryRun);
  const source = wordpressSource(survey.site);
  const run = await startImportRun(ctx, actor, { source, report, uploads: options.uploads, uploadsMarker: /\/wp-content\/uploads\// });
  const experts = expertFinder(run, authorsOf(survey.site), options.expertFor);
  const language = languageOf(survey.site);
  const logins = new Set(survey.site.authors.map((a) => a.login));
  const basePath = blogBasePath(survey.site);
  const usedTerms = new Map<string, WxrItem['terms'][number]>();
  let done = 0;
  await readWxr(options.open(), async (item) => {
    if (options.signal?.aborted) return;
    if (item.comments) report.leave('comments', item.comments);
    if (item.postType === 'post') {
      const saved = await importPost(run, survey, item, { experts, logins, language, basePath });
      if (saved.public) for (const term of item.terms) if (term.domain === 'category' || term.domain === 'post_tag') usedTerms.set(`${term.domain} ${term.slug}`, term);
    } else if (item.postType === 'page') await importPage(run, survey, item, basePath);
    else if (item.postType === 'attachment') await importAttachment(run, survey, item);
    else report.leave(item.postType === 'nav_menu_item' ? 'menu items' : `items of type ${item.postType}`);
    options.onProgress?.(++done, survey.items);
    if (done % 200 === 0 && !options.dryRun) await ctx.contentChanged();
  });
  if (!options.dryRun) {
    await keepTermArchives(run, survey.site, usedTerms);
    await ctx.contentChanged();
  }
  if (options.signal?.aborted) throw new ImportInterrupted(report);
  return report;
}
