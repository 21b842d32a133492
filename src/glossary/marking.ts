import type { Db } from '../schema.ts';
import { listGlossaryTerms } from './store.ts';
import { escapeHtml } from '../views/html-text.ts';
import { memoPerGeneration, memoPerHandle } from '../http/generation-memo.ts';

/** What marking needs of a term. */
export interface MarkableTerm {
  term: string;
  slug: string;
  expansion: string;
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

/**
 * Whether a code unit belongs to a word: ASCII letters and digits, and everything from Latin-1's
 * letters up except × ÷ and general punctuation (dashes, curly quotes). Tested code by code, as
 * \p{L} in a regular expression costs several times more on every render.
 */
function isWordCode(c: number): boolean {
  if (c < 0xc0) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return c !== 0xd7 && c !== 0xf7 && (c < 0x2000 || c > 0x206f);
}

/** A word's first code unit in lower case. */
function lowerCode(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
  return String.fromCharCode(c).toLowerCase().charCodeAt(0);
}

/** Terms are filed by the first letter and the length of their first word: a number, so looking a word up allocates nothing. */
const wordKey = (firstCode: number, length: number) => lowerCode(firstCode) + length * 0x10000;

function wordEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && isWordCode(text.charCodeAt(end))) end++;
  return end;
}
const closeMarkup = '</abbr></a>';

/** A term's address on the glossary page. */
export const glossaryAnchor = (slug: string) => `term-${slug}`;

/**
 * The glossary compiled for marking first uses in body HTML: terms are looked up by their first word,
 * so a text is read once, word by word, whatever the size of the glossary.
 */
export class GlossaryMatcher {
  private readonly byFirstWord = new Map<number, CompiledTerm[]>();
  readonly size: number;

  constructor(terms: MarkableTerm[]) {
    terms.forEach((t, index) => {
      const escaped = escapeHtml(t.term);
      // A term must start with a letter or digit (the API sees to it); one that does not could never be found.
      const first = escaped.slice(0, wordEnd(escaped, 0));
      if (!first) return;
      const compiled: CompiledTerm = {
        index,
        escaped,
        lower: escaped.toLowerCase(),
        caseSensitive: t.term === t.term.toUpperCase(),
        open: `<a class="glossary-term" href="/glossary#${glossaryAnchor(t.slug)}"><abbr title="${escapeHtml(t.expansion)}">`,
      };
      const key = wordKey(first.charCodeAt(0), first.length);
      const list = this.byFirstWord.get(key) ?? [];
      list.push(compiled);
      // The longest term wins where several start alike ("EU" and "EU Council").
      list.sort((a, b) => b.escaped.length - a.escaped.length);
      this.byFirstWord.set(key, list);
    });
    this.size = terms.length;
  }

  /**
   * Marks, in one text run of escaped HTML, the first use of each term not in `used` yet, and adds it
   * to `used`. Only whole words match: "EU" is not found in "EUR" or "Europe".
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
      // Entity names ("amp" in "&amp;") are not words.
      const term = candidates && text[start - 1] !== '&' ? candidates.find((c) => !used.has(c.index) && matchesAt(text, start, c)) : undefined;
      if (!term) {
        start = end;
        continue;
      }
      const termEnd = start + term.escaped.length;
      used.add(term.index);
      out += text.slice(last, start) + term.open + text.slice(start, termEnd) + closeMarkup;
      last = start = termEnd;
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

const matchers = memoPerHandle((handle: Db) => memoPerGeneration(async () => new GlossaryMatcher(await listGlossaryTerms(handle))));

/**
 * The glossary's matcher, compiled once per content generation: every content change, in this process
 * or another (the page cache's generation moves on both), makes the next article render load it afresh.
 */
export function glossaryMatcher(handle: Db, generation: number | undefined): Promise<GlossaryMatcher> {
  return matchers(handle)(generation);
}
