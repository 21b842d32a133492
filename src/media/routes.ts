import '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { HttpError, notFound, parseInput } from '../http/errors.ts';
import { httpUrl, textField } from '../http/schemas.ts';
import { mediaUrl, readOriginal, readVariant, saveImage } from './store.ts';
import { mimeOfFormat, type VariantFormat } from './pipeline.ts';

export const maxUploadBytes = 20 * 1024 * 1024;

const descriptionSchema = z
  .object({
    alt: textField(500).default(''),
    credit: textField(300).default(''),
    credit_url: z.union([httpUrl, z.literal('')]).default(''),
  })
  .strict();

const formatOfExtension: Record<string, VariantFormat> = { avif: 'avif', webp: 'webp', jpg: 'jpeg' };
const immutable = 'public, max-age=31536000, immutable';

export async function mediaRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/v1/media', async (request, reply) => {
    await requireActor(request, ctx.resolveActor);
    if (!request.isMultipart()) throw new HttpError(415, 'unsupported_media_type', 'Send the image as multipart/form-data with a file field', 'file');
    const fields: Record<string, string> = {};
    let file: Buffer | undefined;
    for await (const part of request.parts({ limits: { fileSize: maxUploadBytes, files: 1, fields: 10, fieldSize: 4096 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw new HttpError(422, 'invalid', 'The image must be sent in the field named file', part.fieldname);
        file = await part.toBuffer();
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
    if (!file || file.length === 0) throw new HttpError(422, 'invalid', 'file: an image file is required', 'file');
    const description = parseInput(descriptionSchema, fields);
    const media = await saveImage(ctx.handle, file, { alt: description.alt, credit: description.credit, creditUrl: description.credit_url });
    ctx.contentChanged();
    return reply.status(201).send({ id: media.id, url: ctx.config.publicUrl + mediaUrl(media), width: media.width, height: media.height, hash: media.hash });
  });

  app.get<{ Params: { hash: string; file: string } }>('/media/:hash/:file', async (request, reply) => {
    const { hash, file } = request.params;
    const match = /^(\d{1,5}|original)\.(avif|webp|jpg)$/.exec(file);
    if (!/^[0-9a-f]{64}$/.test(hash) || !match) throw notFound('There is no such image');
    if (request.headers['if-none-match'] === `"${hash}-${file}"`) return reply.status(304).send();
    if (match[1] === 'original') {
      const original = await readOriginal(ctx.handle, hash);
      if (!original) throw notFound('There is no such image');
      return reply.header('cache-control', immutable).header('etag', `"${hash}-${file}"`).type(original.mime).send(original.original);
    }
    const format = formatOfExtension[match[2]!]!;
    const variant = await readVariant(ctx.handle, hash, format, Number(match[1]));
    if (!variant) throw notFound('There is no such image');
    return reply.header('cache-control', immutable).header('etag', `"${hash}-${file}"`).type(mimeOfFormat[format]).send(variant.bytes);
  });
}
