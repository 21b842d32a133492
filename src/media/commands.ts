import { z } from 'zod';
import type { Actor } from '../core/actor.ts';
import { requirePermission } from '../core/policy.ts';
import { conflict, notFound, parseInput } from '../core/refusals.ts';
import { commit, type CommandContext } from '../audit/command.ts';
import { mediaDescriptionFields } from './fields.ts';
import { mediaPermissions, type MediaUsage } from './policies.ts';
import type { ImageQueue } from './queue.ts';
import { deleteMedia, getMediaById, prepareImage, storePreparedImage, updateMediaDescription, type MediaInfo, type StoredImage } from './store.ts';
import { mediaUsage } from './usage.ts';
import { imageDescribed } from './described.ts';

/** Commands on images: what each change checks, writes and records. */

/** Image commands may bound their decoding by the process's image queue (the server's; none on the command line). */
export interface MediaContext extends CommandContext {
  imageQueue?: ImageQueue;
}

/** An image's description as every entry point sends it, by the API's field names. */
export const descriptionSchema = z
  .object({
    alt: mediaDescriptionFields.alt.default(''),
    credit: mediaDescriptionFields.credit.default(''),
    credit_url: mediaDescriptionFields.credit_url.default(''),
  })
  .strict();
export type DescriptionInput = z.input<typeof descriptionSchema>;

const descriptionChangeSchema = z
  .object({
    alt: mediaDescriptionFields.alt.optional(),
    credit: mediaDescriptionFields.credit.optional(),
    credit_url: mediaDescriptionFields.credit_url.optional(),
  })
  .strict()
  .refine((o) => Object.values(o).some((v) => v !== undefined), 'give at least one of alt, credit and credit_url');
export type DescriptionChange = z.input<typeof descriptionChangeSchema>;

export interface Upload {
  file: Buffer;
  description: DescriptionInput;
  /** Where the upload was sent from, when not the API: "the article editor". */
  source?: string;
}

const mediaSubject = (media: Pick<MediaInfo, 'id' | 'hash'>) => ({ kind: 'media', id: media.id, label: media.hash });
const fromSource = (source: string | undefined) => (source ? `, from ${source}` : '');

/**
 * Stores an uploaded image. The decoding (seconds for a large photo) happens before the transaction, so
 * no transaction waits on it; the same bytes stored already answer the stored image, unchanged.
 */
export async function uploadImage(ctx: MediaContext, actor: Actor, upload: Upload): Promise<StoredImage> {
  requirePermission(mediaPermissions, actor, 'upload');
  const description = parseInput(descriptionSchema, upload.description);
  const prepared = await prepareImage(ctx.handle, upload.file, { queue: ctx.imageQueue });
  return commit(ctx, actor, async (tx) => {
    const image = await storePreparedImage(tx, prepared, { alt: description.alt, credit: description.credit, creditUrl: description.credit_url });
    const detail = image.created ? `new image ${image.width}×${image.height}${fromSource(upload.source)}` : 'the same image was stored already; unchanged';
    // An API upload is always recorded (its caller gets the stored image's id); a form that sends an
    // image already stored changes nothing, and records nothing.
    const recorded = image.created || upload.source === undefined;
    return { result: image, audit: recorded ? { action: 'media.upload', subject: mediaSubject(image), detail } : null, announce: image.created };
  });
}

/** An article about to show the image, counted in its usage before it is saved (the editor's own draft). */
export interface PendingUse {
  articleId?: number;
  expertId: number;
}

/**
 * Everywhere the image is shown, as the describe rule weighs it: with `pending`, the article being saved
 * counts as the draft it is edited as, in place of what it was.
 */
export async function describeFacts(ctx: Pick<CommandContext, 'handle'>, mediaId: number, pending?: PendingUse): Promise<MediaUsage> {
  const usage = await mediaUsage(ctx.handle, mediaId);
  if (!pending) return usage;
  const others = usage.articles.filter((a) => a.id !== pending.articleId);
  return { ...usage, articles: [...others, { id: pending.articleId ?? 0, expertId: pending.expertId, status: 'draft' }] };
}

/** Changes an image's alt text and credit, wherever it is shown. */
export async function describeImage(ctx: CommandContext, actor: Actor, mediaId: number, change: DescriptionChange, options: { pending?: PendingUse; source?: string } = {}): Promise<MediaInfo> {
  if (!(await getMediaById(ctx.handle, mediaId))) throw notFound('There is no image with this id');
  requirePermission(mediaPermissions, actor, 'describe', await describeFacts(ctx, mediaId, options.pending));
  const input = parseInput(descriptionChangeSchema, change);
  return commit(ctx, actor, async (tx) => {
    const media = await updateMediaDescription(tx, mediaId, { alt: input.alt, credit: input.credit, creditUrl: input.credit_url });
    if (!media) throw notFound('There is no image with this id');
    await imageDescribed.notify(tx, mediaId);
    const changed = Object.keys(input).filter((key) => input[key as keyof typeof input] !== undefined);
    return {
      result: media,
      audit: { action: 'media.describe', subject: mediaSubject(media), detail: `changed ${changed.join(', ')}${options.source ? ` from ${options.source}` : ''}` },
      announce: true,
    };
  });
}

/**
 * Takes back an image this request has just stored, when what it came with was refused, so that a
 * refused form leaves no image behind. An image that was stored before is never removed this way.
 */
export async function discardUpload(ctx: CommandContext, actor: Actor, image: StoredImage, why: string): Promise<void> {
  requirePermission(mediaPermissions, actor, 'discardUpload');
  if (!image.created) throw conflict('This image was stored before this request; it stays');
  await commit(ctx, actor, async (tx) => {
    await deleteMedia(tx, image.id);
    return { result: undefined, audit: { action: 'media.delete', subject: mediaSubject(image), detail: why }, announce: false };
  });
}
