import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderMarkdown } from '../../views/markdown.ts';
import { visibleTags } from '../html-to-markdown-expectations.ts';
import { officeHtmlToMarkdown } from './office-html.ts';

const sample = (name: string) => readFileSync(new URL(`./samples/${name}.html`, import.meta.url), 'utf8');

/** The one document the three samples hold, as each program puts it on the clipboard or saves it. */
const expected = `## Energy security after the winter

Europe entered the winter with storage **above 90 per cent**, a figure few expected in the spring.[^1] The question is *what comes next*, and the [latest report](https://example.org/report) gives three answers.

### Three scenarios

- A mild winter and steady imports
  - prices fall by spring
- A cold snap in February
- A supply shock

What governments should do, in order:

1. Fill storage early
2. Agree on sharing rules[^2]

> Storage is insurance, not a strategy.

| Country | Storage (%) |
| ------- | ----------- |
| Germany | 95          |
| Italy   | 91          |
`;

const notes = `[^1]: Gas Infrastructure Europe, *AGSI+ transparency platform*, 1 November.

[^2]: See the [solidarity regulation](https://example.org/regulation).
`;

/** What every sample must render to: the structure kept, the notes as the site's footnotes, no markup shown as text. */
function assertRendersAsStructure(markdown: string) {
  const html = renderMarkdown(markdown);
  assert.match(html, /<h2[^>]*>Energy security after the winter<\/h2>/);
  assert.match(html, /<h3[^>]*>Three scenarios<\/h3>/);
  assert.match(html, /<ul>\s*<li>A mild winter and steady imports\s*<ul>\s*<li>prices fall by spring<\/li>/);
  assert.match(html, /<ol>\s*<li>Fill storage early<\/li>/);
  assert.match(html, /<blockquote>\s*<p>Storage is insurance, not a strategy\.<\/p>/);
  assert.match(html, /<table>[\s\S]*<th>Country<\/th>[\s\S]*<td>Germany<\/td>[\s\S]*<\/table>/);
  assert.match(html, /<strong>above 90 per cent<\/strong>/);
  assert.match(html, /<em>what comes next<\/em>/);
  assert.match(html, /<a href="https:\/\/example\.org\/report"[^>]*>latest report<\/a>/);
  // Footnotes as markdown-it-footnote renders them: references in superscript, the notes in a list at the end.
  assert.match(html, /<sup class="footnote-ref"><a href="#fn1"[^>]*>\[1\]<\/a><\/sup>/);
  assert.match(html, /<sup class="footnote-ref"><a href="#fn2"[^>]*>\[2\]<\/a><\/sup>/);
  assert.match(html, /<section class="footnotes">[\s\S]*<li id="fn1" class="footnote-item"><p>Gas Infrastructure Europe, <em>AGSI\+ transparency platform<\/em>, 1 November\./);
  assert.deepEqual(visibleTags(html), []);
  assert.doesNotMatch(markdown, /mso-|MsoNormal|supportLists|o:p|\[endif\]|ftnref|sdfootnote|docs-internal/);
}

test('Word clipboard HTML: mso- lists, conditional comments, footnote anchors, quote style, table; a local image is reported', () => {
  const { markdown, warnings } = officeHtmlToMarkdown(sample('word'));
  assert.equal(markdown, `${expected}\n${notes}`);
  assertRendersAsStructure(markdown);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /only on your computer/);
});

test('Google Docs clipboard HTML: the not-bold <b> wrapper, emphasis by style, nested lists, ftnt footnotes, an image kept', () => {
  const { markdown, warnings } = officeHtmlToMarkdown(sample('google-docs'));
  assert.equal(markdown, `${expected}\n![Storage levels chart](https://lh7-rt.googleusercontent.com/docsz/AD_4nXc9storagechart)\n\n${notes}`);
  assertRendersAsStructure(markdown);
  assert.deepEqual(warnings, []);
});

test('LibreOffice HTML: sdfootnote and sdendnote anchors become footnotes, in order of reference', () => {
  const { markdown } = officeHtmlToMarkdown(sample('libreoffice'));
  assert.equal(markdown, `${expected}\n${notes}`);
  assertRendersAsStructure(markdown);
});

