import { test } from 'node:test';
import assert from 'node:assert/strict';
import type JSZip from 'jszip';
import sharp from 'sharp';
import { Document, FootnoteReferenceRun, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { Refusal } from '../../core/refusals.ts';
import { briefDocx, changedDocx } from '../../../test/word-documents.ts';
import { convertDocx } from './docx-convert.ts';

const convert = (bytes: Buffer, fallbackTitle = '') => convertDocx(bytes, { fallbackTitle, notCarried: [] });

test('a picture in a format a page cannot show is left out and named; the text around it stays', async () => {
  const tiff = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#808080' } })
    .tiff()
    .toBuffer();
  const bytes = await changedDocx(await briefDocx(), async (zip) => {
    const media = Object.keys(zip.files).find((n) => n.startsWith('word/media/') && !zip.files[n]!.dir)!;
    zip.file(media, tiff);
  });
  const converted = await convert(bytes);
  assert.equal(converted.images.length, 1);
  assert.equal(converted.images[0]!.usable, false);
  assert.doesNotMatch(converted.markdown, /!\[/);
  assert.match(converted.markdown, /\| Italy +\| 91 +\|\n\nGovernments should/);
  assert.ok(converted.notCarried.includes('An image in a format a web page cannot show (TIFF) left out: save it as PNG or JPEG and add it with Insert figure.'), converted.notCarried.join('\n'));
});

test('without a Title style the first Heading 1 is the title; a note on it keeps its words; a long first paragraph stays in the body', async () => {
  const long = 'Word '.repeat(500).trim();
  const doc = new Document({
    footnotes: { 1: { children: [new Paragraph('On the title.')] } },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Gas and power'), new FootnoteReferenceRun(1)] }),
          new Paragraph(long),
          new Paragraph({ text: 'Section', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: 'Detail', heading: HeadingLevel.HEADING_2 }),
        ],
      },
    ],
  });
  const converted = await convert(await Packer.toBuffer(doc));
  assert.equal(converted.title, 'Gas and power');
  assert.equal(converted.lead, '');
  assert.match(converted.markdown, /^Word Word/);
  assert.match(converted.markdown, /\n## Section\n\n### Detail\n/);
});

test('a document with neither title nor heading is titled by its file name, or "Untitled document"; its first paragraph is the lead', async () => {
  const doc = new Document({ sections: [{ children: [new Paragraph('Opening words.'), new Paragraph('More.')] }] });
  const bytes = await Packer.toBuffer(doc);
  const named = await convert(bytes, 'Winter brief');
  assert.equal(named.title, 'Winter brief');
  assert.equal(named.lead, 'Opening words.');
  assert.equal(named.markdown, 'More.\n');
  assert.equal((await convert(bytes)).title, 'Untitled document');
});

test('a document whose XML is broken is a refusal about the file, not a crash', async () => {
  const bytes = await changedDocx(await briefDocx(), (zip: JSZip) => void zip.file('word/document.xml', '<w:document><w:body><w:p>unclosed'));
  await assert.rejects(convert(bytes), (err: unknown) => err instanceof Refusal && err.field === 'file' && err.kind === 'invalid');
});
