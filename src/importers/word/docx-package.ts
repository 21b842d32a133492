/**
 * A .docx looked at as a package before it is converted: is it a Word document at all, does it reach outside
 * itself, are its pictures of a size Rostrum decodes, and what in it has no place in an article (comments,
 * tracked changes, text boxes, equations, embedded objects), so that the editor is told rather than finding out.
 * Runs after the zip guard (zip-guard.ts) has proved the archive's sizes.
 */
import JSZip from 'jszip';
import { invalid, tooLarge, unsupported } from '../../core/refusals.ts';
import { imageLimits } from '../../media/pipeline.ts';

export interface DocxPackage {
  zip: JSZip;
  /** What will not reach the article, one sentence each, in the editor's words. */
  notCarried: string[];
}

const documentTypes = /application\/vnd\.ms-word\.(?:document|template)\.macroEnabled\.main\+xml|application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.(?:document|template)\.main\+xml/;

/** Relationships whose target lives outside the package and that a reader of the document would load. */
const externalKinds: Record<string, string> = {
  image: 'an image linked from a file or web address instead of embedded',
  oleObject: 'an object linked from another file',
  frame: 'a frame that shows another file',
  subDocument: 'a subdocument kept in another file',
  package: 'an embedded package kept in another file',
  audio: 'a sound linked from another file',
  video: 'a video linked from another file',
  externalLinkPath: 'a link to another file',
};

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
const count = (xml: string, pattern: RegExp) => xml.match(pattern)?.length ?? 0;

export async function openDocxPackage(bytes: Buffer): Promise<DocxPackage> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: true });
  } catch {
    throw invalid('is a damaged .docx: its zip package cannot be read', 'file');
  }
  const types = await zip.file('[Content_Types].xml')?.async('string');
  const main = zip.file('word/document.xml');
  if (!types || !main || !documentTypes.test(types)) throw unsupported('is not a Word document (.docx): a zip file, but not one Word wrote', 'file');
  // The text parts are read once, for both looks (each may be tens of MB: zip-guard.ts holds them to its limit).
  const text = (await Promise.all(['word/document.xml', 'word/footnotes.xml', 'word/endnotes.xml'].map(async (name) => (await zip.file(name)?.async('string')) ?? ''))).join('\n');
  await refuseExternalReferences(zip, text);
  await checkImageSizes(zip);
  return { zip, notCarried: await whatIsNotCarried(zip, text) };
}

/**
 * A linked (not embedded) picture, frame or object would have to be fetched from the writer's disk or
 * the network to be shown: Rostrum never fetches anything for an import, so such a document is refused, saying
 * what to embed. Links to web pages (hyperlinks) are ordinary and stay links.
 */
