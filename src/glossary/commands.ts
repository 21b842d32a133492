import type { Actor } from '../core/actor.ts';
import { conflict, notFound, parseInput } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { commit, type CommandContext } from '../audit/command.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { createGlossaryTerm, deleteGlossaryTerm, getGlossaryTerm, updateGlossaryTerm, type GlossaryTerm, type GlossaryTermInput } from './store.ts';
import { createTermSchema, updateTermSchema, wholeTermSchema, type TermChanges, type TermInput } from './input.ts';
import { glossaryPermissions } from './policies.ts';
import { changeDetail, termSubject } from './present.ts';

/** Terms are unique whatever their case: a duplicate is a conflict the person fixes by editing the term there is. */
const termTaken = () => conflict('is in the glossary already (in some case); edit that term instead', 'term');

async function findTerm(ctx: CommandContext, id: number): Promise<GlossaryTerm> {
  const term = await getGlossaryTerm(ctx.handle, id);
  if (!term) throw notFound('There is no glossary term with this id');
  return term;
}

/** Adds a term: from then on, articles mark its first use (pages are made again with it). */
export async function createTerm(ctx: CommandContext, actor: Actor, given: TermInput): Promise<GlossaryTerm> {
  requirePermission(glossaryPermissions, actor, 'create');
  const input = parseInput(createTermSchema, given);
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
