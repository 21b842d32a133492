/**
 * SQLite's index of terms without positions (search_terms_fts, migration 0024), the counterpart of PostgreSQL's
 * `terms` vector (0023): each document's stemmed words and each pair of consecutive words as one token, and
 * its facets. A phrase is the AND of its pairs, so finding one reads a few short lists of ids instead of every
 * position of its words (a phrase holding "the" read the positions of "the" in every document it went past).
 * Tokens are made here, in JavaScript, for the documents (through the search_document_terms SQL function, see
 * sqliteTermsFunction) and for the queries alike, so they always agree; the table's tokenizer (ascii, with '_'
 * as a token character) only splits them at the spaces between them. Changing how tokens are made changes
 * termsVersion, and the index is rebuilt at the next start (ensureSearchIndex).
 */
import { stemmer } from 'stemmer';
import { stopWords, maxWordLength, tagNameSeparator, type ParsedQuery } from './text.ts';

/**
 * What the tokens are made with; a new value makes every SQLite site rebuild its terms. Bump it with any change
 * to termTokens or documentTerms.
 */
export const termsVersion = '2';

/**
 * Letters and digits. Not the private-use characters that start the facets' tokens: a text that holds one (an
 * article body, say) cannot make a facet's token, so no author can file an article under another's name.
 */
const tokenPattern = /[\p{L}\p{N}]+/gu;
const latinDiacritics = /[\u0300-\u036f]/g;
const plainLatin = /^[a-z]+$/;
const asciiOnly = /^[\x00-\x7f]*$/;
/** What joins the words of a pair: a token character for the index's tokenizer (tokenchars), never in a word. */
const pairJoint = '_';

/** The stems of the words seen, for the documents' bulk indexing; cleared when it grows past this. */
const stems = new Map<string, string>();
const maxRememberedStems = 200_000;

function stem(word: string): string {
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    if (stems.size >= maxRememberedStems) stems.clear();
    stemmed = plainLatin.test(word) ? stemmer(word) : word;
    stems.set(word, stemmed);
  }
  return stemmed;
}

/** A text's words in order, lower case, Latin letters without their accents; not yet stemmed. */
function wordsOf(text: string): string[] {
  const lower = text.toLowerCase();
  // Decomposing costs a pass over the text: plain ASCII (most English text) has no accent to take off.
  const plain = asciiOnly.test(lower) ? lower : lower.normalize('NFD').replace(latinDiacritics, '');
  return (plain.match(tokenPattern) ?? []).map((w) => w.slice(0, maxWordLength));
}

/** A text's tokens in order: its words, English ones stemmed. */
export function termTokens(text: string): string[] {
  return wordsOf(text).map(stem);
}

const pairsOf = (tokens: string[]) => tokens.slice(1).map((token, i) => `${tokens[i]}${pairJoint}${token}`);

/**
 * What search_terms_fts indexes for a document: each text's words (but the stop words, which no query looks
 * for alone) and consecutive pairs (stop words included: phrases keep them), once each, and the facets as they are.
 * Pairs never span two texts: a title's last word and the lead's first are not a phrase.
 */
export function documentTerms(texts: string[], facets: string): string {
  const terms = new Set<string>();
  for (const text of texts) {
    const words = wordsOf(text);
    let before = '';
    for (const word of words) {
      const token = stem(word);
      // The word, not its stem, is what a stop word is: "others" stems to "other", and is looked for.
      if (!stopWords.has(word)) terms.add(token);
      if (before) terms.add(before + pairJoint + token);
      before = token;
    }
  }
  return [...terms, facets].join(' ');
}

/** A word or phrase of the query as tokens to AND: one word alone, several as their pairs. */
function unitTokens(words: string[]): string[] {
  const tokens = termTokens(words.join(' '));
  return tokens.length === 1 ? tokens : pairsOf(tokens);
}

const quoted = (tokens: string[]) => tokens.map((t) => `"${t}"`).join(' AND ');

/**
 * The query as an FTS5 expression over search_terms_fts: every word and every phrase's pairs, none of the
 * excluded words. Empty when nothing is left to look for. Tokens hold no quote (tokenPattern), so quoting them
 * leaves no operator to read.
 */
export function termsQuery(q: ParsedQuery): string {
  const wanted = [...q.terms.map((t) => [t]), ...q.phrases].map(unitTokens).filter((tokens) => tokens.length > 0);
  if (wanted.length === 0) return '';
  const excluded = q.excluded
    .filter((w) => !stopWords.has(w))
    .map((w) => unitTokens([w]))
    .filter((tokens) => tokens.length > 0);
  return [`(${wanted.map(quoted).join(' AND ')})`, ...excluded.map((tokens) => `NOT (${quoted(tokens)})`)].join(' ');
}

/**
 * The SQL function the triggers of search_terms_fts call: a document's terms from its columns. Registered on
 * every connection of a process that composes its capabilities (keepSearchIndexCurrent): a program that writes
 * search_documents without it (an older Rostrum, the sqlite3 shell) is refused with "no such function".
 */
export const sqliteTermsFunction = {
  name: 'search_document_terms',
  deterministic: true,
  implementation: (title: string, lead: string, body: string, expertName: string, tagNames: string, facets: string) =>
    documentTerms([title, lead, body, expertName, ...tagNames.split(tagNameSeparator)], facets),
};
