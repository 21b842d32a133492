/**
 * Excerpts made in JavaScript from a document's text: the words around the first mention of what was asked,
 * with every mention in them marked (a phrase as a whole). FTS5's snippet() and PostgreSQL's ts_headline parsed
 * each whole body to choose a fragment; this reads the text only up to the first mention, and one window after it.
 * Text that is not plain ASCII is read decomposed (NFD), so that "cafe" finds "café" and a Korean word its
 * syllables, and the excerpt is composed again (NFC). The patterns never backtrack more than a character:
 * a word's letters and what lies between words are disjoint classes.
 */
import { termTokens } from './terms.ts';
import { markEnd, markStart, stopWords, type ParsedQuery } from './text.ts';

/** A word or phrase of the query as found in a text: the tokens it stems to, and a pattern that finds its forms. */
export interface SoughtUnit {
  tokens: string[];
  pattern: string;
}

const regexpSpecial = /[.*+?^${}()|[\]\\]/g;
const wordCharacters = '[\\p{L}\\p{M}\\p{N}]*';
const betweenWords = '[^\\p{L}\\p{M}\\p{N}]+';
const notAfterWord = '(?<![\\p{L}\\p{M}\\p{N}])';
const asciiOnly = /^[\x00-\x7f]*$/;

/**
 * A pattern for the forms of a word: the start it shares with its stem ("policy" is "polici": "polic"), each
 * letter perhaps followed by accents (the text is decomposed), then any letters.
 */
function wordPattern(word: string): string {
  const plain = word.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const token = termTokens(word)[0] ?? plain;
  let shared = 0;
  while (shared < token.length && shared < plain.length && token[shared] === plain[shared]) shared++;
  const start = [...plain.slice(0, Math.max(shared, 1))].map((c) => c.replace(regexpSpecial, '\\$&')).join('\\p{M}*');
  return start + wordCharacters;
}

/** The phrases (whole, longest first) and the words (not the stop words) worth marking; excluded words are not. */
export function soughtUnits(q: ParsedQuery): SoughtUnit[] {
  const phrases = [...q.phrases].sort((a, b) => b.length - a.length).map((words) => ({ tokens: termTokens(words.join(' ')), pattern: words.map(wordPattern).join(betweenWords) }));
  const words = [...new Set([...q.terms, ...q.phrases.flat()])].filter((w) => !stopWords.has(w)).map((w) => ({ tokens: termTokens(w), pattern: wordPattern(w) }));
  return [...phrases, ...words].filter((u) => u.tokens.length > 0);
}

const sameTokens = (a: string[], b: string[]) => a.length === b.length && a.every((t, i) => t === b[i]);

/** Each query's pattern, made once for the page's excerpts. */
const mentionPatterns = new WeakMap<SoughtUnit[], RegExp>();

/** One group per unit, phrases first: at a phrase's first word, the phrase is what is marked. */
function mentionPattern(sought: SoughtUnit[]): RegExp {
  let pattern = mentionPatterns.get(sought);
  if (!pattern) {
    pattern = new RegExp(`${notAfterWord}(?:${sought.map((u) => `(${u.pattern})`).join('|')})`, 'giu');
    mentionPatterns.set(sought, pattern);
  }
  return pattern;
}

/** Characters before the first mention that an excerpt keeps, and how many it holds at most (about `words` words). */
const lookBack = 60;
const charactersPerWord = 7;

/**
 * The text around the first mention of a sought word or phrase, about `words` words, marked with markStart/markEnd and
 * with "…" where it was cut; undefined when the text mentions none of them.
 */
export function excerptOf(text: string, sought: SoughtUnit[], words: number): string | undefined {
  if (sought.length === 0) return undefined;
  if (asciiOnly.test(text)) return excerptOfDecomposed(text, sought, words);
  return excerptOfDecomposed(text.normalize('NFD'), sought, words)?.normalize('NFC');
}

