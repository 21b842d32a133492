/** A WordPress post or attachment brought over: its content converted, its images imported, its fields mapped. */
import { isTaggable } from '../../tags/store.ts';
import { slugCore } from '../../db/slug.ts';
import { bodyImageAddress, imageImporter, type ImportedImage } from '../media.ts';
import { saveSourceArticle } from '../articles.ts';
import { firstParagraphOf, localiseOldSiteLinks, plainTextOf } from '../text.ts';
import { cutAtWord } from '../../views/format.ts';
import type { ImportRun } from '../context.ts';
import { isImageWarning } from '../report.ts';
import type { WxrItem } from './wxr.ts';
import type { WxrSurvey } from './import.ts';
import { convertWordPressContent } from './content.ts';
import type { WordPressAttachment as ContentAttachment, WordPressContentContext } from './content-context.ts';
import { isDefaultCategory, itemKey, oldSiteUrls, postAddresses, publicationTime, statusOf, uploadsPath, usableSlug } from './mapping.ts';

export type WordPressAttachment = ContentAttachment & { menuOrder: number };

/** What the content converter needs to know of an item beyond its HTML: its footnotes and the attachments its galleries name. */
export function contentContextOf(survey: WxrSurvey, item: WxrItem): WordPressContentContext {
  return {
    postId: item.postId,
    footnotes: item.meta.get('footnotes'),
    attachment: (id) => survey.attachments.get(id),
    attachmentsOfPost: () => survey.children.get(item.postId) ?? [],
  };
}

const titleMax = 300;
const leadMax = 2000;
const maxTags = 30;
const imageExtension = /\.(jpe?g|png|gif|webp|avif)$/i;

const describe = (item: WxrItem) => `${item.postType} ${item.postId} “${cutAtWord(plainTextOf(item.title), 60) || '(no title)'}”`;

/** Per run: the image importer every post and attachment shares, so each image comes over once. */
const importers = new WeakMap<ImportRun, ReturnType<typeof imageImporter>>();
function imagesOf(run: ImportRun) {
  let importer = importers.get(run);
  if (!importer) importers.set(run, (importer = imageImporter(run)));
  return importer;
}

function attachmentImage(attachment: WordPressAttachment) {
  return { key: `attachment ${attachment.id}`, url: attachment.url, alt: attachment.alt, caption: attachment.caption, label: `attachment ${attachment.id} ${attachment.url}` };
}

/** An attachment item: its image comes over (once, whoever asks first); audio, video and documents are counted and left. */
export async function importAttachment(run: ImportRun, survey: WxrSurvey, item: WxrItem): Promise<void> {
  const attachment = survey.attachments.get(item.postId);
  if (!attachment || !imageExtension.test(new URL(attachment.url, 'http://x').pathname)) {
    run.report.record('attachment', 'skipped', describe(item), [], 'audio, video and documents are not imported; links to them are kept');
    return;
  }
  await imagesOf(run)(attachmentImage(attachment));
}

/** Brings over the images a post's body names, and answers where each one lives now. */
async function bodyImages(run: ImportRun, survey: WxrSurvey, urls: string[], warnings: string[]): Promise<Map<string, string>> {
  const byUrl = new Map([...survey.attachments.values()].map((a) => [a.url, a]));
  const addresses = new Map<string, string>();
  for (const url of new Set(urls)) {
    const attachment = byUrl.get(url);
    const image: ImportedImage = await imagesOf(run)(
      attachment ? attachmentImage(attachment) : { key: `image ${url}`, url, alt: '', caption: '', label: `image ${url}` },
      attachment ? 'attachment' : 'image',
    );
    if (image.media) addresses.set(url, bodyImageAddress(image.media));
    else if (image.problem) warnings.push(image.problem);
  }
  return addresses;
}

