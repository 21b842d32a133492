import { z } from 'zod';
import { positiveId, requiredText, textField } from '../http/schemas.ts';
import { editionLanguageCodes, type EditionLanguage } from '../views/i18n/languages.ts';

/**
 * The rules a portal is held to. The API (src/portals/routes.tsx) and the editorial office
 * (src/portals/admin.tsx) both build their schemas from these. The lengths also size the office's boxes.
 */

export const portalTitleMaxLength = 200;
export const portalIntroMaxLength = 20_000;
/** How many articles a portal's curated list may hold. */
export const maxCuratedArticles = 50;

export const portalTitleField = requiredText(portalTitleMaxLength);
export const portalIntroField = textField(portalIntroMaxLength);
export const curatedArticlesField = z.array(positiveId).max(maxCuratedArticles);

const translationLanguage = z.enum(editionLanguageCodes as [EditionLanguage, ...EditionLanguage[]], {
  errorMap: () => ({ message: `is not a language Rostrum has an edition in: ${editionLanguageCodes.join(', ')}` }),
});
/** `{ ru: { title, intro } }`: the portal's words in other languages; an empty one falls back to the default language's. */
export const portalTranslationsField = z.record(
  translationLanguage,
  z
    .object({ title: textField(portalTitleMaxLength).transform((s) => s.trim()), intro: portalIntroField })
    .partial()
    .strict(),
);
