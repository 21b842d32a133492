import type { Db } from '../schema.ts';
import { listGlossaryTermsIn } from './store.ts';
import { getSiteSettings } from '../site/store.ts';
import { escapeHtml } from '../views/html-text.ts';
import { editionPrefix } from '../views/i18n/languages.ts';
import { isCyrillicWord, russianStem } from '../views/i18n/stems.ts';
import { memoPerGenerationByKey, memoPerHandle } from '../http/generation-memo.ts';

/** What marking needs of a term. */
export interface MarkableTerm {
  term: string;
  slug: string;
  expansion: string;
}

/** How a language's terms are found: Russian words by their stems, so "санкции" finds "санкций". */
export interface MarkingOptions {
  /** The stem of a word, for languages whose words change their endings; terms in capitals only (acronyms) are still matched as written. */
  stem?: (word: string) => string;
  /** The glossary page the marks link to, with the edition's prefix: `/ru/glossary`. */
  glossaryPath?: string;
}

interface CompiledTerm {
  index: number;
  /** The term as it appears in escaped body HTML ("AT&amp;T"). */
  escaped: string;
  lower: string;
  /** Acronyms (no lower-case letter: "EU", "G7", "COVID-19") match only in their own case, so "eu" in a Spanish quote stays plain. */
  caseSensitive: boolean;
  open: string;
}

/** A term matched word by word through its stems: "Средний коридор" is found as "Среднего коридора". */
interface StemmedTerm {
  index: number;
  /** Each word's stem (a Cyrillic word) or its lower case (any other word: "G7"). */
  words: string[];
  stemmed: boolean[];
  /** What stands between the words, blanks made one space: " ", "-". */
  separators: string[];
  open: string;
}

/**
 * Whether a code unit belongs to a word. JavaScript's \b knows only ASCII; a term must not be found inside
 * a longer word in any script ("ЕС" in "ЕСЛИ", "EU" in "Europe"). Letters, digits and combining marks are
 * word characters: ASCII's, and everything from Latin-1's letters up (Cyrillic, Greek, the other scripts,
 * and surrogate halves, whose characters are mostly letters), less × and ÷ and the blocks of punctuation
 * and symbols that sit beside words: general punctuation (dashes, curly quotes), currency signs (€, ₽),
 * letterlike symbols (№, ™), arrows to dingbats, CJK punctuation and the full-width forms' punctuation.
 * Tested code by code, as \p{L} in a regular expression costs several times more on every render.
 */
function isWordCode(c: number): boolean {
  if (c < 0xc0) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (c < 0x2000) return c !== 0xd7 && c !== 0xf7;
  if (c < 0x3040) return c > 0x2bff && c < 0x3000 && !(c >= 0x2e00 && c <= 0x2e7f);
  if (c < 0xfe00) return true;
  // Variation selectors, presentation forms' punctuation, the BOM, full-width ASCII punctuation.
  return !(c <= 0xfe6f || c === 0xfeff || (c >= 0xff00 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65));
}

/** A word's code unit in lower case, ё read as е (Russian texts write either). Russian's letters without a string made. */
function lowerCode(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
  if (c >= 0x410 && c <= 0x42f) return c + 0x20;
  if (c >= 0x430 && c <= 0x44f) return c;
  if (c === 0x401 || c === 0x451) return 0x435;
  const lower = String.fromCharCode(c).toLowerCase().charCodeAt(0);
  return lower === 0x451 ? 0x435 : lower;
}

/** Whether the word at `at`..`end` of the text starts with `stem` (lower case, ё as е), read without copying it. */
function startsWithStem(text: string, at: number, end: number, stem: string): boolean {
  if (end - at < stem.length) return false;
  for (let i = 0; i < stem.length; i++) if (lowerCode(text.charCodeAt(at + i)) !== stem.charCodeAt(i)) return false;
  return true;
}

/** Terms are filed by the first letter and the length of their first word: a number, so looking a word up allocates nothing. */
const wordKey = (firstCode: number, length: number) => lowerCode(firstCode) + length * 0x10000;

/**
 * Stemmed terms are filed by the first two letters of their first stem, which every form of the word
 * starts with (a stem of one letter, by that letter alone).
 */
const prefixKey = (text: string, at: number, end: number) => lowerCode(text.charCodeAt(at)) * 0x10000 + (at + 1 < end ? lowerCode(text.charCodeAt(at + 1)) : 0);
const firstLetterKey = (text: string, at: number) => lowerCode(text.charCodeAt(at)) * 0x10000;

function wordEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && isWordCode(text.charCodeAt(end))) end++;
  return end;
}

function gapEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && !isWordCode(text.charCodeAt(end))) end++;
  return end;
}

/** Blanks between words, however written (a no-break space, a line break), read as one space. */
const oneSpace = (gap: string) => gap.replace(/\s+/g, ' ');
const normalised = (word: string) => word.toLowerCase().replaceAll('ё', 'е');

const closeMarkup = '</abbr></a>';

/** A term's address on the glossary page. */
export const glossaryAnchor = (slug: string) => `term-${slug}`;

/**
 * The glossary compiled for marking first uses in body HTML: terms are looked up by their first word,
 * so a text is read once, word by word, whatever the size of the glossary.
 */
export class GlossaryMatcher {
  private readonly byFirstWord = new Map<number, CompiledTerm[]>();
  private readonly byStemPrefix = new Map<number, StemmedTerm[]>();
  /** Whether a stemmed term's first stem is one letter long, so that words are looked up by their first letter too. */
  private shortStems = false;
  private readonly stem: ((word: string) => string) | undefined;
  /** Stems of the words met so far: an article's words repeat, and so do the articles' words. */
  private readonly stems = new Map<string, string>();
  readonly size: number;

  constructor(terms: MarkableTerm[], options: MarkingOptions = {}) {
    this.stem = options.stem;
    const glossaryPath = options.glossaryPath ?? '/glossary';
    terms.forEach((t, index) => {
      const escaped = escapeHtml(t.term);
      // A term must start with a letter or digit (the API sees to it); one that does not could never be found.
      const first = escaped.slice(0, wordEnd(escaped, 0));
      if (!first) return;
      const caseSensitive = t.term === t.term.toUpperCase();
      const open = `<a class="glossary-term" href="${escapeHtml(glossaryPath)}#${glossaryAnchor(t.slug)}"><abbr title="${escapeHtml(t.expansion)}">`;
      if (this.stem && !caseSensitive) {
        this.addStemmed(escaped, index, open);
        return;
      }
      const compiled: CompiledTerm = { index, escaped, lower: escaped.toLowerCase(), caseSensitive, open };
      const key = wordKey(first.charCodeAt(0), first.length);
      const list = this.byFirstWord.get(key) ?? [];
      list.push(compiled);
      // The longest term wins where several start alike ("EU" and "EU Council").
      list.sort((a, b) => b.escaped.length - a.escaped.length);
      this.byFirstWord.set(key, list);
    });
    this.size = terms.length;
  }

  private addStemmed(escaped: string, index: number, open: string): void {
    const words: string[] = [];
    const stemmed: boolean[] = [];
    const separators: string[] = [];
    let at = 0;
    while (at < escaped.length) {
      const end = wordEnd(escaped, at);
      const word = escaped.slice(at, end);
      const cyrillic = isCyrillicWord(word);
      words.push(cyrillic ? this.stem!(word) : normalised(word));
      stemmed.push(cyrillic);
      const next = gapEnd(escaped, end);
      if (next < escaped.length) separators.push(oneSpace(escaped.slice(end, next)));
      at = next;
    }
    const first = words[0]!;
    const key = prefixKey(first, 0, first.length);
    if (first.length === 1) this.shortStems = true;
    const list = this.byStemPrefix.get(key) ?? [];
    list.push({ index, words, stemmed, separators, open });
    // The term of most words wins where several start alike ("Северный морской путь" before "Северный").
    list.sort((a, b) => b.words.length - a.words.length || b.words.join(' ').length - a.words.join(' ').length);
    this.byStemPrefix.set(key, list);
  }

  private stemOf(word: string): string {
    let stem = this.stems.get(word);
    if (stem === undefined) {
      if (this.stems.size >= 50_000) this.stems.clear();
      stem = this.stem!(word);
      this.stems.set(word, stem);
    }
    return stem;
  }

  /** Whether the text's word at `at`..`end` is the term's i-th word: by its stem, or as written for a word in another script. */
  private wordMatches(text: string, at: number, end: number, term: StemmedTerm, i: number): boolean {
    const wanted = term.words[i]!;
    // Every form of a word starts with its stem: most words are told apart without stemming them.
    if (!startsWithStem(text, at, end, wanted)) return false;
    if (!term.stemmed[i]) return end - at === wanted.length;
    const word = text.slice(at, end);
    return isCyrillicWord(word) && this.stemOf(word) === wanted;
  }

