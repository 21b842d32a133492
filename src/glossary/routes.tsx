import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { type UserActor } from '../core/actor.ts';
import { conflict, forbidden, notFound, parseInput } from '../core/refusals.ts';
import { sendHtml } from '../http/pages.ts';
import { renderDocument } from '../views/render.ts';
import { renderMarkdown } from '../views/markdown.ts';
import { createGlossaryTerm, deleteGlossaryTerm, listGlossaryTerms, TermTakenError, updateGlossaryTerm, type GlossaryTerm } from './store.ts';
import { createTermSchema, termOfParams, updateTermSchema } from './input.ts';
import { glossaryPolicy } from './policies.ts';
import { changeDetail, termJson, termSubject } from './present.ts';
import { GlossaryPage } from './views.tsx';

/** A duplicate term is a conflict the caller can fix by editing the existing one. */
async function refusingDuplicates<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof TermTakenError) throw conflict(`${err.message}`, 'term');
    throw err;
  }
}

export async function glossaryRoutes(app: FastifyInstance, ctx: AppContext) {
  const { handle } = ctx;

  async function keeper(request: FastifyRequest, allowed: (actor: UserActor) => boolean): Promise<UserActor> {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    if (!allowed(actor)) throw forbidden('Only editors and administrators keep the glossary');
    return actor;
  }

  async function termOf(request: FastifyRequest): Promise<GlossaryTerm> {
    const term = await termOfParams(handle, request.params);
    if (!term) throw notFound('There is no glossary term with this id');
    return term;
  }

  app.get('/glossary', async (request, reply) => {
    const terms = await listGlossaryTerms(handle);
    const views = terms.map((t) => ({ term: t.term, slug: t.slug, expansion: t.expansion, definitionHtml: t.definition ? renderMarkdown(t.definition) : '' }));
    return sendHtml(request, reply, renderDocument(<GlossaryPage site={await ctx.siteView()} terms={views} />));
  });

  app.get('/api/v1/public/glossary', async () => {
    const terms = await listGlossaryTerms(handle);
    return { items: terms.map((t) => termJson(t, ctx.config.publicUrl)), next_cursor: null };
  });

  app.get('/api/v1/glossary', async (request) => {
    await keeper(request, glossaryPolicy.list);
    const terms = await listGlossaryTerms(handle);
    return { items: terms.map((t) => termJson(t, ctx.config.publicUrl, true)), next_cursor: null };
  });

  app.post('/api/v1/glossary', async (request, reply) => {
    const actor = await keeper(request, glossaryPolicy.create);
    const input = parseInput(createTermSchema, request.body);
    const term = await refusingDuplicates(() => createGlossaryTerm(handle, input));
    await ctx.audit(actor, { action: 'glossary.create', subject: termSubject(term), detail: term.expansion }, request);
    ctx.contentChanged();
    return reply.status(201).header('location', `/api/v1/glossary/${term.id}`).send(termJson(term, ctx.config.publicUrl, true));
  });

  app.get('/api/v1/glossary/:id', async (request) => {
    await keeper(request, glossaryPolicy.list);
    return termJson(await termOf(request), ctx.config.publicUrl, true);
  });

  app.patch('/api/v1/glossary/:id', async (request) => {
    const actor = await keeper(request, glossaryPolicy.update);
    const current = await termOf(request);
    const changes = parseInput(updateTermSchema, request.body);
    const term = await refusingDuplicates(() => updateGlossaryTerm(handle, current.id, changes));
    if (!term) throw notFound('There is no glossary term with this id');
    await ctx.audit(actor, { action: 'glossary.update', subject: termSubject(term), detail: changeDetail(current, term) }, request);
    ctx.contentChanged();
    return termJson(term, ctx.config.publicUrl, true);
  });

  app.delete('/api/v1/glossary/:id', async (request, reply) => {
    const actor = await keeper(request, glossaryPolicy.delete);
    const term = await termOf(request);
    await deleteGlossaryTerm(handle, term.id);
    await ctx.audit(actor, { action: 'glossary.delete', subject: termSubject(term), detail: term.expansion }, request);
    ctx.contentChanged();
    return reply.status(204).send();
  });
}
