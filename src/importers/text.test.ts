import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstParagraphOf, localiseOldSiteLinks, plainTextOf } from './text.ts';
import { cutAtWord } from '../views/format.ts';

test('links to the old site’s pages become paths here; its files, images, other sites and look-alike hosts stay whole', () => {
  const markdown = [
    '[a](https://old.example/2013/01/post/)',
    '[b](http://OLD.example)',
    '[c](https://old.example/wp-content/uploads/x.pdf)',
    '[d](https://other.example/x)',
    '[e](https://old.example?p=5)',
    '[f](https://old.example.com/x)',
    '![g](https://old.example/photo.jpg)',
  ].join(' ');
  assert.equal(
    localiseOldSiteLinks(markdown, ['https://old.example/'], /^\/wp-content\//),
    '[a](/2013/01/post/) [b](/) [c](https://old.example/wp-content/uploads/x.pdf) [d](https://other.example/x) [e](/?p=5) [f](https://old.example.com/x) ![g](https://old.example/photo.jpg)',
  );
  assert.equal(localiseOldSiteLinks(markdown, [], /^\/wp-content\//), markdown);
  assert.equal(localiseOldSiteLinks('[x](https://old.example//evil.example/x)', ['https://old.example'], /^\/wp-content\//), '[x](https://old.example//evil.example/x)');
});

test('a blog under a path localises only its own links, keeping the path its redirects are made for', () => {
  const markdown = '[post](https://example.org/blog/2020/01/x/) [home](https://example.org/blog) [donate](https://example.org/donate/) [blogger](https://example.org/blogger/)';
  assert.equal(
    localiseOldSiteLinks(markdown, ['https://example.org/blog/'], /^\/(?:[^/?#]+\/)*wp-content\//),
    '[post](/blog/2020/01/x/) [home](/blog) [donate](https://example.org/donate/) [blogger](https://example.org/blogger/)',
  );
});

test('plain text of the old site’s HTML, first paragraphs and cuts at a word', () => {
  assert.equal(plainTextOf('Title <em>With</em> &amp; <b>Mark<sup>up</sup></b><br>end'), 'Title With & Markup end');
  assert.equal(firstParagraphOf('## Heading\n\nThe *first* words.[^1]\n\nMore.\n\n[^1]: A note.'), 'The first words.');
  assert.equal(cutAtWord('one two three four', 12), 'one two…');
  assert.equal(cutAtWord('short', 12), 'short');
});
