import '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requestContext, type AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { HttpError } from '../http/errors.ts';
import { invalid, notFound, tooLarge } from '../core/refusals.ts';
import { readMultipartForm } from '../http/multipart.ts';
import { positiveId } from '../http/schemas.ts';
import { getMediaByHash, getMediaById, mediaUrl, readVariant, type MediaInfo } from './store.ts';
import { maxUploadBytes } from './fields.ts';
import { mimeOfFormat, type VariantFormat } from './pipeline.ts';
import { describeImage, uploadImage, type DescriptionChange } from './commands.ts';

const idParams = z.object({ id: positiveId });

function parseId(params: unknown): number {
  const parsed = idParams.safeParse(params);
  if (!parsed.success) throw notFound('There is no image with this id');
  return parsed.data.id;
}

const formatOfExtension: Record<string, VariantFormat> = { avif: 'avif', webp: 'webp', jpg: 'jpeg' };
const immutable = 'public, max-age=31536000, immutable';

/**
 * Media API:
 * - `POST /api/v1/media` (any token) multipart `file` + `alt`, `credit`, `credit_url`
 *   -> 201 `{id, url, width, height, alt, credit, credit_url, hash}`.
 *   The type is read from the bytes (JPEG, PNG, WebP, AVIF, GIF; at most 50 megapixels). The same bytes
 *   uploaded again answer the stored image unchanged (same id, original description).
 * - `GET /api/v1/media/:id` (any token) -> `{id, url, width, height, alt, credit, credit_url}`.
 * - `PATCH /api/v1/media/:id` JSON `{alt?, credit?, credit_url?}`, at least one -> the same shape. Editors and
 *   admins describe any image; an author only one shown by nothing but their own expert's drafts (policies.ts).
 *   The new alt text and credit show wherever the image is used.
 * - `GET /media/<hash>/<width>.<avif|webp|jpg>` the variants, cached for good. `original.<ext>` is not served:
 *   it answers 301 to the largest variant in that format (the export carries the originals).
 * Uploads and description changes are commands (commands.ts), written to the audit log. Uploads wait for
 * the image queue (queue.ts); when it is full the answer is 503 with Retry-After.
 */
export async function mediaRoutes(app: FastifyInstance, ctx: AppContext) {
  const describe = (media: MediaInfo) => ({
    id: media.id,
    url: ctx.config.publicUrl + mediaUrl(media),
    width: media.width,
    height: media.height,
    alt: media.alt,
    credit: media.credit,
    credit_url: media.creditUrl,
  });

  app.post('/api/v1/media', async (request, reply) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    // A protocol matter (how the request is sent), not the domain's: answered here.
    if (!request.isMultipart()) throw new HttpError(415, 'unsupported_media_type', 'Send the image as multipart/form-data with a file field', 'file');
    const { fields, file, fileProblem } = await readMultipartForm(request, { fileField: 'file', maxFileBytes: maxUploadBytes, maxFields: 10, maxFieldBytes: 4096 });
    if (fileProblem) throw tooLarge(fileProblem, 'file');
    if (!file) throw invalid('an image file is required, in the field named file', 'file');
    const media = await uploadImage(requestContext(ctx, request), actor, { file, description: fields });
    // The stored description is answered: for bytes already stored it is the earlier one, not this request's.
    return reply.status(201).send({ ...describe(media), hash: media.hash });
  });

  app.get('/api/v1/media/:id', async (request) => {
    await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    const media = await getMediaById(ctx.handle, parseId(request.params));
    if (!media) throw notFound('There is no image with this id');
    return describe(media);
  });

  app.patch('/api/v1/media/:id', async (request) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    const media = await describeImage(requestContext(ctx, request), actor, parseId(request.params), (request.body ?? {}) as DescriptionChange);
    return describe(media);
  });

  app.get<{ Params: { hash: string; file: string } }>('/media/:hash/:file', async (request, reply) => {
    const { hash, file } = request.params;
    const match = /^(\d{1,5}|original)\.(avif|webp|jpg)$/.exec(file);
    if (!/^[0-9a-f]{64}$/.test(hash) || !match) throw notFound('There is no such image');
    const format = formatOfExtension[match[2]!]!;
    // Before the 304 below: a cache holding an original served by an earlier version must not be told to keep it.
    if (match[1] === 'original') {
      // Originals are the operator's (the export has them), not the public's: an address that served one
      // before now leads to the largest variant in the format it asked for, so no published link breaks.
      const media = await getMediaByHash(ctx.handle, hash);
      if (!media) throw notFound('There is no such image');
      return reply.header('cache-control', 'public, max-age=86400').redirect(mediaUrl(media, format), 301);
    }
    if (request.headers['if-none-match'] === `"${hash}-${file}"`) return reply.status(304).send();
    const variant = await readVariant(ctx.handle, hash, format, Number(match[1]));
    if (!variant) throw notFound('There is no such image');
    return reply.header('cache-control', immutable).header('etag', `"${hash}-${file}"`).type(mimeOfFormat[format]).send(variant.bytes);
  });
}
