import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { initials, splitPersonName } from './names.ts';
import { apaReference, chicagoReference, gostReference, mlaReference, referenceFormatters } from './styles.ts';
import { citationKey } from './bibtex.ts';
import { escapeHtml } from '../views/html-text.ts';
import type { CitableWork } from './work.ts';

const work: CitableWork = {
  title: 'Storage and the Grid',
  authors: [splitPersonName('Amara Okafor')],
  publishedAt: '2021-12-17T10:00:00.000Z',
  updatedAt: '2022-01-05T08:00:00.000Z',
  publisher: 'Wrenfield Institute',
  containerTitle: "Amara Okafor's Blog",
  url: 'https://think.example/blogs/amara-okafor/storage-and-the-grid',
  language: 'en',
  abstract: 'Batteries are changing how grids balance.',
  keywords: ['Energy'],
};

describe('names', () => {
  test('the last word is the family name, with the particles before it; one word is a literal', () => {
    assert.deepEqual(splitPersonName('Amara Okafor'), { given: 'Amara', family: 'Okafor', full: 'Amara Okafor', literal: false });
    assert.deepEqual(splitPersonName('Jan van der Berg'), { given: 'Jan', family: 'van der Berg', full: 'Jan van der Berg', literal: false });
    assert.deepEqual(splitPersonName('  Ahmed   al-Rashid '), { given: 'Ahmed', family: 'al-Rashid', full: 'Ahmed al-Rashid', literal: false });
    assert.deepEqual(splitPersonName('Maria de la Cruz'), { given: 'Maria', family: 'de la Cruz', full: 'Maria de la Cruz', literal: false });
    assert.deepEqual(splitPersonName('Ingrid Marie Solheim'), { given: 'Ingrid Marie', family: 'Solheim', full: 'Ingrid Marie Solheim', literal: false });
    assert.deepEqual(splitPersonName('Plato'), { given: '', family: 'Plato', full: 'Plato', literal: true });
    // A particle is never taken for the whole given name.
    assert.equal(splitPersonName('Van Morrison').given, 'Van');
  });

  test('APA initials keep hyphens and survive stray ones', () => {
    assert.equal(initials('Amara Ngozi'), 'A. N.');
    assert.equal(initials('Jean-Paul'), 'J.-P.');
    assert.equal(initials('Jean--Paul'), 'J.-P.');
    assert.equal(initials('élodie'), 'É.');
  });
});

