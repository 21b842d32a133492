/**
 * Word in, at its three doors:
 * - `POST /admin/articles/paste` (office, JSON `{html}` → `{markdown, warnings}`): the clipboard's HTML as the
 *   body's Markdown, for the editor's paste (src/client/editor-paste.ts). The office's guard and CSRF check apply.
 * - `POST /admin/articles/import-docx` (office, multipart `file` + `expert`): a .docx made a draft, then the
 *   draft's editor with what was not carried over; a refused file comes back on the import form with the reason.
 * - `POST /api/v1/articles/import-docx` (token, multipart `file` + `expert` [+ `language`]) → 201
 *   `{id, slug, url, edit_url, not_carried}`.
 * Each only translates: the conversion is office-html.ts, the import importDocx.
 */
import '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestContext, type AppContext } from '../../context.ts';
import { permits, requirePermission } from '../../core/policy.ts';
import { invalid, parseInput, tooLarge } from '../../core/refusals.ts';
import { requireActor } from '../../http/auth.ts';
import { HttpError } from '../../http/errors.ts';
import { readMultipartForm } from '../../http/multipart.ts';
import { slugField } from '../../http/schemas.ts';
import { officeActor, redirectAfterPost } from '../../office/guard.ts';
import { sendOfficePage } from '../../office/layout.tsx';
import { formProblem } from '../../office/refusals.ts';
import { editionLanguageCodes, editionPrefix, type EditionLanguage } from '../../views/i18n/languages.ts';
import { getExpertBySlug, listAllExperts, getExpertById } from '../../experts/store.ts';
import { articlePermissions } from '../../articles/policies.ts';
import { articlePath } from '../../articles/paths.ts';
import { WordImportPage, wordImportNotice, wordImportPath } from '../../articles/editor-word.tsx';
import type { UserActor } from '../../core/actor.ts';
import { checkOfficeHtmlSize, officeHtmlToMarkdown } from './office-html.ts';
import { importDocx, maxDocxBytes } from './import-docx.ts';

/** The most HTML a paste may carry: Word puts its whole style sheet on the clipboard, so a long document is a few MB. */
export const maxPasteBytes = 8 * 1024 * 1024;

const pasteSchema = z.object({ html: z.string() }).strict();

const importFields = z.object({
  expert: slugField,
  language: z.enum(editionLanguageCodes as [EditionLanguage, ...EditionLanguage[]]).optional(),
});

async function readImport(request: FastifyRequest) {
  if (!request.isMultipart()) throw new HttpError(415, 'unsupported_media_type', 'Send the document as multipart/form-data with a file field', 'file');
  const form = await readMultipartForm(request, { fileField: 'file', maxFileBytes: maxDocxBytes, maxFields: 10, maxFieldBytes: 4096 });
  if (form.fileProblem) throw tooLarge(form.fileProblem, 'file');
  return form;
}

export async function wordApiRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { handle } = ctx;
  app.post('/api/v1/articles/import-docx', async (request, reply) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    const { fields, file, fileName } = await readImport(request);
    const input = parseInput(importFields, fields);
    const expert = await getExpertBySlug(handle, input.expert);
    if (!expert) throw invalid('there is no expert with this slug', 'expert');
    // Who may not make a draft on this blog hears so whatever they sent.
    requirePermission(articlePermissions, actor, 'create', { expertId: expert.id, status: 'draft' });
    if (!file) throw invalid('is required: send the .docx as the file field', 'file');
    const { article, notCarried } = await importDocx({ ...requestContext(ctx, request), imageQueue: ctx.imageQueue }, actor, { file, fileName, expertId: expert.id, language: input.language });
    const { editions } = (await ctx.siteView()).locale;
    return reply
      .status(201)
      .header('location', `/api/v1/articles/${article.id}`)
      .send({
        id: article.id,
        slug: article.slug,
        status: article.status,
        url: `${ctx.config.publicUrl}${articlePath(expert.slug, article.slug, editionPrefix(editions, article.language))}`,
        edit_url: `${ctx.config.publicUrl}/admin/articles/${article.id}`,
        not_carried: notCarried,
      });
  });
}

export async function wordOffice(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { handle } = ctx;

  app.post('/admin/articles/paste', { bodyLimit: maxPasteBytes }, async (request, reply) => {
    const actor = officeActor(request);
    requirePermission(articlePermissions, actor, 'write');
    const { html } = parseInput(pasteSchema, request.body);
    // The conversion runs while the request waits: more than an article's worth is refused (413) before it starts.
    checkOfficeHtmlSize(html);
    const { markdown, warnings } = officeHtmlToMarkdown(html);
    return reply.header('cache-control', 'no-store').send({ markdown, warnings });
  });

  /** The blogs this person may start a draft on, as the editor offers them. */
  async function blogChoices(actor: UserActor) {
    const experts = permits(articlePermissions, actor, 'readAll') ? await listAllExperts(handle) : actor.expertId !== null ? [await getExpertById(handle, actor.expertId)] : [];
    return experts.flatMap((e) => (e && permits(articlePermissions, actor, 'create', { expertId: e.id, status: 'draft' }) ? [{ value: e.slug, label: e.name }] : []));
  }

  app.post(wordImportPath, async (request, reply) => {
    const actor = officeActor(request);
    requirePermission(articlePermissions, actor, 'write');
    let expertSlug = '';
    try {
      const { fields, file, fileName } = await readImport(request);
      expertSlug = fields.expert ?? '';
      const input = parseInput(importFields, fields);
      const expert = await getExpertBySlug(handle, input.expert);
      if (!expert) throw invalid('there is no expert with this slug', 'expert');
      requirePermission(articlePermissions, actor, 'create', { expertId: expert.id, status: 'draft' });
      if (!file) throw invalid('is required: choose a .docx file', 'file');
      const { article } = await importDocx({ ...requestContext(ctx, request), imageQueue: ctx.imageQueue }, actor, { file, fileName, expertId: expert.id });
      return redirectAfterPost(reply, `/admin/articles/${article.id}`, wordImportNotice);
    } catch (err) {
      const problem = formProblem(err);
      if (!problem) throw err;
      const page = <WordImportPage site={await ctx.siteView()} actor={actor} csrf={actor.session!.csrfToken} experts={await blogChoices(actor)} expert={expertSlug} errors={problem.errors} />;
      return sendOfficePage(reply, page, problem.status);
    }
  });
}
