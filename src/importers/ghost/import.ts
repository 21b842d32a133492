/**
 * `rostrum import ghost`: Ghost's JSON export (versions 4 and 5). Posts become articles and pages standalone
 * pages, staff who wrote them experts, tags tags (Ghost's internal `#tags` left out), with the same rules as
 * the WordPress import: one transaction per item, known again on the next run by the post's uuid, and a
 * redirect from each of Ghost's addresses (`/slug/`, `/tag/slug/`, `/author/slug/`).
 */
import type { Actor } from '../../core/actor.ts';
import type { CommandContext } from '../../audit/command.ts';
import { slugCore, isSlug } from '../../db/slug.ts';
import { withTransaction } from '../../db/transaction.ts';
import { placeTagForLabel } from '../../places/tags.ts';
import { getTagBySlug, isTaggable } from '../../tags/store.ts';
import { recordMove } from '../../redirects/store.ts';
import { reservedPathProblem } from '../../standalone-pages/paths.ts';
import { ImportReport, isImageWarning } from '../report.ts';
import { expertFinder, type SourceAuthor } from '../experts.ts';
import { bodyImageAddress, imageImporter } from '../media.ts';
import { saveSourceArticle } from '../articles.ts';
import { saveSourcePage } from '../pages.ts';
import { firstParagraphOf, localiseOldSiteLinks, plainTextOf } from '../text.ts';
import { cutAtWord } from '../../views/format.ts';
import { startImportRun } from '../context.ts';
import type { UploadsFolder } from '../uploads.ts';
import { convertGhostContent } from './content.ts';
import { ghostTime, readGhostExport, settingOf, type GhostData, type GhostPost } from './export.ts';

export interface GhostImportOptions {
  json: string;
  /** A copy of the site's content/images folder. */
  images?: UploadsFolder;
  /** The Ghost site's address, which the export writes as `__GHOST_URL__`; links to it become this site's own. */
  siteUrl?: string;
  dryRun: boolean;
  expertFor: Map<string, number>;
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
}

/** Stands for the Ghost site's address when none is given: links to it are made this site's own all the same. */
const unknownSite = 'https://ghost-site.invalid';

/**
 * The source a Ghost site's items are known by on the next run: its address when given (two Ghost sites
 * moved into one Rostrum keep their authors and images apart), else its title. Posts are keyed by their
 * uuids, staff by their slugs, images by their paths.
 */
function ghostSource(siteUrl: string | undefined, data: GhostData): string {
  const title = settingOf(data, 'title');
  return siteUrl ? `ghost ${siteUrl.toLowerCase()}` : title ? `ghost "${title}"` : 'ghost';
}

interface Relations {
  authorsOf: Map<string, string[]>;
  tagsOf: Map<string, string[]>;
  metaOf: Map<string, { alt: string; caption: string }>;
}

function relationsOf(data: GhostData): Relations {
  const ordered = <T extends { post_id: string; sort_order?: number | null }>(rows: T[], key: (row: T) => string) => {
    const map = new Map<string, string[]>();
    for (const row of [...rows].sort((a, b) => (a.sort_order ?? 0) - (b.sort_order ?? 0))) map.set(row.post_id, [...(map.get(row.post_id) ?? []), key(row)]);
    return map;
  };
  return {
    authorsOf: ordered(data.posts_authors, (r) => r.author_id),
    tagsOf: ordered(data.posts_tags, (r) => r.tag_id),
    metaOf: new Map(data.posts_meta.map((m) => [m.post_id, { alt: m.feature_image_alt ?? '', caption: m.feature_image_caption ?? '' }])),
  };
}

/** Ghost's own address for a post or page, and the path of its navigation links (`/about/`), without its host. */
const pathOfLink = (url: string) => {
  try {
    return new URL(url.replace('__GHOST_URL__', unknownSite), unknownSite).pathname;
  } catch {
    return '';
  }
};

type StatusDecision = { status: 'published' | 'draft'; publishedAt: string | null } | { skip: string };

/** Published and scheduled posts for everyone go out as they did; those for members only, and drafts, stay drafts. */
function statusOf(post: GhostPost, warnings: string[]): StatusDecision {
  const at = ghostTime(post.published_at);
  if (post.status === 'published' || post.status === 'scheduled') {
    if (post.visibility !== 'public') {
      warnings.push(`it was for ${post.visibility === 'members' ? 'members' : 'paying members'} only on the old site; it comes in as a draft, so that its text is not made public`);
      return { status: 'draft', publishedAt: null };
    }
    return at ? { status: 'published', publishedAt: at } : { status: 'draft', publishedAt: null };
  }
  if (post.status === 'draft') return { status: 'draft', publishedAt: null };
  if (post.status === 'sent') {
    warnings.push('it was sent as a newsletter only; it comes in as a draft');
    return { status: 'draft', publishedAt: null };
  }
  return { skip: `status "${post.status}" is not one Rostrum knows` };
}