describe('reference styles, written out by hand from the style guides', () => {
  test('APA 7: author, initials, (year, month day). Title. Italic blog. URL', () => {
    const ref = apaReference(work);
    assert.equal(ref.text, "Okafor, A. (2021, December 17). Storage and the Grid. Amara Okafor's Blog. https://think.example/blogs/amara-okafor/storage-and-the-grid");
    assert.equal(ref.html, "Okafor, A. (2021, December 17). Storage and the Grid. <i>Amara Okafor's Blog</i>. https://think.example/blogs/amara-okafor/storage-and-the-grid");
  });

  test('Chicago 17 bibliography: inverted name, quoted title, italic blog, institution, date. URL.', () => {
    const ref = chicagoReference(work);
    assert.equal(ref.text, "Okafor, Amara. “Storage and the Grid.” Amara Okafor's Blog, Wrenfield Institute, December 17, 2021. https://think.example/blogs/amara-okafor/storage-and-the-grid.");
    assert.equal(ref.html, "Okafor, Amara. “Storage and the Grid.” <i>Amara Okafor's Blog</i>, Wrenfield Institute, December 17, 2021. https://think.example/blogs/amara-okafor/storage-and-the-grid.");
  });

  test('MLA 9: abbreviated month, day first, address without the scheme', () => {
    const ref = mlaReference({ ...work, publishedAt: '2023-09-04T00:00:00Z' });
    assert.equal(ref.text, "Okafor, Amara. “Storage and the Grid.” Amara Okafor's Blog, Wrenfield Institute, 4 Sept. 2023, think.example/blogs/amara-okafor/storage-and-the-grid.");
    assert.equal(ref.html, "Okafor, Amara. “Storage and the Grid.” <i>Amara Okafor's Blog</i>, Wrenfield Institute, 4 Sept. 2023, think.example/blogs/amara-okafor/storage-and-the-grid.");
  });

  test('a title ending in a question mark gets no full stop; a one-word name stands alone', () => {
    const question = { ...work, title: 'Why Now?', authors: [splitPersonName('Plato')] };
    assert.equal(apaReference(question).text, "Plato. (2021, December 17). Why Now? Amara Okafor's Blog. https://think.example/blogs/amara-okafor/storage-and-the-grid");
    assert.equal(chicagoReference(question).text, "Plato. “Why Now?” Amara Okafor's Blog, Wrenfield Institute, December 17, 2021. https://think.example/blogs/amara-okafor/storage-and-the-grid.");
    assert.equal(mlaReference(question).text, "Plato. “Why Now?” Amara Okafor's Blog, Wrenfield Institute, 17 Dec. 2021, think.example/blogs/amara-okafor/storage-and-the-grid.");
  });

  test('several authors: APA ampersand, Chicago and MLA invert only the first', () => {
    const two = { ...work, authors: [splitPersonName('Amara Okafor'), splitPersonName('Jan van der Berg')] };
    assert.match(apaReference(two).text, /^Okafor, A., & van der Berg, J\. \(2021/);
    assert.match(chicagoReference(two).text, /^Okafor, Amara, and Jan van der Berg\. “/);
    assert.match(mlaReference(two).text, /^Okafor, Amara, and Jan van der Berg\. “/);
    const three = { ...two, authors: [...two.authors, splitPersonName('Li Wei')] };
    assert.match(apaReference(three).text, /^Okafor, A., van der Berg, J., & Wei, L\. \(2021/);
    assert.match(chicagoReference(three).text, /^Okafor, Amara, Jan van der Berg, and Li Wei\. “/);
    assert.match(mlaReference(three).text, /^Okafor, Amara, et al\. “/);
  });

  test('hostile text is escaped in the HTML form and left as it is in the text form', () => {
    const hostile = { ...work, title: '<script>alert("x")</script> & co', containerTitle: '<b>Blog</b>' };
    for (const format of [apaReference, chicagoReference, mlaReference]) {
      const ref = format(hostile);
      assert.ok(!ref.html.includes('<script>') && !ref.html.includes('<b>'), ref.html);
      assert.ok(ref.html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co'));
      assert.ok(ref.text.includes('<script>alert("x")</script> & co'));
    }
  });
});

describe('ГОСТ Р 7.0.100–2018, an article on a website', () => {
  const read = { ...work, accessed: '2022-01-05T09:00:00.000Z' };
  const russian: CitableWork = {
    ...read,
    title: 'Подводные течения: «газ», [нефть] и 50% рынка',
    authors: [splitPersonName('Иван Петрович Сидоров')],
    publisher: 'Институт Вренфилд',
    containerTitle: 'Иван Петрович Сидоров — блог эксперта',
    url: 'https://think.example/ru/blogs/ivan-petrovich-sidorov/podvodnye-techeniya',
    language: 'ru',
    publishedAt: '2023-07-02T08:00:00.000Z',
  };

  test('an English-named author: heading, title / responsibility, Текст : электронный, // site : [сайт], date, URL, day of reading', () => {
    const ref = gostReference(read);
    assert.equal(
      ref.text,
      'Okafor, A. Storage and the Grid / A. Okafor. – Текст : электронный // Wrenfield Institute : [сайт]. – 2021. – 17 декабря. – URL: https://think.example/blogs/amara-okafor/storage-and-the-grid (дата обращения: 05.01.2022).',
    );
    assert.equal(ref.html, escapeHtml(ref.text), 'no italics in ГОСТ, and a given day of reading is plain text');
  });

  test('a Russian-named author, written given name first or family name first', () => {
    const expected =
      'Сидоров, И. П. Подводные течения: «газ», [нефть] и 50% рынка / И. П. Сидоров. – Текст : электронный // Институт Вренфилд : [сайт]. – 2023. – 2 июля. – URL: https://think.example/ru/blogs/ivan-petrovich-sidorov/podvodnye-techeniya (дата обращения: 05.01.2022).';
    assert.equal(gostReference(russian).text, expected);
    assert.equal(gostReference({ ...russian, authors: [splitPersonName('Сидоров Иван Петрович')] }).text, expected);
  });

  test('several authors: the first heads up to three, all are named up to four, three and [и др.] from five', () => {
    const names = ['Amara Okafor', 'Иван Петрович Сидоров', 'Jean-Paul Sartre', 'Li Wei', 'Plato'].map(splitPersonName);
    const start = (count: number) => gostReference({ ...read, authors: names.slice(0, count) }).text.split(' – ')[0];
    assert.equal(start(2), 'Okafor, A. Storage and the Grid / A. Okafor, И. П. Сидоров.');
    assert.equal(start(3), 'Okafor, A. Storage and the Grid / A. Okafor, И. П. Сидоров, J.-P. Sartre.');
    assert.equal(start(4), 'Storage and the Grid / A. Okafor, И. П. Сидоров, J.-P. Sartre, L. Wei.');
    assert.equal(start(5), 'Storage and the Grid / A. Okafor, И. П. Сидоров, J.-P. Sartre [и др.].');
    assert.equal(start(0), 'Storage and the Grid.');
  });

  test('a one-word name stands alone; a title ending in a question mark keeps it', () => {
    const ref = gostReference({ ...read, title: 'Why Now?', authors: [splitPersonName('Plato')] });
    assert.match(ref.text, /^Plato\. Why Now\? \/ Plato\. – Текст : электронный \/\/ /);
  });

  test('without a day of reading, today’s stands there, marked for the reader’s browser', () => {
    const ref = gostReference(work, new Date('2024-03-09T23:30:00Z'));
    assert.ok(ref.text.endsWith('(дата обращения: 09.03.2024).'), ref.text);
    assert.ok(ref.html.endsWith('(дата обращения: <time datetime="2024-03-09" data-cite-today>09.03.2024</time>).'), ref.html);
    assert.match(referenceFormatters.gost(work).text, /\(дата обращения: \d{2}\.\d{2}\.\d{4}\)\.$/);
  });

  test('hostile text is escaped in the HTML form and left as it is in the text form', () => {
    const hostile = { ...russian, title: '</script><script>alert("x")</script> & «ёлки»', publisher: '<b>Сайт</b>' };
    const ref = gostReference(hostile);
    assert.ok(!ref.html.includes('<script>') && !ref.html.includes('</script>') && !ref.html.includes('<b>'), ref.html);
    assert.ok(ref.html.includes('&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; «ёлки» / И. П. Сидоров.'));
    assert.ok(ref.text.startsWith('Сидоров, И. П. </script><script>alert("x")</script> & «ёлки» / И. П. Сидоров. – '));
  });
});

describe('Russian names and keys', () => {
  test('a Russian name with its patronymic last is read family name first; other names as before', () => {
    assert.deepEqual(splitPersonName('Сидоров Иван Петрович'), { given: 'Иван Петрович', family: 'Сидоров', full: 'Сидоров Иван Петрович', literal: false });
    assert.deepEqual(splitPersonName('Толстая Анна Ильинична'), { given: 'Анна Ильинична', family: 'Толстая', full: 'Толстая Анна Ильинична', literal: false });
    assert.deepEqual(splitPersonName('Иван Петрович Сидоров'), { given: 'Иван Петрович', family: 'Сидоров', full: 'Иван Петрович Сидоров', literal: false });
    // Given name, patronymic, and a family name that looks like one.
    assert.equal(splitPersonName('Иван Петрович Сидорович').family, 'Сидорович');
    // In Latin letters a last word in -ovich is a family name (Petrovich, Vukovich).
    assert.equal(splitPersonName('Sidorov Ivan Petrovich').family, 'Petrovich');
    assert.equal(initials('Иван Петрович'), 'И. П.');
    assert.equal(initials('Анна-Мария ёлкина'), 'А.-М. Ё.');
  });

  test('a BibTeX key of a Russian work is written in Latin letters, past Russian prepositions', () => {
    const russian = { ...work, title: 'О подводных течениях', authors: [splitPersonName('Иван Сидоров')] };
    assert.equal(citationKey(russian), 'sidorov2021podvodnyh');
    assert.equal(citationKey(work), 'okafor2021storage');
  });
});
