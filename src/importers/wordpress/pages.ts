/** A WordPress page brought over as a standalone page: nested pages keep their nesting as paths. */
import { slugCore } from '../../db/slug.ts';
import { maxPathLength, maxPathSegments, reservedPathProblem } from '../../standalone-pages/paths.ts';
import { saveSourcePage } from '../pages.ts';
import { localiseOldSiteLinks, plainTextOf } from '../text.ts';
import { cutAtWord } from '../../views/format.ts';
import type { ImportRun } from '../context.ts';
import { isImageWarning } from '../report.ts';
import type { WxrItem } from './wxr.ts';
import type { WxrSurvey } from './import.ts';
import { convertWordPressContent } from './content.ts';
import { contentContextOf } from './posts.ts';
import { itemKey, oldSiteUrls, pageAddresses, statusOf, uploadsPath, usableSlug } from './mapping.ts';

/** What the first pass keeps of each page: enough to make every page's path from its ancestors'. */
export interface WxrPageOutline {
  parentId: number;
  postName: string;
  title: string;
}

const titleMax = 300;

/** One segment of a page's path: its slug, or one made from its title, or its id when neither gives letters. */
const segmentOf = (id: number, page: WxrPageOutline) => usableSlug(page.postName) ?? (slugCore(plainTextOf(page.title)) || `page-${id}`);

/**
 * A page's path here: its ancestors' segments and its own, as on the old site, at most five deep (deeper
 * pages hang under their fourth ancestor). A first segment the site keeps for itself (`/search`, `/tags`)
 * gets `-page` after it.
 */
export function pagePathOf(id: number, pages: Map<number, WxrPageOutline>, warnings: string[]): string {
  const segments: string[] = [];
  const seen = new Set<number>();
  for (let at: number | undefined = id; at && pages.has(at) && !seen.has(at); at = pages.get(at)!.parentId) {
    seen.add(at);
    segments.unshift(segmentOf(at, pages.get(at)!));
  }
  if (segments.length > maxPathSegments) {
    warnings.push(`it was ${segments.length} levels deep; it is at most ${maxPathSegments} here`);
    segments.splice(maxPathSegments - 1, segments.length - maxPathSegments);
  }
  if (reservedPathProblem(segments.join('/'))) {
    warnings.push(`/${segments[0]} is one of the site's own addresses; the page is at /${segments[0]}-page`);
    segments[0] = `${segments[0]}-page`;
  }
  if (segments.join('/').length <= maxPathLength) return segments.join('/');
  // Long slugs nested deep: each part is shortened alike, so the path keeps its shape.
  const each = Math.floor((maxPathLength - (segments.length - 1)) / segments.length);
  const short = segments.map((segment) => segment.slice(0, each).replace(/-+$/, '') || 'page').join('/');
  warnings.push(`its path was longer than ${maxPathLength} characters; it is /${short} here`);
  return short;
}

export async function importPage(run: ImportRun, survey: WxrSurvey, item: WxrItem, basePath: string): Promise<void> {
  const warnings: string[] = [];
  const label = `page ${item.postId} “${cutAtWord(plainTextOf(item.title), 60) || '(no title)'}”`;
  const decision = statusOf(item, warnings);
  if ('skip' in decision) {
    run.report.record('page', 'skipped', label, [], decision.skip);
    return;
  }
  // A page has no publication time of its own here: one scheduled for later waits as a draft.
  const published = decision.published && item.status !== 'future';
  if (decision.published && !published) warnings.push('it was scheduled for later on the old site; pages here cannot wait for a time, so it comes in as a draft');
  const converted = convertWordPressContent(item.content, contentContextOf(survey, item));
  warnings.push(...converted.warnings.filter((w) => !isImageWarning(w)));
  const title = cutAtWord(plainTextOf(item.title), titleMax) || `Page ${item.postId}`;
  await saveSourcePage(
    run,
    {
      key: itemKey(item),
      label,
      title,
      path: pagePathOf(item.postId, survey.pages, warnings),
      bodyMarkdown: localiseOldSiteLinks(converted.markdown, oldSiteUrls(survey.site), uploadsPath).trim(),
      status: published ? 'published' : 'draft',
      // Top-level pages go in the footer, in the old site's order; editors choose the masthead's few in the office.
      menu: published && !item.postParent ? 'footer' : 'none',
      menuOrder: Math.max(-9999, Math.min(9999, item.menuOrder)),
      oldAddresses: pageAddresses(item, basePath),
    },
    warnings,
  );
}
