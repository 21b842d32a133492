/**
 * SQLite's index of terms without positions (search_terms_fts, migration 0024), the counterpart of PostgreSQL's
 * `terms` vector (0023): each document's stemmed words and each pair of consecutive words as one token, and
 * its facets. A phrase is the AND of its pairs, so finding one reads a few short lists of ids instead of every
 * position of its words (a phrase holding "the" read the positions of "the" in every document it went past).
 * Tokens are made here, in JavaScript, for the documents (through the search_document_terms SQL function, see
 * sqliteTermsFunctions) and for the queries alike, so they always agree; the table's tokenizer (ascii, with '_'
 * as a token character) only splits them at the spaces between them. Changing how tokens are made changes
 * termsVersion, and the index is rebuilt at the next start (ensureSearchIndex).
 *
 * Words are stemmed by their script, whatever the language of the article: Latin words with the English (Porter)
 * stemmer, Russian words (Cyrillic а–я) with Snowball's Russian stemmer and russianStem's two corrections (src/views/i18n/stems.ts); other
 * words are kept as they are. PostgreSQL does the same with its english and russian configurations and the same
 * corrections in SQL (migration 0030), so that both engines find the same documents for the same words.
 */
import { stemmer } from 'stemmer';
import { russianStem } from '../views/i18n/stems.ts';
import { stopWords, maxWordLength, tagNameSeparator, type ParsedQuery } from './text.ts';

/**
 * What the tokens are made with; a new value makes every SQLite site rebuild its terms. Bump it with any change
 * to termTokens, documentTerms or headTerms.
 */
export const termsVersion = '3';

/**
 * Letters and digits. Not the private-use characters that start the facets' tokens: a text that holds one (an
 * article body, say) cannot make a facet's token, so no author can file an article under another's name.
 */
const tokenPattern = /[\p{L}\p{N}]+/gu;
/**
 * Accents, taken off the letters they follow once the text is decomposed: "café" is read as "cafe". After a
 * Cyrillic letter a breve or a diaeresis is a letter of its own (й, ё), which is put back together; other marks
 * there (a stress mark, "Москва́") go as they do elsewhere.
 */
const diacritics = /([\u0400-\u04ff])?([\u0300-\u036f]+)/g;
const cyrillicLetterMark = /[\u0306\u0308]/;
const plainLatin = /^[a-z]+$/;
const asciiOnly = /^[\x00-\x7f]*$/;
/** A Russian word as russianStem reads it: the letters а–я only (ё is read as е before). */
const russianWord = /^[а-я]+$/;
/** What joins the words of a pair: a token character for the index's tokenizer (tokenchars), never in a word. */
const pairJoint = '_';

/** The stems of the words seen, for the documents' bulk indexing; cleared when it grows past this. */
const stems = new Map<string, string>();
const maxRememberedStems = 200_000;

function stem(word: string): string {
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    if (stems.size >= maxRememberedStems) stems.clear();
    stemmed = plainLatin.test(word) ? stemmer(word) : russianWord.test(word) ? russianStem(word) : word;
    stems.set(word, stemmed);
  }
  return stemmed;
}

/** The letters a text's diacritics leave: none after a Latin (or any non-Cyrillic) letter, й and ё after Cyrillic ones. */
function withoutDiacritics(decomposed: string): string {
  return decomposed.replace(diacritics, (_all, cyrillic: string | undefined, marks: string) => {
    if (cyrillic === undefined) return '';
    const letter = cyrillicLetterMark.exec(marks)?.[0];
    return letter ? (cyrillic + letter).normalize('NFC') : cyrillic;
  });
}

/** A text's words in order, lower case, Latin letters without their accents, ё as е; not yet stemmed. */
function wordsOf(text: string): string[] {
  const lower = text.toLowerCase();
  // Decomposing costs a pass over the text: plain ASCII (most English text) has no accent to take off.
  const plain = asciiOnly.test(lower) ? lower : withoutDiacritics(lower.normalize('NFD')).replace(/ё/g, 'е');
  return (plain.match(tokenPattern) ?? []).map((w) => w.slice(0, maxWordLength));
}