test('Word numbered lists keep their numbering style, start and nesting; a heading in mso-list style is an item', () => {
  const item = (level: number, marker: string, text: string) =>
    `<p class=MsoListParagraph style='mso-list:l0 level${level} lfo1'><![if !supportLists]><span style='mso-list:Ignore'>${marker}<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>${text}<o:p></o:p></p>`;
  const html = item(1, '3.', 'Third') + item(2, 'a)', 'sub a') + item(2, 'b)', 'sub b') + item(1, '4.', 'Fourth') + '<p class=MsoNormal>After</p>' + item(1, '§', 'Square bullet');
  assert.equal(officeHtmlToMarkdown(html).markdown, '3. Third\n   1. sub a\n   2. sub b\n4. Fourth\n\nAfter\n\n- Square bullet\n');
});

test("Word's tracked changes in HTML: insertions kept, deletions dropped and said so; comments left out; ordinary <del> stays struck", () => {
  const html =
    '<p class=MsoNormal>Kept <ins cite="mailto:Reviewer" datetime="2024-01-01T10:00">added</ins> <span class=msoDel><del cite="mailto:Reviewer" datetime="2024-01-01T10:00">removed </del></span>text<span class=MsoCommentReference><a href="#_msocom_1" name="_msoanchor_1">[R1]</a></span></p>' +
    "<div style='mso-element:comment-list'><div style='mso-element:comment'><p class=MsoCommentText>A reviewer's note</p></div></div><p>An <del>old</del> price</p>";
  const { markdown, warnings } = officeHtmlToMarkdown(html);
  assert.equal(markdown, 'Kept added text\n\nAn ~~old~~ price\n');
  assert.ok(warnings.some((w) => /deletions were left out/.test(w)));
  assert.ok(warnings.includes('Comments were left out.'));
});

test('Google Docs "Download as HTML": emphasis from class rules, redirected links unwrapped', () => {
  const html =
    '<html><head><style type="text/css">.c1{font-weight:700}.c2{font-style:italic}</style></head><body><p class="c0"><span class="c1">Bold</span> and <span class="c2">slanted</span>, <a href="https://www.google.com/url?q=https://example.org/a%3Fb%3D1&amp;sa=D">a link</a></p></body></html>';
  assert.equal(officeHtmlToMarkdown(html).markdown, '**Bold** and *slanted*, [a link](https://example.org/a?b=1)\n');
});

test('a web page: plain HTML passes as it would through the importers; scripts and handlers never reach the Markdown', () => {
  const { markdown } = officeHtmlToMarkdown('<h2>Heading</h2><p onclick="alert(1)">Text <script>alert(1)</script><a href="javascript:alert(1)">bad</a> <img src=x onerror=alert(1)></p>');
  assert.equal(markdown, '## Heading\n\nText bad\n\n![](x)\n');
  assert.deepEqual(visibleTags(renderMarkdown(markdown)), []);
});

test('in-page links that do not point back are links, not notes; a lone note reference keeps its note', () => {
  assert.equal(officeHtmlToMarkdown('<p>See <a href="#part2">part 2</a>.</p><h2 id="part2">Part 2</h2>').markdown, 'See [part 2](#part2).\n\n## Part 2\n');
  const one = officeHtmlToMarkdown(
    '<b style="font-weight:normal" id="docs-internal-guid-1"><p>Claim<sup><a href="#ftnt1" id="ftnt_ref1">[1]</a></sup></p><hr><div><p><a href="#ftnt_ref1" id="ftnt1">[1]</a> Source.</p></div></b>',
  );
  assert.equal(one.markdown, 'Claim[^1]\n\n[^1]: Source.\n');
});

test('hostile clipboard HTML: deep nesting and empty input give text, never an error', () => {
  assert.equal(officeHtmlToMarkdown('').markdown, '');
  const deep = `${'<div><span style="font-weight:700">'.repeat(3000)}deep${'</span></div>'.repeat(3000)}`;
  assert.match(officeHtmlToMarkdown(deep).markdown, /deep/);
  const manyNotes =
    Array.from({ length: 300 }, (_, i) => `<p>x<a href="#_ftn${i}" name="_ftnref${i}">[${i}]</a></p>`).join('') +
    Array.from({ length: 300 }, (_, i) => `<div id=ftn${i}><p><a href="#_ftnref${i}" name="_ftn${i}">[${i}]</a> n${i}</p></div>`).join('');
  const converted = officeHtmlToMarkdown(manyNotes).markdown;
  assert.match(converted, /\[\^300\]: n299/);
});
