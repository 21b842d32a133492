import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from './markdown.ts';

test('renders paragraphs, headings, quotations and lists', () => {
  const html = renderMarkdown('# Top\n\nA *para*.\n\n> quoted\n\n- one\n- two\n\n## Sub');
  assert.match(html, /<h2>Top<\/h2>/);
  assert.match(html, /<p>A <em>para<\/em>.<\/p>/);
  assert.match(html, /<blockquote>\s*<p>quoted<\/p>\s*<\/blockquote>/);
  assert.match(html, /<ul>\s*<li>one<\/li>/);
});

test('renders footnotes as numbered notes with back-links', () => {
  const html = renderMarkdown('Claim.[^a] Another.[^b]\n\n[^a]: First source.\n[^b]: Second source.');
  assert.match(html, /<sup class="footnote-ref"><a href="#fn1" id="fnref1">\[1\]<\/a><\/sup>/);
  assert.match(html, /<section class="footnotes">/);
  assert.match(html, /<li id="fn1" class="footnote-item"><p>First source. <a href="#fnref1" class="footnote-backref">/);
  assert.match(html, /id="fn2"/);
});

test('escapes raw HTML and drops script, event handlers and javascript: links', () => {
  const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [y](https://example.org "t")');
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<img/i);
  assert.doesNotMatch(html, /href="javascript:/i);
  assert.match(html, /&lt;script&gt;/);
  assert.match(html, /<a href="https:\/\/example.org" title="t">y<\/a>/);
});

test('the sanitizer keeps only allowed attributes even on allowed tags', () => {
  const html = renderMarkdown('![alt text](https://example.org/a.png)');
  assert.match(html, /<img src="https:\/\/example.org\/a.png" alt="alt text" \/>/);
});
