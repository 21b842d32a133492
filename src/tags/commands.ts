import { z } from 'zod';
import type { Actor } from '../core/actor.ts';
import { conflict, notFound, parseInput } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { commit, type CommandContext } from '../audit/command.ts';
import { requiredText, slugField } from '../http/schemas.ts';
import { SlugTakenError } from '../db/errors.ts';
import { createTag as insertTag, deleteTag as removeTag, getTagById, isTaggable, updateTag as writeTagChanges, type Tag } from './store.ts';
import { tagKinds } from './tables.ts';
import { tagPermissions } from './policies.ts';

const tagName = requiredText(200).refine(isTaggable, 'must contain a letter or digit');
const tagKind = z.enum(tagKinds, { errorMap: () => ({ message: 'choose topic, region or country' }) });

/** A new tag, as the API takes it. */
export const tagInputSchema = z.object({ name: tagName, slug: slugField.optional(), kind: z.enum(tagKinds).default('topic') }).strict();
/** A tag's new name or kind; its slug, and so its page's address, never changes. */
const tagChangesSchema = z.object({ name: tagName, kind: tagKind }).strict();

export type TagInput = z.input<typeof tagInputSchema>;
export type TagChanges = z.input<typeof tagChangesSchema>;

const tagSubject = (tag: Pick<Tag, 'id' | 'name'>) => ({ kind: 'tag', id: tag.id, label: tag.name });

async function findTag(ctx: CommandContext, id: number): Promise<Tag> {
  const tag = await getTagById(ctx.handle, id);
  if (!tag) throw notFound('There is no such tag');
  return tag;
}

/** Makes a tag ahead of the articles that will carry it. Readers see it once a published article does. */
export async function createTag(ctx: CommandContext, actor: Actor, given: TagInput): Promise<Tag> {
  requirePermission(tagPermissions, actor, 'create');
  const input = parseInput(tagInputSchema, given);
  return commit(ctx, actor, async (tx) => {
    const tag = await insertTag(tx, input).catch((err: unknown) => {
      throw err instanceof SlugTakenError ? conflict(err.message, 'slug') : err;
    });
    // Nothing readers see yet: no published article carries a new tag.
    return { result: tag, audit: { action: 'tag.create', subject: tagSubject(tag), detail: `Slug ${tag.slug}` }, announce: false };
  });
}

/** Renames a tag or changes its kind; search finds its articles by the new name at once. Nothing changed, nothing written. */
export async function updateTag(ctx: CommandContext, actor: Actor, id: number, given: TagChanges): Promise<Tag> {
  requirePermission(tagPermissions, actor, 'update');
  const tag = await findTag(ctx, id);
  const { name, kind } = parseInput(tagChangesSchema, given);
  if (name === tag.name && kind === tag.kind) return tag;
  return commit(ctx, actor, async (tx) => {
    const updated = await writeTagChanges(tx, tag.id, { name, kind });
    if (!updated) throw notFound('There is no such tag');
    const detail = [name !== tag.name && `Renamed from “${tag.name}”`, kind !== tag.kind && `Kind ${tag.kind} → ${kind}`].filter(Boolean).join('; ');
    return { result: updated, audit: { action: 'tag.update', subject: tagSubject(updated), detail }, announce: true };
  });
}

/** Deletes a tag: the articles that carried it lose it, and its page goes. */
export async function deleteTag(ctx: CommandContext, actor: Actor, id: number): Promise<void> {
  requirePermission(tagPermissions, actor, 'delete');
  const tag = await findTag(ctx, id);
  await commit(ctx, actor, async (tx) => {
    await removeTag(tx, tag.id);
    return { result: undefined, audit: { action: 'tag.delete', subject: tagSubject(tag), detail: `Slug ${tag.slug}` }, announce: true };
  });
}
