import type { Actor } from '../core/actor.ts';
import { conflict, invalid, notFound, parseInput } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { commit, type CommandContext } from '../audit/command.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { createGlossaryTerm, deleteGlossaryTerm, getGlossaryTerm, updateGlossaryTerm, type GlossaryTerm, type GlossaryTermInput } from './store.ts';
import { createTermSchema, updateTermSchema, wholeTermSchema, type TermChanges, type TermInput } from './input.ts';
import { glossaryPermissions } from './policies.ts';
import { changeDetail, termSubject } from './present.ts';
import { getSiteSettings } from '../site/store.ts';

/** Terms are unique in their language whatever their case: a duplicate is a conflict the person fixes by editing the term there is. */
const termTaken = () => conflict('is in the glossary already (in some case); edit that term instead', 'term');

/**
 * The language a term is filed under: one of the site's, the default when none is given. A term keeps a
 * language the site has since given up (`kept`), but none is moved there.
 */
async function siteLanguage(ctx: CommandContext, given: string | undefined, kept?: string): Promise<string> {
  const { languages } = await getSiteSettings(ctx.handle);
  if (given === undefined) return kept ?? languages[0]!;
  if (given !== kept && !(languages as string[]).includes(given)) throw invalid(`must be one of the site’s languages: ${languages.join(', ')}`, 'language');
  return given;
}

async function findTerm(ctx: CommandContext, id: number): Promise<GlossaryTerm> {
  const term = await getGlossaryTerm(ctx.handle, id);
  if (!term) throw notFound('There is no glossary term with this id');
  return term;
}

/** Adds a term: from then on, articles mark its first use (pages are made again with it). */
export async function createTerm(ctx: CommandContext, actor: Actor, given: TermInput): Promise<GlossaryTerm> {
  requirePermission(glossaryPermissions, actor, 'create');
  const parsed = parseInput(createTermSchema, given);
  const input = { ...parsed, language: await siteLanguage(ctx, parsed.language) };
  return commit(ctx, actor, async (tx) => {
    const term = await createGlossaryTerm(tx, input).catch((err: unknown) => {
      throw isUniqueViolation(err) ? termTaken() : err;
    });
    return { result: term, audit: { action: 'glossary.create', subject: termSubject(term), detail: term.expansion }, announce: true };
  });
}

/** Changes a term's words; its slug, and so its anchor on /glossary, stays. */
export async function updateTerm(ctx: CommandContext, actor: Actor, id: number, given: TermChanges, shape: { everyField?: boolean } = {}): Promise<GlossaryTerm> {
  requirePermission(glossaryPermissions, actor, 'update');
  const current = await findTerm(ctx, id);
  // A form names every field it has: one missing is refused as required, not left as it was.
  const changes: Partial<GlossaryTermInput> = parseInput(shape.everyField ? wholeTermSchema : updateTermSchema, given);
  if (changes.language !== undefined) changes.language = await siteLanguage(ctx, changes.language, current.language);
  return commit(ctx, actor, async (tx) => {
    const term = await updateGlossaryTerm(tx, current.id, changes).catch((err: unknown) => {
      throw isUniqueViolation(err) ? termTaken() : err;
    });
    if (!term) throw notFound('There is no glossary term with this id');
    return { result: term, audit: { action: 'glossary.update', subject: termSubject(term), detail: changeDetail(current, term) }, announce: true };
  });
}

/** Deletes a term: articles stop marking it; their text stays as it is. */
export async function deleteTerm(ctx: CommandContext, actor: Actor, id: number): Promise<void> {
  requirePermission(glossaryPermissions, actor, 'delete');
  const term = await findTerm(ctx, id);
  await commit(ctx, actor, async (tx) => {
    await deleteGlossaryTerm(tx, term.id);
    return { result: undefined, audit: { action: 'glossary.delete', subject: termSubject(term), detail: term.expansion }, announce: true };
  });
}