interface Hit {
  at: number;
  end: number;
}

/** The mentions of the sought units from `from` on, verified by their stems, until `until` (where a hit may start). */
function mentionsIn(text: string, sought: SoughtUnit[], from: number, until: number): Hit[] {
  const mentions = mentionPattern(sought);
  mentions.lastIndex = from;
  const hits: Hit[] = [];
  for (let m = mentions.exec(text); m !== null && m.index < until; m = mentions.exec(text)) {
    const unit = sought[m.slice(1).findIndex((group) => group !== undefined)]!;
    if (sameTokens(termTokens(m[0]), unit.tokens)) hits.push({ at: m.index, end: m.index + m[0].length });
    if (until === Infinity && hits.length > 0) break;
  }
  return hits;
}

/** The phrases among the sought units, kept with them, so that their pattern is made once too. */
const phrasesOf = new WeakMap<SoughtUnit[], SoughtUnit[]>();

function excerptOfDecomposed(text: string, sought: SoughtUnit[], words: number): string | undefined {
  let phrases = phrasesOf.get(sought);
  if (!phrases) phrasesOf.set(sought, (phrases = sought.filter((u) => u.tokens.length > 1)));
  // Where a phrase stands, if it does, else the first word: a phrase is what the reader asked for most precisely.
  const first = (phrases.length > 0 ? mentionsIn(text, phrases, 0, Infinity)[0] : undefined) ?? mentionsIn(text, sought, 0, Infinity)[0];
  if (!first) return undefined;
  const start = windowStart(text, first.at);
  const hits = mentionsIn(text, sought, start, start + words * charactersPerWord);
  const end = wordEnd(text, Math.max(start + words * charactersPerWord, ...hits.map((h) => h.end)));
  let marked = start > 0 ? '…' : '';
  let at = start;
  for (const hit of hits.filter((h) => h.at >= at && h.end <= end)) {
    marked += text.slice(at, hit.at) + markStart + text.slice(hit.at, hit.end) + markEnd;
    at = hit.end;
  }
  return marked + text.slice(at, end) + (end < text.length ? '…' : '');
}

/** The start of the text, about `words` words, for a result whose text mentions none of the words (a title match). */
export function openingOf(text: string, words: number): string {
  const end = wordEnd(text, Math.min(words * charactersPerWord, text.length));
  return text.slice(0, end) + (end < text.length ? '…' : '');
}

/** Where an excerpt showing the mention at `at` starts: a word's start at most lookBack characters before it. */
function windowStart(text: string, at: number): number {
  if (at <= lookBack) return 0;
  const space = text.indexOf(' ', at - lookBack);
  return space === -1 || space >= at ? at : space + 1;
}

/** The longest word an excerpt waits for before it cuts: text without spaces (Chinese, say) is cut where it is. */
const longestWord = 20;
/** A combining mark or the second half of a surrogate pair: a cut just before one would split a character. */
const continuesCharacter = /[\p{M}\uDC00-\uDFFF]/u;

/** The end of the word at `at` (or `at` itself at a space or the text's end), never inside a character. */
function wordEnd(text: string, at: number): number {
  if (at >= text.length) return text.length;
  const space = text.indexOf(' ', at);
  if (space !== -1 && space - at <= longestWord) return space;
  let end = at;
  while (end < text.length && continuesCharacter.test(text[end]!)) end++;
  return end;
}

/**
 * Each document's excerpt, as both engines make them: the body's mention, else the lead's (the title is on the
 * card already), else the body's opening (the words were in the title, the expert's name or the tags).
 */
export function excerptsOf(documents: Array<{ id: number; body: string; lead: string }>, sought: SoughtUnit[], words: number): Map<number, string> {
  return new Map(documents.map((d) => [d.id, excerptOf(d.body, sought, words) ?? excerptOf(d.lead, sought, words) ?? openingOf(d.body, words)]));
}
