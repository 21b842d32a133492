import { test } from 'node:test';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { Refusal } from '../../core/refusals.ts';
import { briefDocx, changedDocx, deflatedEntry, pngHeaderOnly, rawZip, storedEntry, withRelationship } from '../../../test/word-documents.ts';
import { checkZip, docxZipLimits } from './zip-guard.ts';
import { openDocxPackage } from './docx-package.ts';

/** The refusal a promise rejects with: its kind, field and words. */
async function refusalOf(promise: Promise<unknown>): Promise<Refusal> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Refusal) return err;
    throw err;
  }
  assert.fail('expected a refusal');
}

const megabytes = (n: number) => Buffer.alloc(n * 1024 * 1024);

test('a real .docx passes the zip guard and opens as a Word package', async () => {
  const bytes = await briefDocx();
  const entries = await checkZip(bytes);
  assert.ok(entries.some((e) => e.name === 'word/document.xml'));
  const docx = await openDocxPackage(bytes);
  assert.ok(docx.zip.file('word/document.xml'));
});

test('empty, not a zip, an old .doc or password-protected document, a cut-off file: each refused with its reason', async () => {
  const empty = await refusalOf(checkZip(Buffer.alloc(0)));
  assert.equal(empty.kind, 'invalid');
  assert.equal(empty.reason, 'is empty');
  const text = await refusalOf(checkZip(Buffer.from('Just some text, not a document at all.')));
  assert.equal(text.kind, 'unsupported');
  assert.match(text.reason, /not a Word document/);
  const compound = await refusalOf(checkZip(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)])));
  assert.equal(compound.kind, 'unsupported');
  assert.match(compound.reason, /password-protected|97-2003/);
  const whole = await briefDocx();
  const cut = await refusalOf(checkZip(whole.subarray(0, whole.length - 200)));
  assert.ok(['invalid', 'unsupported'].includes(cut.kind));
  const encrypted = rawZip([{ ...storedEntry('word/document.xml', Buffer.from('<x/>')), flags: 1 }]);
  assert.match((await refusalOf(checkZip(encrypted))).reason, /encrypted/);
});

test('zip bombs are refused before anything inflates them whole: a huge ratio, a directory that lies, too many entries, too much in all', async () => {
  const ratio = await refusalOf(checkZip(rawZip([deflatedEntry('word/document.xml', megabytes(20))])));
  assert.equal(ratio.kind, 'too_large');
  assert.match(ratio.reason, /zip bomb/);
  // The directory says 1 KB; the data inflates to 8 MB: the inflater stops at 1 KB.
  const lying = await refusalOf(checkZip(rawZip([deflatedEntry('word/document.xml', megabytes(8), 1024)])));
  assert.equal(lying.kind, 'too_large');
  assert.match(lying.reason, /more than its archive says/);
  const many = rawZip(Array.from({ length: docxZipLimits.maxEntries + 1 }, (_, i) => storedEntry(`word/media/e${i}.txt`, Buffer.alloc(0))));
  assert.match((await refusalOf(checkZip(many))).reason, /files: more than/);
  const total = await refusalOf(checkZip(rawZip([storedEntry('a.xml', Buffer.alloc(3000)), storedEntry('b.xml', Buffer.alloc(3000))]), { ...docxZipLimits, maxTotalBytes: 5000 }));
  assert.equal(total.kind, 'too_large');
});

test('a zip that is not a Word document is refused', async () => {
  const zip = new JSZip();
  zip.file('hello.txt', 'hello');
  const bytes = await zip.generateAsync({ type: 'nodebuffer' });
  await checkZip(bytes);
  const refusal = await refusalOf(openDocxPackage(bytes));
  assert.equal(refusal.kind, 'unsupported');
  assert.match(refusal.reason, /not a Word document/);
});

