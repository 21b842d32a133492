/**
 * The limits of one conversion (office-html.ts, zip-guard.ts) and conversions of documents near them: a long
 * document is converted whole and right, in time that grows with its length; what is beyond them is refused.
 * No timings are asserted (a shared machine's are noise); the sizes are ones the quadratic passes took minutes on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Document, FootnoteReferenceRun, Packer, Paragraph, TextRun } from 'docx';
import { Refusal } from '../../core/refusals.ts';
import { deflatedEntry, rawZip, storedEntry } from '../../../test/word-documents.ts';
import { checkOfficeHtmlSize, officeHtmlLimits, officeHtmlToMarkdown } from './office-html.ts';
import { checkZip, docxZipLimits } from './zip-guard.ts';
import { convertDocx } from './docx-convert.ts';

function refusalOf(run: () => unknown): Refusal {
  try {
    run();
  } catch (err) {
    if (err instanceof Refusal) return err;
    throw err;
  }
  assert.fail('expected a refusal');
}

async function asyncRefusalOf(promise: Promise<unknown>): Promise<Refusal> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Refusal) return err;
    throw err;
  }
  assert.fail('expected a refusal');
}

test('5,000 Word footnotes: references a hundred to a paragraph, the notes in one footnote list, all paired in order', () => {
  const count = 5000;
  const body = Array.from(
    { length: count / 100 },
    (_, p) =>
      `<p class=MsoNormal>${Array.from({ length: 100 }, (_, i) => {
        const n = p * 100 + i + 1;
        return `Claim ${n}<a href="#_ftn${n}" name="_ftnref${n}"><span class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]>[${n}]<![endif]></span></span></a> `;
      }).join('')}</p>`,
  ).join('\n');
  const list = Array.from(
    { length: count },
    (_, i) =>
      `<div style='mso-element:footnote' id=ftn${i + 1}><p class=MsoFootnoteText><a href="#_ftnref${i + 1}" name="_ftn${i + 1}"><span class=MsoFootnoteReference>[${i + 1}]</span></a> Source number ${i + 1}.</p></div>`,
  ).join('\n');
  const html = `<html><body>${body}<div style='mso-element:footnote-list'><![if !supportFootnotes]><br clear=all><hr align=left size=1 width="33%"><![endif]>${list}</div></body></html>`;
  checkOfficeHtmlSize(html);
  const { markdown } = officeHtmlToMarkdown(html);
  const references = [...markdown.matchAll(/Claim (\d+)\[\^(\d+)\]/g)];
  assert.equal(references.length, count);
  assert.ok(references.every(([, claim, note]) => claim === note));
  const notes = [...markdown.matchAll(/^\[\^(\d+)\]: Source number (\d+)\.$/gm)];
  assert.equal(notes.length, count);
  assert.ok(notes.every(([, note, source]) => note === source));
  assert.doesNotMatch(markdown, /ftn|mso-|\[\d+\]\s*Source|---/);
});

test('20,000 paragraphs with lists, bold headings and a table among them come through whole', () => {
  const blocks: string[] = [];
  for (let i = 1; i <= 20_000; i++) {
    blocks.push(`<p class=MsoNormal>Paragraph ${i} says <b>something</b>.</p>`);
    if (i % 1000 === 0) {
      blocks.push(`<h2><b>Part ${i / 1000}</b></h2>`);
      blocks.push(`<ul><li>first of ${i}</li><ul><li>nested under ${i}</li></ul><li>last of ${i}</li></ul>`);
    }
  }
  blocks.push('<table><tr><td><b>Country</b></td><td><b>Share</b></td></tr><tr><td>Italy</td><td>91</td></tr><tr height=0><td></td><td></td></tr></table>');
  const html = blocks.join('\n');
  checkOfficeHtmlSize(html);
  const { markdown } = officeHtmlToMarkdown(html);
  const paragraphs = [...markdown.matchAll(/^Paragraph (\d+) says \*\*something\*\*\.$/gm)].map((m) => Number(m[1]));
  assert.equal(paragraphs.length, 20_000);
  assert.ok(paragraphs.every((n, i) => n === i + 1));
  assert.match(markdown, /^## Part 20$/m);
  assert.doesNotMatch(markdown, /## \*\*Part/);
  assert.match(markdown, /^- first of 7000\n {2}- nested under 7000\n- last of 7000$/m);
  assert.match(markdown, /\| Country \| Share \|\n\| -+ \| -+ \|\n\| Italy +\| 91 +\|\n(?!\|)/);
});

test('HTML beyond one conversion is refused (413) before it is parsed; the style sheet and comments Word adds do not count', () => {
  const wordStyles = `<style>${'p.MsoNormal{margin:0cm;font-size:11.0pt}\n'.repeat(80_000)}</style><!--[if gte mso 9]>${'<xml>x</xml>'.repeat(100_000)}<![endif]-->`;
  assert.ok(wordStyles.length > officeHtmlLimits.maxHtmlBytes);
  checkOfficeHtmlSize(`${wordStyles}<p>A short paste.</p>`);
  const long = refusalOf(() => checkOfficeHtmlSize(`<p>${'word '.repeat(officeHtmlLimits.maxHtmlBytes / 5 + 10)}</p>`));
  assert.equal(long.kind, 'too_large');
  assert.equal(long.field, 'html');
  assert.match(long.reason, /MB of text and markup/);
  const elements = refusalOf(() => checkOfficeHtmlSize('<i>x</i>'.repeat(officeHtmlLimits.maxElements + 1), 'file'));
  assert.equal(elements.field, 'file');
  assert.match(elements.reason, /elements: more than/);
  const links = refusalOf(() => checkOfficeHtmlSize('<a href=#n>1</a>'.repeat(officeHtmlLimits.maxInPageLinks + 1)));
  assert.match(links.reason, /links within the page/);
  // An unclosed comment or style block hides the rest, as a browser would: nothing in it is counted.
  checkOfficeHtmlSize(`<p>x</p><style>${'<b>'.repeat(200_000)}`);
});

test('.docx parts: word/*.xml over 25 MB, over 60 MB in all, or over 100 images is refused from the directory (413)', async () => {
  const mb = 1024 * 1024;
  const bigPart = await asyncRefusalOf(checkZip(rawZip([deflatedEntry('word/document.xml', Buffer.from('<w:document/>'), 26 * mb)])));
  assert.equal(bigPart.kind, 'too_large');
  assert.match(bigPart.reason, /word\/document\.xml, which unpacks to 26 MB: more than the 25 MB/);
  const parts = ['word/document.xml', 'word/footnotes.xml', 'word/endnotes.xml'].map((name) => deflatedEntry(name, Buffer.from('<x/>'), 24 * mb));
  const total = await asyncRefusalOf(checkZip(rawZip(parts)));
  assert.match(total.reason, /unpacks to more than 60 MB/);
  const pictures = rawZip(Array.from({ length: docxZipLimits.maxImages! + 1 }, (_, i) => storedEntry(`word/media/image${i}.png`, Buffer.from('png'))));
  const images = await asyncRefusalOf(checkZip(pictures));
  assert.equal(images.kind, 'too_large');
  assert.match(images.reason, /holds 101 images: more than the 100/);
  // A hundred is fine (as far as the guard goes), and so is a 20 MB part that is what it says.
  await checkZip(rawZip(Array.from({ length: 100 }, (_, i) => storedEntry(`word/media/image${i}.png`, Buffer.from('png')))));
  const text = Buffer.from(Array.from({ length: 400_000 }, (_, i) => `<w:t>${(i * 7919).toString(36)}</w:t>`).join(''));
  assert.equal((await checkZip(rawZip([deflatedEntry('word/document.xml', text)])))[0]!.size, text.length);
});

test('a .docx with 2,000 footnotes goes through mammoth and the same office passes: every note in place', async () => {
  const count = 2000;
  const footnotes = Object.fromEntries(Array.from({ length: count }, (_, i) => [i + 1, { children: [new Paragraph(`Source number ${i + 1}.`)] }]));
  const paragraphs = Array.from(
    { length: count / 10 },
    (_, p) => new Paragraph({ children: Array.from({ length: 10 }, (_, i) => [new TextRun(` Claim ${p * 10 + i + 1}`), new FootnoteReferenceRun(p * 10 + i + 1)]).flat() }),
  );
  const bytes = await Packer.toBuffer(new Document({ footnotes, sections: [{ children: [new Paragraph('A long report'), ...paragraphs] }] }));
  const converted = await convertDocx(bytes, { fallbackTitle: 'Long report', notCarried: [] });
  assert.equal(converted.title, 'Long report');
  const references = [...converted.markdown.matchAll(/Claim (\d+)\[\^(\d+)\]/g)];
  assert.equal(references.length, count);
  assert.ok(references.every(([, claim, note]) => claim === note));
  assert.equal([...converted.markdown.matchAll(/^\[\^(\d+)\]: Source number \1\.$/gm)].length, count);
});
