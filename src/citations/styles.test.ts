import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { initials, splitPersonName } from './names.ts';
import { apaReference, chicagoReference, mlaReference } from './styles.ts';
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
