import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseHtml } from 'node-html-parser';
import { renderDocument } from '../views/render.ts';
import { localeFor } from '../views/i18n/locale.ts';
import { CiteBlock, SuggestedCitation } from './views.tsx';
import { citableWork, type CitedArticle } from './work.ts';

const editions = { languages: ['en', 'ru'] as const };
const russianLocale = localeFor('ru', editions);
const englishLocale = localeFor('en', editions);

const russianArticle: CitedArticle = {
  title: 'Подводные течения </script><script>alert("x")</script> {скобки} «кавычки»',
  lead: 'Кратко.',
  url: '/ru/blogs/ivan-sidorov/podvodnye-techeniya',
  slug: 'podvodnye-techeniya',
  language: 'ru',
  publishedAt: '2021-12-17T10:00:00.000Z',
  updatedAt: '2021-12-18T10:00:00.000Z',
  expert: { name: 'Иван Петрович Сидоров' },
  tags: [{ name: 'Энергетика' }],
};
const base = 'https://think.example';
const russianSite = { name: 'Институт Вренфилд', publicUrl: base, locale: russianLocale };

const englishArticle: CitedArticle = {
  ...russianArticle,
  title: 'Storage and the Grid',
  url: '/blogs/amara-okafor/storage-and-the-grid',
  slug: 'storage-and-the-grid',
  language: 'en',
  expert: { name: 'Amara Okafor' },
};
const englishSite = { name: 'Wrenfield Institute', publicUrl: base, locale: englishLocale };

function renderBlock(article: CitedArticle, site: typeof russianSite | typeof englishSite) {
  const work = { ...citableWork(article, site), accessed: '2022-01-05T12:00:00.000Z' };
  const html = renderDocument(
    <main>
      <CiteBlock work={work} articlePath={article.url} />
      <SuggestedCitation work={work} />
    </main>,
    site.locale,
  );
  return { html, doc: parseHtml(html) };
}