  private stemmedCandidates(text: string, start: number, end: number): StemmedTerm[] | undefined {
    const byPrefix = this.byStemPrefix.get(prefixKey(text, start, end));
    if (!this.shortStems) return byPrefix;
    const byLetter = this.byStemPrefix.get(firstLetterKey(text, start));
    return byLetter ? [...(byPrefix ?? []), ...byLetter] : byPrefix;
  }

  /** Where a stemmed term found at `start` ends in the text, or -1. */
  private stemmedEnd(text: string, start: number, term: StemmedTerm): number {
    let at = start;
    for (let i = 0; i < term.words.length; i++) {
      if (i > 0) {
        const next = gapEnd(text, at);
        if (oneSpace(text.slice(at, next)) !== term.separators[i - 1]) return -1;
        at = next;
      }
      const end = wordEnd(text, at);
      if (end === at || !this.wordMatches(text, at, end, term, i)) return -1;
      at = end;
    }
    return at;
  }

  /**
   * Marks, in one text run of escaped HTML, the first use of each term not in `used` yet, and adds it
   * to `used`. Only whole words match: "EU" is not found in "EUR" or "Europe", nor "ЕС" in "ЕСЛИ".
   */
  mark(text: string, used: Set<number>): string {
    if (used.size >= this.size) return text;
    let out = '';
    let last = 0;
    let start = 0;
    while (start < text.length) {
      if (!isWordCode(text.charCodeAt(start))) {
        start++;
        continue;
      }
      const end = wordEnd(text, start);
      const candidates = this.byFirstWord.get(wordKey(text.charCodeAt(start), end - start));
      const stemmed = this.byStemPrefix.size > 0 ? this.stemmedCandidates(text, start, end) : undefined;
      // Entity names ("amp" in "&amp;") are not words.
      if ((!candidates && !stemmed) || text.charCodeAt(start - 1) === 38) {
        start = end;
        continue;
      }
      let found: { index: number; open: string; end: number } | undefined;
      const exact = candidates?.find((c) => !used.has(c.index) && matchesAt(text, start, c));
      if (exact) found = { index: exact.index, open: exact.open, end: start + exact.escaped.length };
      for (const term of stemmed ?? []) {
        if (used.has(term.index)) continue;
        const termEnd = this.stemmedEnd(text, start, term);
        if (termEnd > (found?.end ?? -1)) found = { index: term.index, open: term.open, end: termEnd };
        if (termEnd >= 0) break;
      }
      if (!found) {
        start = end;
        continue;
      }
      used.add(found.index);
      out += text.slice(last, start) + found.open + text.slice(start, found.end) + closeMarkup;
      last = start = found.end;
    }
    return last === 0 ? text : out + text.slice(last);
  }
}

function matchesAt(text: string, start: number, term: CompiledTerm): boolean {
  const end = start + term.escaped.length;
  if (end > text.length || (end < text.length && isWordCode(text.charCodeAt(end)))) return false;
  const found = text.slice(start, end);
  return term.caseSensitive ? found === term.escaped : found.toLowerCase() === term.lower;
}

/** How each language's words are compared: Russian by stems; any other as written, whatever the case. */
const stemmers: Record<string, (word: string) => string> = { ru: russianStem };

const matchers = memoPerHandle((handle: Db) =>
  memoPerGenerationByKey(async (language: string) => {
    const [terms, settings] = await Promise.all([listGlossaryTermsIn(handle, { only: language }), getSiteSettings(handle)]);
    const glossaryPath = `${editionPrefix({ languages: settings.languages }, language)}/glossary`;
    return new GlossaryMatcher(terms, { stem: stemmers[language], glossaryPath });
  }, 32),
);

/**
 * The glossary's matcher for articles in a language: only that language's terms, linking to its edition's
 * glossary page (`/ru/glossary#term-…`). Compiled once per content generation: every content change, in
 * this process or another (the page cache's generation moves on both), makes the next article render
 * load it afresh.
 */
export function glossaryMatcher(handle: Db, generation: number | undefined, language = 'en'): Promise<GlossaryMatcher> {
  return matchers(handle)(generation, language);
}
