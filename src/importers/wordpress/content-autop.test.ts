import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wpautop } from './content-autop.ts';

test('a blank line makes a paragraph, a single newline a line break', () => {
  assert.equal(wpautop('First line\nsecond line\n\nNext paragraph'), '<p>First line<br />\nsecond line</p>\n<p>Next paragraph</p>\n');
  assert.equal(wpautop('One\n\n\n\nTwo'), '<p>One</p>\n<p>Two</p>\n');
  assert.equal(wpautop('Windows\r\nline\r\n\r\nends'), '<p>Windows<br />\nline</p>\n<p>ends</p>\n');
  assert.equal(wpautop('  \n '), '');
});

test('block-level HTML is never wrapped in a paragraph nor given line breaks next to it', () => {
  assert.equal(wpautop('Text\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\nAfter'), '<p>Text</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p>After</p>\n');
  assert.equal(wpautop('<h2>Title</h2>\nBody'), '<h2>Title</h2>\n<p>Body</p>\n');
  assert.equal(wpautop('<div>inside\ndiv</div>'), '<div>inside<br />\ndiv</div>\n');
  assert.equal(wpautop('Before<hr>After'), '<p>Before</p>\n<hr>\n<p>After</p>\n');
});

test('a quotation holds its paragraphs', () => {
  assert.equal(wpautop('<blockquote>Quote\nline</blockquote>'), '<blockquote><p>Quote<br />\nline</p></blockquote>\n');
});

test('<pre> is left exactly as written, blank lines and all', () => {
  assert.equal(wpautop('<pre>x\n\n  y</pre>\n\nz'), '<pre>x\n\n  y</pre>\n<p>z</p>\n');
  assert.equal(wpautop('<pre>a</pre>\n<pre>b\n\nc</pre>'), '<pre>a</pre>\n<pre>b\n\nc</pre>\n');
});

test('newlines inside tags, comments, scripts and styles make no paragraphs or breaks', () => {
  assert.equal(wpautop('<img src="a"\nalt="b">\n\nx'), '<p><img src="a"\nalt="b"></p>\n<p>x</p>\n');
  assert.equal(wpautop('<!-- a\n\nb -->text'), '<p><!-- a\n\nb -->text</p>\n');
  assert.equal(wpautop('<script>var a;\nvar b;</script>'), '<p><script>var a;\nvar b;</script></p>\n');
});

test('two <br>s in a row are a paragraph break; figcaptions and players keep tight', () => {
  assert.equal(wpautop('one<br><br>two'), '<p>one</p>\n<p>two</p>\n');
  // As in WordPress: the break before </figcaption> stays (it is not among the tags that drop a break before them).
  assert.equal(wpautop('<figure><img src="a">\n<figcaption>\nCap\n</figcaption>\n</figure>'), '<figure><img src="a"><figcaption>\nCap<br />\n</figcaption></figure>\n');
  assert.equal(wpautop('<video>\n<source src="a.mp4">\n</video>'), '<p><video><source src="a.mp4"></video></p>\n');
});
