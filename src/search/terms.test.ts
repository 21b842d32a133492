import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentTerms, headTerms, termsQuery, termTokens } from './terms.ts';
import { russianStem } from '../views/i18n/stems.ts';
import { excerptOf, openingOf, soughtUnits } from './excerpt.ts';
import { markEnd, markStart, parseQuery } from './text.ts';

const marked = (text: string | undefined) => text?.replaceAll(markStart, '[').replaceAll(markEnd, ']');

test('tokens: lower case, Latin accents gone, English words stemmed, punctuation a separator', () => {
  assert.deepEqual(termTokens('Sanctioned POLICIES, Café-owners; naïve'), ['sanction', 'polici', 'cafe', 'owner', 'naiv']);
  assert.deepEqual(termTokens("don't"), ['don', 't']);
  // Russian words are stemmed by Snowball's Russian stemmer; words in other scripts are kept as they are, digits too.
  assert.deepEqual(termTokens('Москва 2024 東京 Київ'), ['москв', '2024', '東京', 'київ']);
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
  // The phrase is where the excerpt goes, though one of its words comes earlier alone.
  const later = `Canals first. ${'Filler words here. '.repeat(30)}Then the canal itself.`;
  assert.match(marked(excerptOf(later, soughtUnits(parseQuery('"the canal"')), 24))!, /^….*\[the canal\] itself\.$/);
});

test('the opening of a text, for a match that is not in it', () => {
  assert.equal(openingOf('one two three', 24), 'one two three');
  const long = 'word '.repeat(100).trim();
  const opening = openingOf(long, 24);
  assert.match(opening, /^word( word)+…$/);
  assert.ok(opening.length <= 24 * 7 + 5);
});

test('words that stem to a stop word are still words: "others" is found, "other" alone is not looked for', () => {
  assert.deepEqual(documentTerms(['Others own other things'], '').split(' ').filter(Boolean).sort(), ['other', 'other_own', 'other_thing', 'own_other', 'thing']);
  assert.equal(termsQuery(parseQuery('others')), '("other")');
});

test('private-use characters in a text are not words: no text can make a facet token', () => {
  assert.deepEqual(termTokens('a\uE000e7 body'), ['a', 'e7', 'bodi']);
  assert.ok(!documentTerms(['\uE000e7'], '').includes('\uE000'));
});

test('excerpts find accented and decomposed forms, and give back composed text', () => {
  const sought = soughtUnits(parseQuery('cafe zurich 서울'));
  assert.equal(marked(excerptOf('Lunch at the Café in Zürich.', sought, 24)), 'Lunch at the [Café] in [Zürich].');
  assert.equal(marked(excerptOf('Lunch at the Cafe\u0301 today.', sought, 24)), 'Lunch at the [Café] today.');
  assert.equal(marked(excerptOf('회의는 서울 에서', sought, 24)), '회의는 [서울] 에서');
});

test('excerpts of text in scripts with marks, and without spaces, stay short', () => {
  // Words ending in a vowel sign, and a phrase that fails at its last word: before, the pattern backtracked
  // exponentially here (minutes at 32 words); its classes are disjoint now, and this returns at once.
  const hindi = Array.from({ length: 40 }, (_, i) => `शब्दि${i % 5}`).join(' ');
  const phrase = `"${Array.from({ length: 31 }, (_, i) => `शब्दि${i % 5}`).join(' ')} नहीं"`;
  assert.equal(excerptOf(hindi, soughtUnits(parseQuery(phrase)), 24)?.includes(markStart), true);
  // Chinese words between punctuation, no space anywhere.
  const chinese = '经济，'.repeat(2000) + '政策' + '，经济'.repeat(2000);
  const excerpt = excerptOf(chinese, soughtUnits(parseQuery('政策')), 24)!;
  assert.ok(excerpt.length < 400, `cut without spaces: ${excerpt.length} characters`);
  assert.ok(openingOf(chinese, 24).length < 400);
});

