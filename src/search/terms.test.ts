import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentTerms, termsQuery, termTokens } from './terms.ts';
import { excerptOf, openingOf, soughtUnits } from './excerpt.ts';
import { markEnd, markStart, parseQuery } from './text.ts';

const marked = (text: string | undefined) => text?.replaceAll(markStart, '[').replaceAll(markEnd, ']');

test('tokens: lower case, Latin accents gone, English words stemmed, punctuation a separator', () => {
  assert.deepEqual(termTokens('Sanctioned POLICIES, Café-owners; naïve'), ['sanction', 'polici', 'cafe', 'owner', 'naiv']);
  assert.deepEqual(termTokens("don't"), ['don', 't']);
  // Words in other scripts are kept as they are (no English stemmer for them), digits too.
  assert.deepEqual(termTokens('Москва 2024 東京'), ['москва', '2024', '東京']);
});

test("a document's terms: its words but the stop words, each pair of consecutive words, once each, and the facets", () => {
  const terms = documentTerms(['The fiscal policy', 'Policy of the state'], '\uE000e7').split(' ');
  assert.deepEqual(terms.slice(0, -1).sort(), ['fiscal', 'fiscal_polici', 'of_the', 'polici', 'polici_of', 'state', 'the_fiscal', 'the_state']);
  assert.equal(terms.at(-1), '\uE000e7', 'the facets last');
  assert.ok(!terms.includes('polici_polici'), 'no pair spans two texts (the title and the lead)');
});

test('queries: words, phrases as the AND of their pairs, exclusions; nothing to look for is empty', () => {
  assert.equal(termsQuery(parseQuery('sanctions "fiscal policy of the state" -election')), '("sanction" AND "fiscal_polici" AND "polici_of" AND "of_the" AND "the_state") NOT ("elect")');
  assert.equal(termsQuery(parseQuery('"Inflation"')), '("inflat")', 'a phrase of one word is that word');
  assert.equal(termsQuery(parseQuery('inflation -the')), '("inflat")', 'an excluded stop word is not looked for (it is not indexed alone)');
  assert.equal(termsQuery(parseQuery('-inflation')), '');
  // Operators and signs are separators in parseQuery already; what is left is quoted tokens only.
  assert.equal(termsQuery(parseQuery('NEAR(a b) OR "x" AND ^y*')), '("near" AND "b" AND "x" AND "y")');
});

test('excerpts: the words around the first mention, every form of the words marked, cut at words with "…"', () => {
  const text = `${'Filler words before the point. '.repeat(10)}The council sanctioned two banks; sanctions followed, and the Policy changed. ${'More filler after it. '.repeat(20)}`;
  const excerpt = marked(excerptOf(text, soughtUnits(parseQuery('sanctions policy')), 24))!;
  assert.match(excerpt, /^…/);
  assert.match(excerpt, /…$/);
  assert.match(excerpt, /The council \[sanctioned\] two banks; \[sanctions\] followed, and the \[Policy\] changed\./);
  assert.ok(excerpt.length < 24 * 8 + 60, `about 24 words: ${excerpt}`);
  assert.equal(excerptOf(text, soughtUnits(parseQuery('zeppelin')), 24), undefined);
  // A word that only begins like a sought one is not marked.
  assert.equal(excerptOf('Policemen arrived.', soughtUnits(parseQuery('policy')), 24), undefined);
});

test('excerpts: a phrase is marked as a whole where it stands, over the same words elsewhere', () => {
  const text = 'The region grew. Trade in the region against the odds rose.';
  assert.equal(marked(excerptOf(text, soughtUnits(parseQuery('"region against the"')), 24)), 'The [region] grew. Trade in the [region against the] odds rose.');
  assert.equal(marked(excerptOf('A short text.', [], 24)), undefined);
});

test('the opening of a text, for a match that is not in it', () => {
  assert.equal(openingOf('one two three', 24), 'one two three');
  const long = 'word '.repeat(100).trim();
  const opening = openingOf(long, 24);
  assert.match(opening, /^word( word)+…$/);
  assert.ok(opening.length <= 24 * 7 + 5);
});
