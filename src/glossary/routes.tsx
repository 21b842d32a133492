import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestContext, type AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { requestedEdition } from '../http/editions.ts';
import { notFound, parseInput } from '../core/refusals.ts';
import { editionFilter, editionLanguageCodes, type EditionLanguage, type Editions } from '../views/i18n/languages.ts';
import { requirePermission } from '../core/policy.ts';
import { sendHtml } from '../http/pages.ts';
import { renderDocument } from '../views/render.ts';
import { renderMarkdown } from '../views/markdown.ts';
import { listGlossaryTerms, listGlossaryTermsIn, type GlossaryTerm } from './store.ts';
import { termIdOfParams, termOfParams, type TermChanges, type TermInput } from './input.ts';
import { glossaryPermissions } from './policies.ts';
import { createTerm, deleteTerm, updateTerm } from './commands.ts';
import { termJson } from './present.ts';
import { GlossaryPage } from './views.tsx';

/** `?language=ru`: one language's terms only. */
const listQuery = z.object({ language: z.enum(editionLanguageCodes as [EditionLanguage, ...EditionLanguage[]]).optional() });

export async function glossaryRoutes(app: FastifyInstance, ctx: AppContext) {
  const { handle } = ctx;

  /** The site's editions, which give each term's address its prefix. */
  const editions = async (): Promise<Editions> => (await ctx.siteView()).locale.editions;

  /** Terms as the API lists them: every language's, or the one asked for. */
  async function termsAsked(request: FastifyRequest): Promise<GlossaryTerm[]> {
    const { language } = parseInput(listQuery, request.query);
    return language ? listGlossaryTermsIn(handle, { only: language }) : listGlossaryTerms(handle);
  }

  const signedIn = (request: FastifyRequest) => requireActor(request, ctx.resolveActor, ctx.config.publicUrl);

  /** Reading the terms with their history is for those who keep the glossary. */
  async function keeper(request: FastifyRequest): Promise<void> {
    requirePermission(glossaryPermissions, await signedIn(request), 'list');
  }

  async function termOf(request: FastifyRequest): Promise<GlossaryTerm> {
    const term = await termOfParams(handle, request.params);
    if (!term) throw notFound('There is no glossary term with this id');
    return term;
  }

  // Each edition's glossary (/glossary, /ru/glossary): its language's terms, A to Z as that language sorts them.
  app.get('/glossary', async (request, reply) => {
    const site = await ctx.siteView(requestedEdition(request));
    const { locale } = site;
    const terms = await listGlossaryTermsIn(handle, editionFilter(locale.editions, locale.language));
    terms.sort((a, b) => locale.compare(a.term, b.term) || (a.term < b.term ? -1 : a.term > b.term ? 1 : a.id - b.id));
    const views = terms.map((t) => ({ term: t.term, slug: t.slug, expansion: t.expansion, definitionHtml: t.definition ? renderMarkdown(t.definition) : '' }));
    return sendHtml(request, reply, renderDocument(<GlossaryPage site={site} terms={views} />, locale));
  });

  app.get('/api/v1/public/glossary', async (request) => {
    const [terms, known] = await Promise.all([termsAsked(request), editions()]);
    return { items: terms.map((t) => termJson(t, ctx.config.publicUrl, false, known)), next_cursor: null };
  });

  app.get('/api/v1/glossary', async (request) => {
    await keeper(request);
    const [terms, known] = await Promise.all([termsAsked(request), editions()]);
    return { items: terms.map((t) => termJson(t, ctx.config.publicUrl, true, known)), next_cursor: null };
  });

  app.post('/api/v1/glossary', async (request, reply) => {
    const term = await createTerm(requestContext(ctx, request), await signedIn(request), request.body as TermInput);
    return reply
      .status(201)
      .header('location', `/api/v1/glossary/${term.id}`)
      .send(termJson(term, ctx.config.publicUrl, true, await editions()));
  });

  app.get('/api/v1/glossary/:id', async (request) => {
    await keeper(request);
    return termJson(await termOf(request), ctx.config.publicUrl, true, await editions());
  });

  app.patch('/api/v1/glossary/:id', async (request) => {
    const term = await updateTerm(requestContext(ctx, request), await signedIn(request), termIdOfParams(request.params), request.body as TermChanges);
    return termJson(term, ctx.config.publicUrl, true, await editions());
  });

  app.delete('/api/v1/glossary/:id', async (request, reply) => {
    await deleteTerm(requestContext(ctx, request), await signedIn(request), termIdOfParams(request.params));
    return reply.status(204).send();
  });
}
