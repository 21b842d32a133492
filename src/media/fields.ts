import { z } from 'zod';
import { httpUrl, textField } from '../http/schemas.ts';

/** The largest image file accepted, by the API and by every office form that takes one. */
export const maxUploadBytes = 20 * 1024 * 1024;

/** An image's alt text and credit: the rules every form and API that describes an image uses. */
export const mediaDescriptionFields = {
  alt: textField(500),
  credit: textField(300),
  credit_url: z.union([httpUrl, z.literal('')]),
};
