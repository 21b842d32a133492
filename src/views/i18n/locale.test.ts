import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localeFor } from './locale.ts';
import { editionFilter, editionOf, editionPrefix } from './languages.ts';

const bilingual = { languages: ['en', 'ru'] as const };
const english = localeFor('en', bilingual);
const russian = localeFor('ru', bilingual);

test('plural forms follow each language’s rules, from 0 to 101', () => {
  const counts = [0, 1, 2, 5, 11, 21, 22, 25, 101];
  assert.deepEqual(
    counts.map((count) => russian.t('cards.count', { count })),
    ['0 статей', '1 статья', '2 статьи', '5 статей', '11 статей', '21 статья', '22 статьи', '25 статей', '101 статья'],
  );
  assert.deepEqual(
    counts.map((count) => english.t('cards.count', { count })),
    ['0 articles', '1 article', '2 articles', '5 articles', '11 articles', '21 articles', '22 articles', '25 articles', '101 articles'],
  );
  assert.equal(russian.t('cards.count', { count: 1234 }), '1\u00a0234 статьи');
});

test('dates and numbers are written as each language writes them', () => {
  assert.equal(english.longDate('2021-12-17T09:00:00Z'), 'December 17, 2021');
  assert.equal(russian.longDate('2021-12-17T09:00:00Z'), '17 декабря 2021 г.');
  // Days are the UTC date a time falls on, whatever the server's zone.
  assert.equal(russian.longDate('2021-12-31T23:30:00Z'), '31 декабря 2021 г.');
  assert.equal(english.number(12345.5), '12,345.5');
  assert.equal(russian.number(12345.5), '12\u00a0345,5');
  assert.equal(english.percent(31), '31%');
  assert.equal(russian.percent(31), '31\u00a0%');
});

test('addresses take the edition’s prefix; the default edition has none', () => {
  assert.equal(english.path('/polls'), '/polls');
  assert.equal(russian.path('/polls'), '/ru/polls');
  assert.equal(russian.path('/'), '/ru');
  assert.equal(english.pathIn('ru', '/blogs'), '/ru/blogs');
  assert.equal(russian.pathIn('en', '/blogs'), '/blogs');
  // A site whose default is Russian keeps Russian at the plain addresses and English under /en.
  const russianFirst = { languages: ['ru', 'en'] as const };
  assert.equal(localeFor('en', russianFirst).path('/blogs'), '/en/blogs');
  assert.equal(localeFor('ru', russianFirst).path('/blogs'), '/blogs');
  assert.equal(editionPrefix(bilingual, 'fr'), '', 'a language without an edition is read in the default one');
});

test('each edition shows its own language, the default edition also those without an edition', () => {
  assert.deepEqual(editionFilter(bilingual, 'ru'), { only: 'ru' });
  assert.deepEqual(editionFilter(bilingual, 'en'), { except: ['ru'] });
  assert.deepEqual(editionFilter({ languages: ['en'] }, 'en'), { except: [] });
  assert.equal(editionOf(bilingual, 'fr'), 'en');
  assert.equal(editionOf(bilingual, 'ru'), 'ru');
});

test('messages with markup keep their links as elements', () => {
  const parts = russian.rich('error.ways', { front: (words) => ({ type: 'a', props: { children: words } }) as never, blogs: () => 'blogs' as never });
  assert.ok(Array.isArray(parts));
  assert.equal((parts as unknown[]).length > 2, true);
});

test('sorting follows the language: Ё sorts with Е, case aside', () => {
  assert.deepEqual(['Жуков', 'Ёлкин', 'Есенин', 'абрамов'].sort(russian.compare), ['абрамов', 'Ёлкин', 'Есенин', 'Жуков']);
});