/** The tags a post carries: its categories (but WordPress's default one) and tags, by name, at most thirty. */
function tagLabelsOf(item: WxrItem, warnings: string[]): string[] {
  const labels = new Map<string, string>();
  for (const term of item.terms) {
    if (term.domain !== 'category' && term.domain !== 'post_tag') continue;
    if (term.domain === 'category' && isDefaultCategory(term.slug)) continue;
    const name = cutAtWord(plainTextOf(term.name), 80);
    if (!isTaggable(name)) {
      warnings.push(`the ${term.domain === 'category' ? 'category' : 'tag'} “${name}” was left out: a tag's address here needs a Latin letter or a digit in its name`);
      continue;
    }
    if (!labels.has(slugCore(name))) labels.set(slugCore(name), name);
  }
  const all = [...labels.values()];
  if (all.length > maxTags) warnings.push(`it had ${all.length} categories and tags; an article carries at most ${maxTags}, so the first ${maxTags} were kept`);
  return all.slice(0, maxTags);
}

export interface PostOptions {
  experts(login: string): Promise<number>;
  /** The logins the export lists as authors. */
  logins: Set<string>;
  language?: string;
  /** Where the blog lived on its host (see blogBasePath). */
  basePath: string;
}

/**
 * The login an item's author is given by. Exports made by hand or by plugins sometimes carry stray angle
 * brackets or spaces around it (WordPress's own test data does); one that then names a listed author is read as that author.
 */
function authorLogin(creator: string, logins: Set<string>, warnings: string[]): string {
  if (logins.has(creator)) return creator;
  const cleaned = creator.replace(/^[\s<>]+|[\s<>]+$/g, '');
  if (cleaned !== creator && logins.has(cleaned)) warnings.push(`its author is written “${creator}” in the export; read as ${cleaned}`);
  return cleaned || creator;
}

/** A post becomes an article (see saveSourceArticle for what a second run does). */
export async function importPost(run: ImportRun, survey: WxrSurvey, item: WxrItem, options: PostOptions): Promise<{ public: boolean }> {
  const warnings: string[] = [];
  const label = describe(item);
  const decision = statusOf(item, warnings);
  if ('skip' in decision) {
    run.report.record('post', 'skipped', label, [], decision.skip);
    return { public: false };
  }
  const context = contentContextOf(survey, item);
  const learned = convertWordPressContent(item.content, context);
  const addresses = await bodyImages(
    run,
    survey,
    learned.media.filter((m) => m.kind === 'image').map((m) => m.url),
    warnings,
  );
  const converted = convertWordPressContent(item.content, { ...context, imageAddress: (url) => addresses.get(url) });
  warnings.push(...converted.warnings.filter((w) => !isImageWarning(w)));

  const thumbnail = survey.attachments.get(Number(item.meta.get('_thumbnail_id')));
  const hero = thumbnail ? await imagesOf(run)(attachmentImage(thumbnail)) : undefined;
  if (hero?.problem) warnings.push(`featured ${hero.problem}`);

  let title = cutAtWord(plainTextOf(item.title), titleMax);
  if (!title) {
    title = `Untitled (${item.postDate.slice(0, 10)})`;
    warnings.push(`it had no title; it is called “${title}” here`);
  }
  const body = localiseOldSiteLinks(converted.markdown, oldSiteUrls(survey.site), uploadsPath).trim();
  const lead = cutAtWord(plainTextOf(item.excerpt) || firstParagraphOf(body) || title, leadMax);
  let { status } = decision;
  if (!body && status !== 'draft') {
    warnings.push('it had no text; it comes in as a draft');
    status = 'draft';
  }
  const publishedAt = status === 'published' ? publicationTime(item, warnings) : null;
  const saved = await saveSourceArticle(
    run,
    {
      key: itemKey(item),
      label,
      expertId: await options.experts(authorLogin(item.creator, options.logins, warnings)),
      title,
      lead,
      bodyMarkdown: body,
      slug: usableSlug(item.postName),
      heroMediaId: hero?.media?.id ?? null,
      tagLabels: tagLabelsOf(item, warnings),
      status,
      publishedAt,
      featured: item.isSticky,
      language: options.language,
      oldAddresses: postAddresses(item, options.basePath),
    },
    warnings,
  );
  return { public: status === 'published' && saved.targetId !== undefined };
}