describe('the citation block in each edition', () => {
  test('Russian edition: Russian words, ГОСТ first, open and suggested; APA, Chicago and MLA keep their own conventions', () => {
    const { doc, html } = renderBlock(russianArticle, russianSite);
    const block = doc.querySelector('section.cite')!;
    assert.equal(block.querySelector('h2')?.text, 'Как сослаться на статью');
    assert.deepEqual(
      block.querySelectorAll('summary').map((s) => s.text),
      ['ГОСТ Р 7.0.100–2018', 'APA (7-е издание)', 'Chicago (17-е издание)', 'MLA (9-е издание)'],
    );
    assert.deepEqual(
      block.querySelectorAll('details').map((d) => d.hasAttribute('open')),
      [true, false, false, false],
    );
    const url = `${base}/ru/blogs/ivan-sidorov/podvodnye-techeniya`;
    assert.equal(
      doc.getElementById('cite-gost')?.text,
      `Сидоров, И. П. ${russianArticle.title} / И. П. Сидоров. – Текст : электронный // Институт Вренфилд : [сайт]. – 2021. – 17 декабря. – URL: ${url} (дата обращения: 05.01.2022).`,
    );
    // The blog is named in the edition's words; APA's own words (the date) stay English.
    assert.equal(doc.getElementById('cite-apa')?.text, `Сидоров, И. П. (2021, December 17). ${russianArticle.title}. Иван Петрович Сидоров — блог эксперта. ${url}`);
    assert.match(doc.getElementById('cite-chicago')!.text, /^Сидоров, Иван Петрович\. “Подводные течения .*” Иван Петрович Сидоров — блог эксперта, Институт Вренфилд, December 17, 2021\. https:/);
    assert.match(doc.getElementById('cite-mla')!.text, /, Институт Вренфилд, 17 Dec\. 2021, think\.example\/ru\/blogs\/ivan-sidorov\/podvodnye-techeniya\.$/);

    const downloads = block.querySelector('.cite-downloads')!;
    assert.ok(downloads.text.startsWith('Скачать описание: '), downloads.text);
    assert.deepEqual(
      downloads.querySelectorAll('a').map((a) => [a.getAttribute('href'), a.text, a.getAttribute('aria-label')]),
      [
        ['/ru/blogs/ivan-sidorov/podvodnye-techeniya/cite.bib', 'BibTeX', 'Скачать описание в формате BibTeX'],
        ['/ru/blogs/ivan-sidorov/podvodnye-techeniya/cite.ris', 'RIS', 'Скачать описание в формате RIS'],
        ['/ru/blogs/ivan-sidorov/podvodnye-techeniya/cite.json', 'CSL-JSON', 'Скачать описание в формате CSL-JSON'],
      ],
    );
    // The Copy buttons' words, for src/client/cite.ts.
    assert.equal(block.getAttribute('data-cite-copy'), 'Копировать');
    assert.equal(block.getAttribute('data-cite-copied'), 'Скопировано');
    assert.equal(block.getAttribute('data-cite-select'), 'Нажмите Ctrl+C или ⌘C, чтобы скопировать выделенную ссылку');
    assert.equal(doc.getElementById('cite-gost')?.getAttribute('data-cite-copy-label'), 'Копировать ссылку: ГОСТ Р 7.0.100–2018');
    assert.equal(doc.getElementById('cite-apa')?.getAttribute('data-cite-copied-status'), 'Ссылка скопирована: APA (7-е издание)');

    assert.equal(doc.querySelector('.suggested-citation')?.text, `Для цитирования: ${doc.getElementById('cite-gost')?.text}`);
    // The hostile title opens nothing.
    assert.ok(!html.includes('<script>alert'), 'no script element is opened by the title');
    assert.equal(html.match(/<\/script>/g), null);
  });

  test('English edition: the three styles as before, APA open, Chicago suggested, no ГОСТ', () => {
    const { doc } = renderBlock(englishArticle, englishSite);
    const block = doc.querySelector('section.cite')!;
    assert.equal(block.querySelector('h2')?.text, 'Cite this article');
    assert.deepEqual(
      block.querySelectorAll('summary').map((s) => s.text),
      ['APA (7th edition)', 'Chicago (17th edition)', 'MLA (9th edition)'],
    );
    assert.deepEqual(
      block.querySelectorAll('details').map((d) => d.hasAttribute('open')),
      [true, false, false],
    );
    assert.equal(doc.getElementById('cite-gost'), null);
    assert.equal(doc.getElementById('cite-apa')?.text, `Okafor, A. (2021, December 17). Storage and the Grid. Amara Okafor's Blog. ${base}/blogs/amara-okafor/storage-and-the-grid`);
    assert.ok(block.querySelector('.cite-downloads')!.text.startsWith('Download the reference: '));
    assert.equal(block.getAttribute('data-cite-copy'), 'Copy');
    assert.equal(doc.getElementById('cite-apa')?.getAttribute('data-cite-copy-label'), 'Copy the APA (7th edition) reference');
    assert.equal(doc.getElementById('cite-apa')?.getAttribute('data-cite-copied-status'), 'APA (7th edition) reference copied');
    assert.equal(
      doc.querySelector('.suggested-citation')?.text,
      `Suggested citation: Okafor, Amara. “Storage and the Grid.” Amara Okafor's Blog, Wrenfield Institute, December 17, 2021. ${base}/blogs/amara-okafor/storage-and-the-grid.`,
    );
  });

  test('a page rendered without a locale is the English one; a site without one names the blog in English', () => {
    const work = citableWork(englishArticle, { name: 'Wrenfield Institute', publicUrl: base });
    assert.equal(work.containerTitle, "Amara Okafor's Blog");
    assert.equal(work.url, `${base}/blogs/amara-okafor/storage-and-the-grid`);
    const doc = parseHtml(renderDocument(<CiteBlock work={work} articlePath={englishArticle.url} />));
    assert.equal(doc.querySelector('h2')?.text, 'Cite this article');
  });

  test('without a day of reading, the ГОСТ reference carries today’s, marked for the reader’s browser', () => {
    const day = () => new Date().toISOString().slice(0, 10);
    const before = day();
    const doc = parseHtml(renderDocument(<CiteBlock work={citableWork(russianArticle, russianSite)} articlePath={russianArticle.url} />, russianLocale));
    const time = doc.querySelector('#cite-gost time[data-cite-today]');
    assert.ok(time);
    const today = time.getAttribute('datetime')!;
    assert.ok([before, day()].includes(today), `${today} is the day of rendering`);
    assert.equal(time.text, today.split('-').reverse().join('.'));
  });
});
