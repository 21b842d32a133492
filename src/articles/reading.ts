import type { GlossaryMatcher } from '../glossary/marking.ts';
import { decodeEntities } from '../views/html-text.ts';

/** A heading of the body, for the table of contents. */
export interface BodyHeading {
  level: 2 | 3 | 4;
  id: string;
  text: string;
}

/** The body as the article page shows it, with what the page says about it. */
export interface ReadableBody {
  html: string;
  headings: BodyHeading[];
  words: number;
  /** At about 230 words a minute, never less than 1. */
  readingMinutes: number;
}

const wordsPerMinute = 230;
/** Articles with this many h2/h3 headings get a table of contents. */
const tocMinimumHeadings = 3;

const tagPattern = /<[^>]*>/g;
const tagName = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)/;
const voidElements = new Set(['br', 'hr', 'img', 'wbr']);
/** No glossary marking inside these: links, code, headings, existing abbreviations, footnote references. */
const unmarkedElements = new Set(['a', 'code', 'pre', 'h2', 'h3', 'h4', 'h5', 'h6', 'abbr', 'sup', 'sub']);
const anchoredHeadings = new Set(['h2', 'h3', 'h4']);
/** Elements that may sit inside a word; any other tag separates words. */
const inlineElements = new Set(['a', 'abbr', 'code', 'del', 'em', 's', 'strong', 'sub', 'sup']);
/**
 * Ids the page or the body already use: footnotes (fn1, fnref1), paragraphs (p1), the layout's
 * landmarks and section headings (main, more-heading), glossary and letter anchors, and the prefixes
 * the page's own blocks use (cite-apa, poll-3, masthead-q, search-…, field-…). A heading whose
 * text would make one of them gets a "section-" prefix instead.
 */
const reservedId = /^(?:(?:fn|fnref|p)\d+|main|content|.*-heading|(?:term|letter|cite|poll|masthead|search|field|article|toc|related|results|share)-.*)$/;

/** "The Caspian: 2026 & beyond" → "the-caspian-2026-beyond"; letters of any script are kept. */
function headingSlug(text: string): string {
  const slug = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return !slug || reservedId.test(slug) ? `section${slug ? `-${slug}` : ''}` : slug;
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/**
 * Runs of non-space in a text, counted code unit by code unit (no regex, no array): within a few per
 * cent of a word count for prose, which is all a reading time needs. `afterSpace` says whether the
 * text before ended in a space, since a tag may split a word ("<em>re</em>read").
 */
function countWords(text: string, afterSpace: boolean): { words: number; afterSpace: boolean } {
  let words = 0;
  let space = afterSpace;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isSpace = c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0;
    if (!isSpace && space) words++;
    space = isSpace;
  }
  return { words, afterSpace: space };
}

const withId = (openTag: string, id: string) => `${openTag.slice(0, -1)} id="${id}">`;
const selfLink = (id: string, label: string, sign: string) => `<a class="anchor-link" href="#${id}" aria-label="${label}">${sign}</a>`;

/**
 * Prepares stored (sanitised) body HTML for reading, in one pass over it: ids and self-links on
 * h2–h4 headings and on top-level paragraphs (p1, p2…), the first use of each glossary term marked,
 * and the words counted. No DOM: the sanitiser's output is regular enough to read tag by tag.
 */
export function readableBody(html: string, glossary?: GlossaryMatcher): ReadableBody {
  const out: string[] = [];
  const headings: BodyHeading[] = [];
  const ids = new Set<string>();
  const usedTerms = new Set<number>();
  let depth = 0;
  let unmarked = 0;
  let words = 0;
  let paragraphs = 0;
  let openParagraph = 0;
  let heading: { level: 2 | 3 | 4; at: number; text: string } | undefined;

  let afterSpace = true;
  const text = (segment: string) => {
    if (!segment) return;
    const counted = countWords(segment, afterSpace);
    words += counted.words;
    afterSpace = counted.afterSpace;
    if (heading) heading.text += segment;
    out.push(glossary && unmarked === 0 ? glossary.mark(segment, usedTerms) : segment);
  };

  let last = 0;
  for (const match of html.matchAll(tagPattern)) {
    text(html.slice(last, match.index));
    last = match.index + match[0].length;
    const tag = match[0];
    const parsed = tagName.exec(tag);
    if (!parsed) {
      out.push(tag);
      continue;
    }
    const closing = parsed[1] === '/';
    const name = parsed[2]!.toLowerCase();
    if (!inlineElements.has(name)) afterSpace = true;
    if (voidElements.has(name) || tag.endsWith('/>')) {
      out.push(tag);
      continue;
    }
    if (!closing) {
      if (unmarkedElements.has(name)) unmarked++;
      if (anchoredHeadings.has(name) && !heading) {
        heading = { level: Number(name[1]) as 2 | 3 | 4, at: out.length, text: '' };
        out.push(tag);
      } else if (name === 'p' && depth === 0) {
        openParagraph = ++paragraphs;
        out.push(withId(tag, uniqueId(`p${openParagraph}`, ids)));
      } else {
        out.push(tag);
      }
      depth++;
      continue;
    }
    depth = Math.max(0, depth - 1);
    if (unmarkedElements.has(name)) unmarked = Math.max(0, unmarked - 1);
    if (heading && name === `h${heading.level}`) {
      const title = decodeEntities(heading.text).trim();
      const id = uniqueId(headingSlug(title), ids);
      out[heading.at] = withId(out[heading.at]!, id);
      out.push(selfLink(id, 'Link to this section', '#'));
      headings.push({ level: heading.level, id, text: title });
      heading = undefined;
    } else if (name === 'p' && depth === 0 && openParagraph) {
      out.push(selfLink(`p${openParagraph}`, `Link to paragraph ${openParagraph}`, '¶'));
      openParagraph = 0;
    }
    out.push(tag);
  }
  text(html.slice(last));
  return { html: out.join(''), headings, words, readingMinutes: Math.max(1, Math.round(words / wordsPerMinute)) };
}

/** The headings a table of contents lists, or none when the article is too short to need one. */
export function tableOfContents(headings: BodyHeading[]): BodyHeading[] {
  const listed = headings.filter((h) => h.level <= 3);
  return listed.length >= tocMinimumHeadings ? listed : [];
}