async function refuseExternalReferences(zip: JSZip, text: string): Promise<void> {
  const found = new Set<string>();
  for (const name of Object.keys(zip.files).filter((n) => /(^|\/)_rels\/[^/]*\.rels$/.test(n))) {
    const xml = await zip.file(name)!.async('string');
    for (const [relationship] of xml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
      if (!/\bTargetMode\s*=\s*["']External["']/i.test(relationship)) continue;
      const type = /\bType\s*=\s*["']([^"']*)["']/.exec(relationship)?.[1] ?? '';
      const kind = type.split('/').pop() ?? '';
      // Hyperlinks are links; Word names the template a document was made from (often a path on the writer's
      // disk, `Normal.dotm`) in nearly every file, and it only lends styles, which an import does not take.
      if (kind === 'hyperlink' || kind === 'attachedTemplate') continue;
      found.add(externalKinds[kind] ?? `a reference to an outside file (${kind || 'of no stated kind'})`);
    }
  }
  if (/\b(?:INCLUDEPICTURE|INCLUDETEXT)\b/.test(text)) found.add('a picture or text included from another file by a field (INCLUDEPICTURE, INCLUDETEXT)');
  if (found.size > 0) {
    throw invalid(`refers to files outside the document, which Rostrum never fetches: ${[...found].join('; ')}. Embed them in the document (or remove them), save, and import again`, 'file');
  }
}

/** Every picture in the package is held to the media pipeline's pixel limit, from its header alone (nothing is decoded). */
async function checkImageSizes(zip: JSZip): Promise<void> {
  const { default: sharp } = await import('sharp');
  for (const name of Object.keys(zip.files).filter((n) => n.startsWith('word/media/') && !zip.files[n]!.dir)) {
    const bytes = await zip.file(name)!.async('nodebuffer');
    const meta = await sharp(bytes, { limitInputPixels: false })
      .metadata()
      .catch(() => undefined);
    if (meta?.width && meta.height && meta.width * meta.height > imageLimits.maxInputPixels) {
      throw tooLarge(
        `holds an image of ${meta.width}×${meta.height} pixels (${name.slice('word/media/'.length)}): more than the ${imageLimits.maxInputPixels / 1_000_000} megapixels an image may have`,
        'file',
      );
    }
  }
}

/** What the conversion leaves out or changes, counted in the document's own XML. */
async function whatIsNotCarried(zip: JSZip, xml: string): Promise<string[]> {
  const read = async (name: string) => (await zip.file(name)?.async('string')) ?? '';
  // A drawing has a modern form (mc:Choice) and an old one (mc:Fallback) of the same thing: count it once.
  const once = xml.replace(/<mc:Fallback\b[\s\S]*?<\/mc:Fallback>/g, '');
  const notes: string[] = [];

  const insertions = count(xml, /<w:ins\b/g);
  const deletions = count(xml, /<w:del\b/g);
  const moves = count(xml, /<w:moveTo\b/g);
  if (insertions + deletions + moves > 0) {
    const parts = [
      insertions && `${plural(insertions, 'insertion')} kept as ordinary text`,
      deletions && `${plural(deletions, 'deletion')} left out`,
      moves && `${plural(moves, 'move')} kept at the new place`,
    ].filter(Boolean);
    notes.push(`Tracked changes: ${parts.join(', ')}. The draft reads as the document does with all changes accepted; the changes themselves are not marked.`);
  }
  const comments = count(await read('word/comments.xml'), /<w:comment\b/g) || count(xml, /<w:commentReference\b/g);
  if (comments > 0) notes.push(`${plural(comments, 'comment')} left out: comments are the reviewers’ notes, not part of the article.`);
  const textBoxes = count(once, /<w:txbxContent\b/g);
  if (textBoxes > 0) notes.push(`${plural(textBoxes, 'text box', 'text boxes')}: the text was put in the body where the box was anchored; the box and its position were not kept.`);
  const blockEquations = count(xml, /<m:oMathPara\b/g);
  const equations = blockEquations + count(xml.replace(/<m:oMathPara\b[\s\S]*?<\/m:oMathPara>/g, ''), /<m:oMath\b/g);
  if (equations > 0) notes.push(`${plural(equations, 'equation')} left out: articles have no equations; write them as text or add them as images.`);
  const objects = count(xml, /<w:object\b/g);
  if (objects > 0) notes.push(`${plural(objects, 'embedded object')} (a spreadsheet, a chart or a file from another program) left out; only a picture Word showed for one may have been kept.`);
  const charts = count(once, /<c:chart\b/g);
  if (charts > 0) notes.push(`${plural(charts, 'chart')} left out: add them as images with Insert figure.`);
  const diagrams = count(once, /<dgm:relIds\b/g);
  if (diagrams > 0) notes.push(`${plural(diagrams, 'SmartArt diagram')} left out: add them as images with Insert figure.`);
  const headers = await Promise.all(
    Object.keys(zip.files)
      .filter((n) => /^word\/(?:header|footer)\d*\.xml$/.test(n))
      .map(read),
  );
  if (headers.some((h) => /<w:t\b[^>]*>[^<]*\S/.test(h))) notes.push('Page headers and footers left out: a web page has none.');
  if (zip.file('word/vbaProject.bin')) notes.push('Macros left out (they are never run).');
  return notes;
}
