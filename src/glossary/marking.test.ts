import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { russianStem } from '../views/i18n/stems.ts';
import { GlossaryMatcher } from './marking.ts';

const term = (word: string, slug = word.toLowerCase().replace(/\W+/g, '-'), expansion = `${word} spelled out`) => ({ term: word, slug, expansion });

/** The marked words of a text, in order. */
function marked(matcher: GlossaryMatcher, text: string): string[] {
  return [...matcher.mark(text, new Set()).matchAll(/<abbr[^>]*>(.*?)<\/abbr>/g)].map((m) => m[1]!);
}

describe('glossary marking across scripts', () => {
  test('Latin terms match whole words only, acronyms in their own case (as before)', () => {
    const matcher = new GlossaryMatcher([term('EU'), term('sanctions')]);
    assert.deepEqual(marked(matcher, 'EUR and Europe, then the EU.'), ['EU']);
    assert.deepEqual(marked(matcher, 'the eu and the EU'), ['EU']);
    assert.deepEqual(marked(matcher, 'Sanctions bite'), ['Sanctions']);
    assert.deepEqual(marked(matcher, 'sanctioned, then sanctions'), ['sanctions'], 'no stemming for English: "sanctioned" is another word');
    assert.deepEqual(marked(matcher, 'EU’s budget, EU-wide'), ['EU'], 'punctuation ends a word');
    assert.deepEqual(marked(matcher, 'EUé and EU'), ['EU'], 'an accented letter continues a word');
  });

  test('Cyrillic terms: "ЕС" is not found in "ЕСЛИ", nor in a word beside it, but beside punctuation and symbols', () => {
    const matcher = new GlossaryMatcher([term('ЕС', 'es')], { stem: russianStem });
    assert.deepEqual(marked(matcher, 'ЕСЛИ бы не ЕСТЕСТВЕННО'), []);
    assert.deepEqual(marked(matcher, 'если ес'), [], 'an acronym matches only in capitals');
    assert.deepEqual(marked(matcher, 'НЕЕС и ЕСА'), []);
    for (const text of ['«ЕС»', 'ЕС—Россия', 'ЕС…', '(ЕС)', 'ЕС№1', 'ЕС€', 'ЕС\u00a0и', 'ЕС\u2009—']) assert.deepEqual(marked(matcher, text), ['ЕС'], text);
    assert.deepEqual(marked(matcher, 'ЕСЁ'), [], 'ё is a letter');
  });

  test('Russian terms match their inflected forms, and only whole words', () => {
    const matcher = new GlossaryMatcher([term('санкции', 'sankcii'), term('Средний коридор', 'srednii-koridor'), term('Северный морской путь', 'smp')], { stem: russianStem });
    assert.deepEqual(marked(matcher, 'Введение санкций против'), ['санкций']);
    assert.deepEqual(marked(matcher, 'под САНКЦИЯМИ'), ['САНКЦИЯМИ'], 'whatever the case');
    assert.deepEqual(marked(matcher, 'санкционный режим'), [], 'another word with the same beginning');
    assert.deepEqual(marked(matcher, 'несанкции'), [], 'not inside a longer word');
    assert.deepEqual(marked(matcher, 'по Среднему коридору и Среднего коридора'), ['Среднему коридору'], 'each term once');
    assert.deepEqual(marked(matcher, 'вдоль Среднего\u00a0коридора'), ['Среднего\u00a0коридора'], 'any blank between the words');
    assert.deepEqual(marked(matcher, 'Средний путь'), [], 'every word of the term');
    assert.deepEqual(marked(matcher, 'по Северному морскому пути'), ['Северному морскому пути']);
    assert.deepEqual(marked(matcher, 'Сёверный морской путь'.replace('ё', 'е')), ['Северный морской путь']);
  });

  test('ё and е are one letter in a stemmed term', () => {
    const matcher = new GlossaryMatcher([term('лёд', 'led')], { stem: russianStem });
    assert.deepEqual(marked(matcher, 'толщина льда и лед'), ['лед']);
  });

  test('the longest term wins where several start alike', () => {
    const matcher = new GlossaryMatcher([term('Северный', 'north'), term('Северный морской путь', 'smp')], { stem: russianStem });
    const html = matcher.mark('Северного морского пути', new Set());
    assert.match(html, /href="\/glossary#term-smp"><abbr[^>]*>Северного морского пути<\/abbr>/);
  });

  test('marks link to the edition’s glossary page, and escape what they carry', () => {
    const matcher = new GlossaryMatcher([{ term: 'ЕАЭС', slug: 'eaes', expansion: '<script>alert(1)</script> "союз"' }], { stem: russianStem, glossaryPath: '/ru/glossary' });
    const html = matcher.mark('Страны ЕАЭС', new Set());
    assert.equal(html, 'Страны <a class="glossary-term" href="/ru/glossary#term-eaes"><abbr title="&lt;script&gt;alert(1)&lt;/script&gt; &quot;союз&quot;">ЕАЭС</abbr></a>');
  });

  test('a Latin word in a Russian term is matched as written, in any case', () => {
    const matcher = new GlossaryMatcher([term('саммит G7', 'summit-g7')], { stem: russianStem });
    assert.deepEqual(marked(matcher, 'на саммите g7'), ['саммите g7']);
    assert.deepEqual(marked(matcher, 'на саммите G8'), []);
  });
});
