/** Turning HTML into indexable text, a reader's query into terms, and an engine's excerpt into safe HTML. */

import { decodeEntities, escapeHtml } from '../views/html-text.ts';

/** Excerpts come back with the matched words between these; they are removed from indexed text so none are forged. */
export const markStart = '\u0002';
export const markEnd = '\u0003';

/** A control character between names: no name holds one (plainText), both engines' tokenizers read it as a space, and PostgreSQL splits on it to index each tag as a whole (see migration 0023). */
export const tagNameSeparator = '\u001f';

/** Plain text for the index, without the control characters that excerpts use as marks. */
export function plainText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ');
}

/**
 * The words of our own sanitised HTML: tags become spaces, so that "end.</p><p>Next" stays two words.
 * A heading ends with a dash, so that an excerpt does not run it into the paragraph after it, and
 * footnote marks ("[2]", "↩") are left out: they are links, not words.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<sup class="footnote-ref">[\s\S]*?<\/sup>|<a [^>]*class="footnote-backref"[^>]*>[\s\S]*?<\/a>/g, ' ')
    .replace(/<\/h[2-6]>/g, ' — ')
    .replace(/<[^>]*>/g, ' ');
  return plainText(decodeEntities(text)).replace(/\s+/g, ' ').trim();
}

export interface ParsedQuery {
  /** Single words every result must contain (after stemming). */
  terms: string[];
  /** Word sequences that must appear in this order. */
  phrases: string[][];
  /** Words no result may contain. */
  excluded: string[];
}

/** Enough for any real question; more would only let one request make the engines work hard. */
export const maxQueryWords = 32;

/**
 * English words too common to search for. PostgreSQL's english configuration drops them from queries;
 * dropping the same ones here gives SQLite the same answers ("who is the expert on water" asks for
 * "expert" and "water" on both). Inside a quoted phrase they stay.
 */
const englishStopWords =
  'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself ' +
  'they them their theirs themselves what which who whom this that these those am is are was were be been being have has had having ' +
  'do does did doing a an the and but if or because as until while of at by for with about against between into through during ' +
  'before after above below to from up down in out on off over under again further then once here there when where why how all any ' +
  'both each few more most other some such no nor not only own same so than too very s t can will just don should now';

/**
 * Russian words too common to search for: the Snowball project's list, which PostgreSQL's russian_stem
 * dictionary drops (its russian.stop), written with е for ё as both engines read the words (see terms.ts).
 */
const russianStopWords =
  'и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от меня еще нет о из ему ' +
  'теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут ' +
  'где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой ' +
  'совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после ' +
  'над больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том ' +
  'нельзя такой им более всегда конечно всю между';

export const stopWords = new Set(`${englishStopWords} ${russianStopWords}`.split(' '));

/** Whether a word (lower case, as parseQuery and terms.ts read it) is too common to look for alone; ё counts as е. */
export const isStopWord = (word: string) => stopWords.has(word.replace(/ё/g, 'е'));

export const maxWordLength = 64;
const wordPattern = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;

const wordsOf = (text: string) => (text.toLowerCase().match(wordPattern) ?? []).map((w) => w.slice(0, maxWordLength));

/**
 * Reads what a person typed: "quoted words" are a phrase, -word excludes a word, everything else is a
 * word to find. Operators and punctuation are only separators, so no input can be a syntax error for
 * either engine; an unclosed quote is read as plain words. At most maxQueryWords words are kept.
 */
export function parseQuery(input: string): ParsedQuery {
  const parsed: ParsedQuery = { terms: [], phrases: [], excluded: [] };
  let budget = maxQueryWords;
  const take = (words: string[]) => {
    const kept = words.slice(0, budget);
    budget -= kept.length;
    return kept;
  };
  const segments = input.split('"');
  const closed = segments.length % 2 === 1 ? segments.length : segments.length - 1;
  segments.forEach((segment, i) => {
    const isPhrase = i % 2 === 1 && i < closed;
    if (isPhrase) {
      const words = take(wordsOf(segment));
      if (words.length === 1) parsed.terms.push(words[0]!);
      else if (words.length > 1) parsed.phrases.push(words);
      return;
    }
    for (const token of segment.split(/\s+/)) {
      const excluded = token.startsWith('-') && token.length > 1;
      const words = take(wordsOf(token));
      (excluded ? parsed.excluded : parsed.terms).push(...words);
    }
  });
  parsed.terms = [...new Set(parsed.terms)].filter((w) => !isStopWord(w));
  parsed.excluded = [...new Set(parsed.excluded)].filter((w) => !parsed.terms.includes(w));
  return parsed;
}

/** Whether a query can find anything: words to exclude alone match nothing in particular. */
export const isSearchable = (q: ParsedQuery) => q.terms.length > 0 || q.phrases.length > 0;

/** An engine's excerpt as HTML: escaped first, then the marks become <mark>, so no text of the article is ever markup. */
export function excerptHtml(marked: string): string {
  const escaped = escapeHtml(marked);
  let open = false;
  const html = escaped.replace(/[\u0002\u0003]/g, (mark) => {
    if (mark === markStart && !open) return ((open = true), '<mark>');
    if (mark === markEnd && open) return ((open = false), '</mark>');
    return '';
  });
  return open ? `${html}</mark>` : html;
}