test('external references (a linked image, an object, an INCLUDEPICTURE field) are refused; external hyperlinks and the template Word names are fine', async () => {
  const brief = await briefDocx();
  // The brief has an external hyperlink already.
  assert.match(await (await JSZip.loadAsync(brief)).file('word/_rels/document.xml.rels')!.async('string'), /TargetMode="External"/);
  await openDocxPackage(brief);
  const linkedImage = await changedDocx(
    brief,
    withRelationship('<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="http://127.0.0.1:9/tracker.png" TargetMode="External"/>'),
  );
  const image = await refusalOf(openDocxPackage(linkedImage));
  assert.equal(image.kind, 'invalid');
  assert.match(image.reason, /never fetches: an image linked/);
  const template = await changedDocx(brief, (zip) => {
    zip.file(
      'word/_rels/settings.xml.rels',
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="file:///C:/Templates/Brief.dotm" TargetMode="External"/></Relationships>',
    );
  });
  // Nearly every file Word saves names its template on the writer's disk: it lends styles only, and nothing fetches it.
  await openDocxPackage(template);
  const object = await changedDocx(
    brief,
    withRelationship('<Relationship Id="rIdO" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject" Target="file:///C:/data/book.xlsx" TargetMode="External"/>'),
  );
  assert.match((await refusalOf(openDocxPackage(object))).reason, /an object linked/);
  const field = await changedDocx(brief, async (zip) => {
    const xml = await zip.file('word/document.xml')!.async('string');
    zip.file('word/document.xml', xml.replace('</w:body>', '<w:p><w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE "http://127.0.0.1:9/x.png" \\d </w:instrText></w:r></w:p></w:body>'));
  });
  assert.match((await refusalOf(openDocxPackage(field))).reason, /INCLUDEPICTURE/);
});

test('an image over the pixel limit is refused from its header, before anything decodes it', async () => {
  const huge = await changedDocx(await briefDocx(), (zip) => void zip.file('word/media/huge.png', pngHeaderOnly(12_000, 9_000)));
  const refusal = await refusalOf(openDocxPackage(huge));
  assert.equal(refusal.kind, 'too_large');
  assert.match(refusal.reason, /12000×9000 pixels/);
});

test('what cannot be carried over is counted in the document: tracked changes, comments, text boxes, equations, objects, headers', async () => {
  const docx = await openDocxPackage(await briefDocx());
  assert.deepEqual(docx.notCarried.slice(0, 2), [
    'Tracked changes: 1 insertion kept as ordinary text, 1 deletion left out. The draft reads as the document does with all changes accepted; the changes themselves are not marked.',
    '1 comment left out: comments are the reviewers’ notes, not part of the article.',
  ]);
  const extra = await changedDocx(await briefDocx({ trackedChanges: false, comments: false }), async (zip) => {
    const xml = await zip.file('word/document.xml')!.async('string');
    const additions =
      '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>Boxed</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>Boxed</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>' +
      '<m:oMathPara><m:oMath><m:r><m:t>E=mc2</m:t></m:r></m:oMath></m:oMathPara><w:p><m:oMath><m:r><m:t>x</m:t></m:r></m:oMath></w:p>' +
      '<w:p><w:r><w:object><v:shape/></w:object></w:r></w:p>';
    zip.file('word/document.xml', xml.replace('</w:body>', `${additions}</w:body>`));
    zip.file('word/header1.xml', '<w:hdr><w:p><w:r><w:t>Confidential draft</w:t></w:r></w:p></w:hdr>');
  });
  const notes = (await openDocxPackage(extra)).notCarried;
  assert.ok(!notes.some((n) => /Tracked changes|comment/.test(n)), notes.join('\n'));
  assert.ok(notes.includes('1 text box: the text was put in the body where the box was anchored; the box and its position were not kept.'), notes.join('\n'));
  assert.ok(
    notes.some((n) => n.startsWith('2 equations left out')),
    notes.join('\n'),
  );
  assert.ok(
    notes.some((n) => n.startsWith('1 embedded object')),
    notes.join('\n'),
  );
  assert.ok(notes.includes('Page headers and footers left out: a web page has none.'), notes.join('\n'));
});