/** A text's tokens in order: its words, English and Russian ones stemmed. */
export function termTokens(text: string): string[] {
  return wordsOf(text).map(stem);
}

const pairsOf = (tokens: string[]) => tokens.slice(1).map((token, i) => `${tokens[i]}${pairJoint}${token}`);

/** One text's terms into `terms`: its words but the stop words, and its pairs of consecutive words, stop words included. */
function addTerms(terms: Set<string>, text: string): void {
  let before = '';
  for (const word of wordsOf(text)) {
    const token = stem(word);
    // The word, not its stem, is what a stop word is: "others" stems to "other", and is looked for.
    if (!stopWords.has(word)) terms.add(token);
    if (before) terms.add(before + pairJoint + token);
    before = token;
  }
}

/**
 * What search_terms_fts indexes for a document: each text's words (but the stop words, which no query looks
 * for alone) and consecutive pairs (stop words included: phrases keep them), once each, and the facets as they are.
 * Pairs never span two texts: a title's last word and the lead's first are not a phrase.
 */
export function documentTerms(texts: string[], facets: string): string {
  const terms = new Set<string>();
  for (const text of texts) addTerms(terms, text);
  return [...terms, facets].join(' ');
}

/**
 * What search_head_terms_fts indexes for one of a document's short columns (title, lead, expert, tags; migration
 * 0030): its terms as documentTerms makes them, so that ranking asks for the same tokens as matching does. Tag
 * names are each a text of their own.
 */
export function headTerms(text: string): string {
  const terms = new Set<string>();
  for (const part of text.split(tagNameSeparator)) addTerms(terms, part);
  return [...terms].join(' ');
}

/** A word or phrase of the query as tokens to AND: one word alone, several as their pairs. */
function unitTokens(words: string[]): string[] {
  const tokens = termTokens(words.join(' '));
  return tokens.length === 1 ? tokens : pairsOf(tokens);
}

const quoted = (tokens: string[]) => tokens.map((t) => `"${t}"`).join(' AND ');

/**
 * Each word and phrase the reader wants, as an FTS5 expression over tokens (quoted, ANDed); the words and phrases
 * that leave no token (a phrase of signs) are left out. Tokens hold no quote (tokenPattern), so quoting them leaves
 * no operator to read.
 */
export function wantedUnits(q: ParsedQuery): string[] {
  return [...q.terms.map((t) => [t]), ...q.phrases]
    .map(unitTokens)
    .filter((tokens) => tokens.length > 0)
    .map(quoted);
}

/**
 * The query as an FTS5 expression over search_terms_fts: every word and every phrase's pairs, none of the
 * excluded words. Empty when nothing is left to look for.
 */
export function termsQuery(q: ParsedQuery): string {
  const wanted = wantedUnits(q);
  if (wanted.length === 0) return '';
  const excluded = q.excluded
    .map((w) => w.replace(/ё/g, 'е'))
    .filter((w) => !stopWords.has(w))
    .map((w) => unitTokens([w]))
    .filter((tokens) => tokens.length > 0);
  return [`(${wanted.join(' AND ')})`, ...excluded.map((tokens) => `NOT (${quoted(tokens)})`)].join(' ');
}

/**
 * The SQL functions the triggers of search_terms_fts and search_head_terms_fts call: a document's terms from its
 * columns, and one short column's. Registered on every connection of a process that composes its capabilities
 * (keepSearchIndexCurrent): a program that writes search_documents without them (an older Rostrum, the sqlite3
 * shell) is refused with "no such function".
 */
export const sqliteTermsFunctions = [
  {
    name: 'search_document_terms',
    deterministic: true,
    implementation: (title: string, lead: string, body: string, expertName: string, tagNames: string, facets: string) =>
      documentTerms([title, lead, body, expertName, ...tagNames.split(tagNameSeparator)], facets),
  },
  { name: 'search_head_terms', deterministic: true, implementation: (text: string) => headTerms(text) },
];
