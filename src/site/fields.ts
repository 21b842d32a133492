import { z } from 'zod';
import { requiredText, textField } from '../http/schemas.ts';
import { editionLanguageCodes, isEditionLanguage, type EditionLanguage } from '../views/i18n/languages.ts';
import { brandColorPattern } from './brand-color.ts';
import { isTimeZone } from '../views/time-zone.ts';

/**
 * The rules the site settings are held to. The API (src/site/routes.tsx) takes any of them, the office
 * form (src/site/admin.tsx) all of them; both build their schemas from these. The lengths also size the
 * office's input boxes.
 */

export const siteSettingsMaxLengths = { name: 120, tagline: 200, description: 1000 } as const;

export const brandColorField = z.string().regex(brandColorPattern, 'must be a colour such as #8a1c2b');

const languageCode = z.enum(editionLanguageCodes as [EditionLanguage, ...EditionLanguage[]], {
  errorMap: () => ({ message: `must be one of the languages Rostrum speaks: ${editionLanguageCodes.join(', ')}` }),
});

/** The site's editions, the default first; each language once. Problems are the list's, so that a form shows them by its one field. */
export const languagesField = z
  .array(z.string().max(20), { invalid_type_error: 'must be a list of language codes' })
  .min(1, 'must name at least one language')
  .superRefine((codes, ctx) => {
    const unknown = codes.find((code) => !isEditionLanguage(code));
    if (unknown !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be one of the languages Rostrum speaks: ${editionLanguageCodes.join(', ')}` });
    else if (new Set(codes).size !== codes.length) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must name each language once' });
  })
  .transform((codes) => codes as EditionLanguage[]);

/** The site's texts in another edition's language; an empty one falls back to the default language's. */
const translatedTexts = z
  .object({ name: textField(siteSettingsMaxLengths.name), tagline: textField(siteSettingsMaxLengths.tagline), description: textField(siteSettingsMaxLengths.description) })
  .partial()
  .strict();

/** An IANA zone name as spelled in the list (Europe/Berlin), or UTC. */
export const timeZoneField = z
  .string({ invalid_type_error: 'must be a time zone name, such as Europe/Berlin' })
  .max(64, 'must be a time zone name, such as Europe/Berlin')
  .refine(isTimeZone, 'must be a time zone name from the list, such as Europe/Berlin or UTC');

export const siteSettingsFields = {
  name: requiredText(siteSettingsMaxLengths.name),
  tagline: textField(siteSettingsMaxLengths.tagline),
  description: textField(siteSettingsMaxLengths.description),
  brand_color: brandColorField,
  languages: languagesField,
  translations: z.record(languageCode, translatedTexts),
  time_zone: timeZoneField,
};
