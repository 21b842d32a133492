import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from '../views/markdown.ts';
import { readableBody, tableOfContents } from './reading.ts';
import { GlossaryMatcher } from '../glossary/marking.ts';

const glossary = new GlossaryMatcher([
  { term: 'EU', slug: 'eu', expansion: 'European Union' },
  { term: 'EAEU', slug: 'eaeu', expansion: 'Eurasian Economic Union' },
  { term: 'Belt and Road Initiative', slug: 'belt-and-road-initiative', expansion: 'China’s infrastructure programme' },
  { term: 'AT&T', slug: 'at-t', expansion: 'A <telephone> "company"' },
  { term: 'amp', slug: 'amp', expansion: 'Ampere' },
]);

const ids = (html: string) => [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);
const marks = (html: string) => [...html.matchAll(/<a class="glossary-term" href="([^"]+)"><abbr title="([^"]*)">([^<]*)<\/abbr><\/a>/g)].map((m) => ({ href: m[1], title: m[2], text: m[3] }));

describe('reading aids', () => {
  test('only the first use of a term is marked, with its expansion and a link to its entry', () => {
    const { html } = readableBody(renderMarkdown('The EU and the EAEU.\n\nThe EU again, and the EAEU.'), glossary);
    assert.deepEqual(marks(html), [
      { href: '/glossary#term-eu', title: 'European Union', text: 'EU' },
      { href: '/glossary#term-eaeu', title: 'Eurasian Economic Union', text: 'EAEU' },
    ]);
    assert.match(html, /<p id="p2">The EU again, and the EAEU\./);
  });

  test('whole words only: EU is not found in EUR, Europe, EU2 or eu; acronyms keep their case, other terms do not', () => {
    const { html } = readableBody(renderMarkdown('Prices in EUR across Europe, EU2 and the eu; the belt and road initiative.'), glossary);
    assert.deepEqual(
      marks(html).map((m) => m.text),
      ['belt and road initiative'],
    );
    const hyphenated = readableBody(renderMarkdown('An EU-wide rule.'), glossary);
    assert.deepEqual(
      marks(hyphenated.html).map((m) => m.text),
      ['EU'],
    );
  });

  test('not inside links, code, headings, footnote references or existing abbreviations; the next use in text is marked', () => {
    const source = '## The EU question\n\nSee [the EU](https://europa.eu) and `EU` code.[^1]\n\n    EU in a code block\n\nAt last the EU.\n\n[^1]: A note.';
    const { html } = readableBody(renderMarkdown(source), glossary);
    const found = marks(html);
    assert.equal(found.length, 1);
    assert.match(html, /<p id="p2">At last the <a class="glossary-term"/);
    assert.match(html, /<h2 id="the-eu-question">The EU question<a class="anchor-link"/);
    assert.match(readableBody('<p><abbr title="x">EU</abbr> then EU</p>', glossary).html, /<abbr title="x">EU<\/abbr> then <a class="glossary-term"/);
  });

  test('terms with markup characters match their escaped form; expansions are escaped; entity names are not words', () => {
    const { html } = readableBody(renderMarkdown('Both AT&T & friends.'), glossary);
    assert.deepEqual(marks(html), [{ href: '/glossary#term-at-t', title: 'A &lt;telephone&gt; &quot;company&quot;', text: 'AT&amp;T' }]);
  });

  test('headings and top-level paragraphs get unique ids and self-links; footnotes keep theirs', () => {
    const source = '# Intro\n\nOne.[^1]\n\n## Intro\n\n> A quote.\n\n- item\n\n## Main\n\n### p1\n\nTwo.\n\n[^1]: The note.';
    const { html, headings } = readableBody(renderMarkdown(source));
    const all = ids(html);
    assert.equal(new Set(all).size, all.length, all.join(' '));
    assert.deepEqual(
      headings.map((h) => h.id),
      ['intro', 'intro-2', 'section-main', 'section-p1'],
    );
    assert.ok(all.includes('fn1') && all.includes('fnref1'));
    assert.match(html, /<a href="#fn1" id="fnref1">\[1\]<\/a><\/sup><a class="anchor-link" href="#p1" aria-label="Link to paragraph 1">¶<\/a><\/p>/);
    assert.match(html, /<p id="p2">Two\./);
    assert.doesNotMatch(html, /<blockquote>\s*<p id=/);
    assert.doesNotMatch(html, /<li id="fn1" class="footnote-item"><p id=/);
    assert.match(html, /<a class="anchor-link" href="#intro-2" aria-label="Link to this section">#<\/a><\/h2>/);
  });

  test('heading text is decoded for the contents, and any script makes an id', () => {
    const { headings } = readableBody(renderMarkdown('## Oil & “gas” <now>\n\n## Россия и Китай\n\n## !!!'));
    assert.deepEqual(headings, [
      { level: 2, id: 'oil-gas-now', text: 'Oil & “gas” <now>' },
      { level: 2, id: 'россия-и-китай', text: 'Россия и Китай' },
      { level: 2, id: 'section', text: '!!!' },
    ]);
  });

  test('a table of contents only for articles with three h2/h3 headings or more', () => {
    const two = readableBody(renderMarkdown('## A\n\ntext\n\n## B\n\n#### C\n\n#### D'));
    assert.deepEqual(tableOfContents(two.headings), []);
    const three = readableBody(renderMarkdown('## A\n\n### A1\n\n## B'));
    assert.deepEqual(
      tableOfContents(three.headings).map((h) => h.id),
      ['a', 'a1', 'b'],
    );
  });

  test('reading time at about 230 words a minute, never under one minute', () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
    assert.equal(readableBody(renderMarkdown('Short.')).readingMinutes, 1);
    const long = readableBody(renderMarkdown(`${words(1000)}\n\n${words(840)}`));
    assert.equal(long.words, 1840);
    assert.equal(long.readingMinutes, 8);
  });

  test('an empty glossary or body changes nothing but the anchors', () => {
    assert.deepEqual(readableBody('', new GlossaryMatcher([])), { html: '', headings: [], words: 0, readingMinutes: 1 });
    assert.equal(readableBody('<p>EU</p>', new GlossaryMatcher([])).html, '<p id="p1">EU<a class="anchor-link" href="#p1" aria-label="Link to paragraph 1">¶</a></p>');
  });
});