/** Each line: the forms of one word, which must all stem alike (real inflections, as articles write them). */
const russianParadigms = `санкции санкциями санкций санкция санкцию санкцией санкциях санкциям
Китай Китая Китаю Китаем Китае
экономика экономики экономике экономику экономикой
переговоры переговоров переговорам переговорами переговорах
Россия России Россию Россией
Иран Ирана Ирану Ираном Иране
Казахстан Казахстана Казахстану Казахстаном Казахстане
Афганистан Афганистана Афганистану Афганистаном
Ливан Ливана Ливану Ливаном Ливане
океан океана океану океаном океане океаны океанов
страна страны стране страну страной стран странам странами странах
музей музея музею музеем музее
герой героя герою героем герое
Шанхай Шанхая Шанхаю Шанхаем
урожай урожая урожаю урожаем урожае
чай чая чаю чаем чае
Сергей Сергея Сергею Сергеем
пошлина пошлины пошлине пошлину пошлиной пошлин
рубль рубля рублю рублем рубле рубли рублей
соглашение соглашения соглашению соглашением соглашении соглашений
выборы выборов выборам выборами выборах
безопасность безопасности безопасностью
ёлка ёлки ёлке елка елки`;

test('Russian words: the forms of each word stem alike, after Snowball and two corrections (-ан nouns, a final vowel)', () => {
  for (const line of russianParadigms.split('\n')) {
    const forms = line.split(' ');
    const stems = new Set(forms.map((form) => termTokens(form)[0]));
    assert.equal(stems.size, 1, `${line}: ${forms.map((form) => `${form}→${termTokens(form)[0]}`).join(' ')}`);
  }
  // The corrections themselves: "китай" is "кита" to Snowball and "китая" "кит"; "иран" and "ирана" lose their н.
  assert.deepEqual(['китай', 'китая', 'иран', 'ирана', 'ирану', 'чай', 'музей', 'музея'].map(russianStem), ['кит', 'кит', 'иран', 'иран', 'иран', 'ча', 'муз', 'муз']);
});

test('Russian words: different words stay apart, Lebanon from Libya and Armenia from the army', () => {
  const apart = [
    ['Ливан', 'Ливия'],
    ['Иран', 'Ира'],
    ['Судан', 'суд'],
    ['Армения', 'армия', 'армяне'],
    ['Австрия', 'Австралия'],
    ['санкции', 'санкционный'],
    ['Китай', 'китайский', 'китаец'],
  ];
  for (const words of apart) assert.equal(new Set(words.map((word) => termTokens(word)[0])).size, words.length, words.join(' '));
});

test('Russian words: read in lower case, ё as е, й and ё whether composed or not; stress marks dropped', () => {
  assert.deepEqual(termTokens('КИТАЙ Китаи\u0306 ЁЛКА Е\u0308лка Москва\u0301'), ['кит', 'кит', 'елк', 'елк', 'москв']);
  // A word of Cyrillic and Latin letters (a Latin C typed for С) is no Russian word: it is kept as written.
  assert.deepEqual(termTokens('iPhone-ом Cтрана'), ['iphon', 'ом', 'cтрана']);
});

test('Russian stop words are no terms alone, but phrases keep them; a query leaves them out', () => {
  const terms = documentTerms(['Санкции и пошлины'], '').split(' ').filter(Boolean).sort();
  assert.deepEqual(terms, ['и_пошлин', 'пошлин', 'санкц', 'санкц_и']);
  assert.equal(termsQuery(parseQuery('санкции и пошлины')), '("санкц" AND "пошлин")');
  assert.equal(termsQuery(parseQuery('"санкции и пошлины" -её')), '("санкц_и" AND "и_пошлин")');
  assert.equal(termsQuery(parseQuery('её и ещё')), '');
});

test("a short column's ranking terms: its tokens and pairs, each tag name apart", () => {
  assert.deepEqual(headTerms('Экономика Китая').split(' ').sort(), ['кит', 'экономик', 'экономик_кит']);
  assert.deepEqual(headTerms('Китай\u001fТорговля').split(' ').sort(), ['кит', 'торговл']);
});

test('excerpts mark the Russian forms of the words asked for', () => {
  const text = 'Пекин ответил на ограничения санкциями. Санкций больше не будет, сказал министр Китая.';
  assert.equal(marked(excerptOf(text, soughtUnits(parseQuery('санкция китай')), 24)), 'Пекин ответил на ограничения [санкциями]. [Санкций] больше не будет, сказал министр [Китая].');
  assert.equal(marked(excerptOf('Ёлки в Китае.', soughtUnits(parseQuery('елка')), 24)), '[Ёлки] в Китае.');
});
