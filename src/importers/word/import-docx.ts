/**
 * "Import from Word": a .docx becomes a draft article, by the same commands as everything else: images through
 * media's upload command (each with its alt text), the article through the articles' create command. The office,
 * the API and the command line only translate input and map the result.
 *
 * Order matters for hostile files: the package is proved (zip-guard.ts) and looked at (docx-package.ts) before
 * mammoth reads it, and nothing is written before the conversion has succeeded and the person may create the
 * article. The article and the import's audit entry are one save (one transaction); the images are stored before
 * it, each by media's command, and taken back only when that save did not happen: a draft never points at a
 * discarded image.
 */
import type { Actor } from '../../core/actor.ts';
import type { CommandContext } from '../../audit/command.ts';
import { requirePermission } from '../../core/policy.ts';
import { tooLarge } from '../../core/refusals.ts';
import { articlePermissions } from '../../articles/policies.ts';
import { createArticle } from '../../articles/commands.ts';
import type { Article } from '../../articles/store.ts';
import { wordImportAction, wordImportDetail } from '../../articles/editor-word.tsx';
import { discardUpload, uploadImage, type MediaContext } from '../../media/commands.ts';
import { mediaPermissions } from '../../media/policies.ts';
import { mediaUrl, type StoredImage } from '../../media/store.ts';
import { checkZip } from './zip-guard.ts';
import { openDocxPackage } from './docx-package.ts';
import { convertDocx } from './docx-convert.ts';

/** The largest .docx taken: as large as an image upload may be (a long report with its charts fits). */
export const maxDocxBytes = 20 * 1024 * 1024;

/** An article's body is at most this long (as the editor and the API take it). */
const maxBodyLength = 200_000;

export interface DocxImportInput {
  file: Buffer;
  expertId: number;
  /** The file's name, for a title when the document has none ("Report.docx" → "Report"). */
  fileName?: string;
  language?: string;
}

export interface DocxImportResult {
  article: Article;
  /** What the draft does not have of the document, one sentence each. */
  notCarried: string[];
}

export async function importDocx(ctx: MediaContext & CommandContext, actor: Actor, input: DocxImportInput): Promise<DocxImportResult> {
  // Who may not make the draft learns so before the file is even opened.
  requirePermission(articlePermissions, actor, 'create', { expertId: input.expertId, status: 'draft' });
  if (input.file.length > maxDocxBytes) throw tooLarge(`is larger than ${maxDocxBytes / 1024 / 1024} MB`, 'file');
  await checkZip(input.file);
  const docx = await openDocxPackage(input.file);
  const fallbackTitle = (input.fileName ?? '').replace(/\.docx$/i, '').trim();
  const converted = await convertDocx(input.file, { fallbackTitle, notCarried: docx.notCarried });
  const tooLong = () => tooLarge(`is longer than an article may be (${maxBodyLength.toLocaleString('en')} characters of text)`, 'file');
  if (converted.markdown.length > maxBodyLength) throw tooLong();
  const shown = converted.images.map((image, index) => ({ image, index })).filter(({ image, index }) => image.usable && converted.markdown.includes(`(${converted.placeholderOf(index)}`));
  if (shown.length > 0) requirePermission(mediaPermissions, actor, 'upload');

  const stored: StoredImage[] = [];
  let created = false;
  try {
    let body = converted.markdown;
    for (const { image, index } of shown) {
      const media = await uploadImage(ctx, actor, { file: image.bytes, description: { alt: image.alt }, source: 'a Word import' });
      stored.push(media);
      body = body.split(`(${converted.placeholderOf(index)}`).join(`(${mediaUrl(media)}`);
    }
    // The images' addresses may be longer than their placeholders: the body is held to the limit as it is saved.
    if (body.length > maxBodyLength) throw tooLong();
    // The import's own record (where the draft came from, what it lacks: the editor's notice reads it) is the
    // article's audit entry, written in the same transaction as the article.
    const { article } = await createArticle(ctx, actor, {
      changes: { expertId: input.expertId, title: converted.title, lead: converted.lead, bodyMarkdown: body, ...(input.language && { language: input.language }) },
      status: 'draft',
      note: 'Imported from Word',
      auditAction: wordImportAction,
      auditDetail: wordImportDetail(converted.notCarried),
    });
    created = true;
    return { article, notCarried: converted.notCarried };
  } catch (err) {
    // A draft that could not be made leaves no images behind (those stored before this import stay).
    if (!created) for (const media of stored.filter((m) => m.created)) await discardUpload(ctx, actor, media, 'the Word import it came with was refused').catch(() => undefined);
    throw err;
  }
}