export async function importGhost(ctx: CommandContext, actor: Actor, options: GhostImportOptions): Promise<ImportReport> {
  const data = readGhostExport(options.json);
  const report = new ImportReport(options.dryRun);
  const source = ghostSource(options.siteUrl?.replace(/\/+$/, ''), data);
  const run = await startImportRun(ctx, actor, { source, report, uploads: options.images, uploadsMarker: /\/content\/images\// });
  const siteUrl = (options.siteUrl || unknownSite).replace(/\/+$/, '');
  // A Ghost site under a path (https://example.org/blog) had its addresses under it too.
  const base = new URL(siteUrl).pathname.replace(/\/+$/, '');
  const absolute = (url: string) => url.replace('__GHOST_URL__', siteUrl);
  const images = imageImporter(run);
  const relations = relationsOf(data);
  const users = new Map(data.users.map((u) => [u.id, u]));
  const tags = new Map(data.tags.map((t) => [t.id, t]));
  const portraitOf = (url: string, name: string) => ({ key: `image ${pathOfLink(url)}`, url: absolute(url), alt: `Portrait of ${name}`, caption: '', label: `image ${url}` });
  const authors = new Map<string, SourceAuthor>(
    data.users.map((u) => [
      u.slug,
      { login: u.slug, name: u.name || u.slug, bio: u.bio ?? undefined, portrait: u.profile_image ? portraitOf(u.profile_image, u.name) : undefined, oldAddresses: [`${base}/author/${u.slug}/`] },
    ]),
  );
  const experts = expertFinder(run, authors, options.expertFor, images);
  const navigation = new Map<string, number>();
  for (const [at, link] of (JSON.parse(settingOf(data, 'navigation') || '[]') as Array<{ url?: string }>).entries()) navigation.set(pathOfLink(link.url ?? ''), at);
  const language = /^[a-z]{2,3}/i.exec(settingOf(data, 'locale'))?.[0]?.toLowerCase();
  const usedTags = new Set<string>();

  async function contentOf(post: GhostPost, warnings: string[]) {
    const learned = convertGhostContent(post, { siteUrl });
    const addresses = new Map<string, string>();
    for (const url of new Set(learned.media.filter((m) => m.kind === 'image').map((m) => m.url))) {
      const image = await images({ key: `image ${pathOfLink(url)}`, url, alt: '', caption: '', label: `image ${url}` }, 'image');
      if (image.media) addresses.set(url, bodyImageAddress(image.media));
      else if (image.problem) warnings.push(image.problem);
    }
    const converted = convertGhostContent(post, { siteUrl, imageAddress: (url) => addresses.get(url) });
    warnings.push(...converted.warnings.filter((w) => !isImageWarning(w)));
    // Links to the old site's own pages become this site's paths: each leads on through its redirect.
    return localiseOldSiteLinks(converted.markdown, [siteUrl], /^\/content\//).trim();
  }

  /** A post's feature image, brought over with its alt text and caption (kept in posts_meta). */
  async function featureImage(post: GhostPost, warnings: string[]) {
    if (!post.feature_image) return undefined;
    const meta = relations.metaOf.get(post.id);
    const image = await images(
      { key: `image ${pathOfLink(post.feature_image)}`, url: absolute(post.feature_image), alt: meta?.alt ?? '', caption: meta?.caption ?? '', label: `image ${post.feature_image}` },
      'image',
    );
    if (image.problem) warnings.push(`feature ${image.problem}`);
    return image;
  }

  async function featureFigure(post: GhostPost, warnings: string[]): Promise<string> {
    const image = await featureImage(post, warnings);
    if (!image?.media) return '';
    const caption = plainTextOf(relations.metaOf.get(post.id)?.caption ?? '').replace(/["\\]/g, '\\$&');
    const alt = image.media.alt.replace(/[[\]\\]/g, '\\$&');
    return `![${alt}](${bodyImageAddress(image.media)}${caption ? ` "${caption}"` : ''})`;
  }

  async function importPost(post: GhostPost) {
    const warnings: string[] = [];
    const label = `post ${post.slug} “${cutAtWord(post.title, 60)}”`;
    const decision = statusOf(post, warnings);
    if ('skip' in decision) return report.record('post', 'skipped', label, [], decision.skip);
    const authorSlugs = (relations.authorsOf.get(post.id) ?? []).map((id) => users.get(id)?.slug).filter((s): s is string => !!s);
    if (authorSlugs.length > 1)
      warnings.push(`it had ${authorSlugs.length} authors; it is on the first one’s blog (${authorSlugs[0]}), and the others (${authorSlugs.slice(1).join(', ')}) are not named yet`);
    const body = await contentOf(post, warnings);
    const hero = await featureImage(post, warnings);
    const tagNames = (relations.tagsOf.get(post.id) ?? []).map((id) => tags.get(id)).filter((t) => t && t.visibility === 'public' && !t.name.startsWith('#') && isTaggable(t.name));
    for (const tag of tagNames) usedTags.add(tag!.slug);
    if (tagNames.length > 30) warnings.push(`it had ${tagNames.length} tags; an article carries at most 30, so the first 30 were kept`);
    const title = cutAtWord(plainTextOf(post.title), 300) || `Untitled (${post.slug})`;
    const status = !body && decision.status === 'published' ? 'draft' : decision.status;
    if (status !== decision.status) warnings.push('it had no text; it comes in as a draft');
    const saved = await saveSourceArticle(
      run,
      {
        key: `post ${post.uuid}`,
        label,
        expertId: await experts(authorSlugs[0] ?? 'ghost'),
        title,
        lead: cutAtWord(plainTextOf(post.custom_excerpt ?? '') || firstParagraphOf(body) || title, 2000),
        bodyMarkdown: body,
        slug: isSlug(post.slug) ? post.slug : undefined,
        heroMediaId: hero?.media?.id ?? null,
        tagLabels: tagNames.slice(0, 30).map((t) => t!.name),
        status,
        publishedAt: status === 'published' ? decision.publishedAt : null,
        featured: post.featured,
        language,
        oldAddresses: [`${base}/${post.slug}/`],
      },
      warnings,
    );
    return saved;
  }

  async function importPage(post: GhostPost) {
    const warnings: string[] = [];
    const label = `page ${post.slug} “${cutAtWord(post.title, 60)}”`;
    const found = statusOf(post, warnings);
    if ('skip' in found) return report.record('page', 'skipped', label, [], found.skip);
    // A page has no publication time of its own here: one scheduled for later waits as a draft.
    const later = found.status === 'published' && post.status === 'scheduled';
    if (later) warnings.push('it was scheduled for later on the old site; pages here cannot wait for a time, so it comes in as a draft');
    const decision = later ? { status: 'draft' as const, publishedAt: null } : found;
    let path = slugCore(post.slug) || `page-${post.id}`;
    if (reservedPathProblem(path)) {
      warnings.push(`/${path} is one of the site's own addresses; the page is at /${path}-page`);
      path = `${path}-page`;
    }
    const inMenu = navigation.get(`${base}/${post.slug}/`) ?? navigation.get(`/${post.slug}/`);
    const figure = await featureFigure(post, warnings);
    await saveSourcePage(
      run,
      {
        key: `page ${post.uuid}`,
        label,
        title: cutAtWord(plainTextOf(post.title), 300) || path,
        path,
        // A page has no hero: its feature image opens its text, as a captioned figure.
        bodyMarkdown: [figure, await contentOf(post, warnings)].filter(Boolean).join('\n\n'),
        status: decision.status,
        // Pages in Ghost's navigation go in the masthead, in its order.
        menu: decision.status === 'published' && inMenu !== undefined ? 'masthead' : 'none',
        menuOrder: inMenu ?? 0,
        oldAddresses: [`${base}/${post.slug}/`],
      },
      warnings,
    );
  }

  let done = 0;
  for (const post of data.posts) {
    if (options.signal?.aborted) break;
    if (post.type === 'page') await importPage(post);
    else await importPost(post);
    options.onProgress?.(++done, data.posts.length);
  }
  if (!options.dryRun) {
    await withTransaction(ctx.handle, async (tx) => {
      for (const slug of usedTags) {
        const source = data.tags.find((t) => t.slug === slug)!;
        const tag = await getTagBySlug(tx, slugCore(placeTagForLabel(source.name)?.name ?? source.name));
        if (tag && (await recordMove(tx, `${base}/tag/${slug}/`, `/tags/${tag.slug}`, { origin: 'import' }))) report.redirects++;
      }
    });
    await ctx.contentChanged();
  }
  return report;
}
