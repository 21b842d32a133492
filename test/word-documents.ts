/**
 * .docx files for the tests, made on the spot: real documents through the `docx` package (what Word writes:
 * footnotes, endnotes, tables, lists, an image with its alt text, tracked changes, comments), and hostile ones
 * written byte by byte (zip bombs, lying directories) or changed with jszip (external references).
 */
import { crc32, deflateRawSync } from 'node:zlib';
import JSZip from 'jszip';
import sharp from 'sharp';
import {
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  EndnoteReferenceRun,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  ImageRun,
  InsertedTextRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';

export const chartPng = () =>
  sharp({ create: { width: 60, height: 30, channels: 3, background: '#2a5d8f' } })
    .png()
    .toBuffer();

/** A policy brief as an analyst would write it in Word. */
export async function briefDocx(options: { withImage?: boolean; trackedChanges?: boolean; comments?: boolean } = {}): Promise<Buffer> {
  const { withImage = true, trackedChanges = true, comments = true } = options;
  const image = withImage ? await chartPng() : undefined;
  const doc = new Document({
    styles: { paragraphStyles: [{ id: 'Subtitle', name: 'Subtitle', basedOn: 'Normal', run: { italics: true } }] },
    footnotes: { 1: { children: [new Paragraph('Gas Infrastructure Europe, 1 November.')] } },
    ...(comments && { comments: { children: [{ id: 0, author: 'Editor', date: new Date('2024-01-01T10:00:00Z'), children: [new Paragraph('Is this figure current?')] }] } }),
    sections: [
      {
        children: [
          new Paragraph({ text: 'Energy security after the winter', heading: HeadingLevel.TITLE }),
          new Paragraph({ text: 'Storage is full; the next winter is the test.', style: 'Subtitle' }),
          new Paragraph({
            children: [
              new TextRun('Europe entered the winter with storage '),
              new TextRun({ text: 'above 90 per cent', bold: true }),
              new FootnoteReferenceRun(1),
              new TextRun('. The question is '),
              new TextRun({ text: 'what comes next', italics: true }),
              new TextRun(', and the '),
              new ExternalHyperlink({ link: 'https://example.org/report', children: [new TextRun({ text: 'latest report', style: 'Hyperlink' })] }),
              new TextRun(' gives three answers.'),
              new EndnoteReferenceRun({ children: [new Paragraph('Figures rounded to the nearest per cent.')] }),
            ],
          }),
          new Paragraph({ text: 'Three scenarios', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: 'A mild winter', bullet: { level: 0 } }),
          new Paragraph({ text: 'prices fall by spring', bullet: { level: 1 } }),
          new Paragraph({ text: 'A supply shock', bullet: { level: 0 } }),
          new Paragraph({ text: 'By country', heading: HeadingLevel.HEADING_2 }),
          new Table({
            rows: [
              new TableRow({ tableHeader: true, children: [new TableCell({ children: [new Paragraph('Country')] }), new TableCell({ children: [new Paragraph('Storage (%)')] })] }),
              new TableRow({ children: [new TableCell({ children: [new Paragraph('Germany')] }), new TableCell({ children: [new Paragraph('95')] })] }),
              new TableRow({ children: [new TableCell({ children: [new Paragraph('Italy')] }), new TableCell({ children: [new Paragraph('91')] })] }),
            ],
          }),
          ...(image
            ? [
                new Paragraph({
                  children: [
                    new ImageRun({ type: 'png', data: image, transformation: { width: 60, height: 30 }, altText: { name: 'Chart', description: 'Storage levels by country', title: 'Storage' } }),
                  ],
                }),
              ]
            : []),
          new Paragraph({
            children: [
              ...(comments ? [new CommentRangeStart(0)] : []),
              new TextRun('Governments should '),
              ...(trackedChanges
                ? [
                    new InsertedTextRun({ text: 'fill storage early', id: 1, author: 'Reviewer', date: '2024-01-01T10:00:00Z' }),
                    new DeletedTextRun({ text: 'wait and see', id: 2, author: 'Reviewer', date: '2024-01-01T10:00:00Z' }),
                  ]
                : [new TextRun('fill storage early')]),
              new TextRun('.'),
              ...(comments ? [new CommentRangeEnd(0), new TextRun({ children: [new CommentReference(0)] })] : []),
            ],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** The same package with some of its parts changed (or added) by `change`. */
export async function changedDocx(bytes: Buffer, change: (zip: JSZip) => Promise<void> | void): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  await change(zip);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Adds a relationship to the main document's relationships. */
export const withRelationship = (relationship: string) => async (zip: JSZip) => {
  const name = 'word/_rels/document.xml.rels';
  const xml = await zip.file(name)!.async('string');
  zip.file(name, xml.replace('</Relationships>', `${relationship}</Relationships>`));
};

export interface RawEntry {
  name: string;
  /** What the archive holds for the entry: deflated (method 8) or stored (0). */
  data: Buffer;
  method: 0 | 8;
  /** The inflated size the directory declares (a lie, for some tests). */
  size: number;
  crc: number;
  flags?: number;
}

export const deflatedEntry = (name: string, content: Buffer, declaredSize = content.length): RawEntry => ({ name, data: deflateRawSync(content), method: 8, size: declaredSize, crc: crc32(content) });
export const storedEntry = (name: string, content: Buffer): RawEntry => ({ name, data: content, method: 0, size: content.length, crc: crc32(content) });

/** A zip archive written byte by byte, so that its directory can say what the tests want it to. */
export function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.flags ?? 0, 6);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, entry.data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.flags ?? 0, 8);
    central.writeUInt16LE(entry.method, 10);
    central.writeUInt32LE(entry.crc >>> 0, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    directory.push(central, name);
    offset += 30 + name.length + entry.data.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}

/** A PNG whose header says it is `width`×`height` pixels; its few bytes of data are never decoded. */
export function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // truecolour
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateRawSync(Buffer.alloc(16))), chunk('IEND', Buffer.alloc(0))]);
}
