import { z } from 'zod';
import { requiredText, textField } from '../http/schemas.ts';
import { editionLanguageCodes, type EditionLanguage } from '../views/i18n/languages.ts';
import { brandColorPattern } from './brand-color.ts';

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

/** The site's editions, the default first; each language once. */
export const languagesField = z
  .array(languageCode)
  .min(1, 'must name at least one language')
  .refine((codes) => new Set(codes).size === codes.length, 'must name each language once');

/** The site's texts in another edition's language; an empty one falls back to the default language's. */
const translatedTexts = z
  .object({ name: textField(siteSettingsMaxLengths.name), tagline: textField(siteSettingsMaxLengths.tagline), description: textField(siteSettingsMaxLengths.description) })
  .partial()
  .strict();

export const siteSettingsFields = {
  name: requiredText(siteSettingsMaxLengths.name),
  tagline: textField(siteSettingsMaxLengths.tagline),
  description: textField(siteSettingsMaxLengths.description),
  brand_color: brandColorField,
  languages: languagesField,
  translations: z.record(languageCode, translatedTexts),
};
