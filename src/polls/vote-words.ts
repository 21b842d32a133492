/**
 * The words the voting script (src/client/poll.ts) writes into a page: the notices, the note on results
 * held back, each option's count and the number of readers who voted. The script cannot carry the
 * catalogues' formatter (intl-messageformat would quadruple it), so it gets the few messages it needs as
 * they stand in the catalogue, and formats them with formatVoteMessage, which reads the part of ICU
 * MessageFormat these messages use: arguments, plurals (`one`, `few`, `=1`…) and `#`. English is built in;
 * a page in another language gives its own on the form (`data-words`, see voteWordsIn in views.tsx).
 * This module imports only the English catalogue, so that the script stays small.
 */
import { pollVoteWords as englishPolls } from '../views/i18n/catalogues/en/polls.ts';
import { voteNotices } from './notices.ts';

export const voteWordKeys = [...Object.values(voteNotices), 'poll.resultsWait', 'poll.count', 'poll.voters'] as const;
export type VoteWordKey = (typeof voteWordKeys)[number];

export interface VoteWords {
  /** The Intl locale the numbers and plural forms are written in: 'en-US', 'ru-RU'. */
  locale: string;
  messages: Record<VoteWordKey, string>;
}

/** The words of a catalogue that the script needs. */
export const pickVoteWords = (catalogue: Record<VoteWordKey, string>, locale: string): VoteWords => ({
  locale,
  messages: Object.fromEntries(voteWordKeys.map((key) => [key, catalogue[key]])) as Record<VoteWordKey, string>,
});

export const englishVoteWords: VoteWords = pickVoteWords(englishPolls, 'en-US');

/** Words a page gave as JSON, when they are whole: anything else (a page from before, a broken attribute) is English. */
export function readVoteWords(json: string | undefined): VoteWords {
  if (!json) return englishVoteWords;
  try {
    const words = JSON.parse(json) as Partial<VoteWords> | null;
    const messages = words?.messages as Record<string, unknown> | undefined;
    if (typeof words?.locale !== 'string' || !messages || !voteWordKeys.every((key) => typeof messages[key] === 'string')) return englishVoteWords;
    // Throws on a locale Intl does not know, which falls back to English too.
    new Intl.PluralRules(words.locale);
    return words as VoteWords;
  } catch {
    return englishVoteWords;
  }
}

/** The index of the brace that closes the one at `open`. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return text.length;
}

type Values = Record<string, string | number>;

function formatArgument(inner: string, values: Values, locale: string): string {
  const [name = '', type] = inner.split(',', 2).map((part) => part.trim());
  const value = values[name];
  if (type !== 'plural') return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : String(value ?? '');
  const count = Number(value);
  const options = new Map<string, string>();
  // After "name, plural,": selectors, each with its message in braces.
  let at = inner.indexOf(',', inner.indexOf(',') + 1) + 1;
  while (at > 0 && at < inner.length) {
    const open = inner.indexOf('{', at);
    if (open < 0) break;
    const close = closingBrace(inner, open);
    options.set(inner.slice(at, open).trim(), inner.slice(open + 1, close));
    at = close + 1;
  }
  const chosen = options.get(`=${count}`) ?? options.get(new Intl.PluralRules(locale).select(count)) ?? options.get('other') ?? '';
  return formatVoteMessage(chosen, values, locale, new Intl.NumberFormat(locale).format(count));
}

/** A catalogue message with its values, as the catalogues' own formatter writes it (for the messages above). */
export function formatVoteMessage(message: string, values: Values, locale: string, pound?: string): string {
  let out = '';
  for (let i = 0; i < message.length; i++) {
    const c = message[i]!;
    if (c === '{') {
      const close = closingBrace(message, i);
      out += formatArgument(message.slice(i + 1, close), values, locale);
      i = close;
    } else out += c === '#' && pound !== undefined ? pound : c;
  }
  return out;
}
