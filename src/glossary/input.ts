import { z } from 'zod';
import type { Db } from '../schema.ts';
import { positiveId, requiredText, textField } from '../http/schemas.ts';
import { editionLanguageCodes, type EditionLanguage } from '../views/i18n/languages.ts';
import { getGlossaryTerm, type GlossaryTerm } from './store.ts';

export const termMaxLength = 100;
export const expansionMaxLength = 300;
export const definitionMaxLength = 4000;

/**
 * Words too common to be a glossary term: each would be marked in nearly every article. A term in
 * capitals (AND, IT) is an acronym and matches only in capitals, so it may be one of these.
 */
const everydayWords = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'but',
  'by',
  'for',
  'from',
  'has',
  'have',
  'he',
  'her',
  'his',
  'i',
  'in',
  'is',
  'it',
  'its',
  'not',
  'of',
  'on',
  'or',
  'she',
  'that',
  'the',
  'their',
  'they',
  'this',
  'to',
  'was',
  'we',
  'were',
  'which',
  'will',
  'with',
  'you',
  // Russian: each would be marked, in some form, in nearly every Russian article.
  'без',
  'вы',
  'да',
  'для',
  'до',
  'его',
  'ее',
  'её',
  'же',
  'за',
  'из',
  'или',
  'как',
  'мы',
  'на',
  'не',
  'но',
  'об',
  'он',
  'она',
  'они',
  'оно',
  'от',
  'по',
  'при',
  'со',
  'так',
  'то',
  'что',
  'это',
]);
const isEverydayWord = (s: string) => s !== s.toUpperCase() && everydayWords.has(s.toLowerCase());

/** A term is found in text from its first word, so it must start with a letter or digit. */
const term = requiredText(termMaxLength)
  .refine((s) => /^[\p{L}\p{N}]/u.test(s), 'must start with a letter or digit')
  .refine((s) => [...s].length >= 2, 'must be at least two characters long')
  .refine((s) => !isEverydayWord(s), 'is an everyday word that would be marked in nearly every article');

/** A language Rostrum has an edition in; the command holds it to the site's own languages. */
const language = z.enum(editionLanguageCodes as [EditionLanguage, ...EditionLanguage[]], {
  errorMap: () => ({ message: `is not a language Rostrum has an edition in: ${editionLanguageCodes.join(', ')}` }),
});

/** The rules for a term, the same for the API and the office's form. */
export const termFields = {
  term,
  expansion: requiredText(expansionMaxLength),
  definition: textField(definitionMaxLength).transform((s) => s.trim()),
  /** The language of the articles it is marked in; the site's default when not given. */
  language,
};

export const createTermSchema = z.object({ ...termFields, definition: termFields.definition.default(''), language: language.optional() }).strict();
export const updateTermSchema = z.object(termFields).partial().strict();
/** A term as the office's form sends it: every field (the language only where the site has several). */
export const wholeTermSchema = z.object({ ...termFields, language: language.optional() }).strict();

export type TermInput = z.input<typeof createTermSchema>;
export type TermChanges = z.input<typeof updateTermSchema>;

const idParams = z.object({ id: positiveId });

/** The id an address names (`/…/:id`); a malformed one names no term (0), which the commands find unknown. */
export function termIdOfParams(params: unknown): number {
  const parsed = idParams.safeParse(params);
  return parsed.success ? parsed.data.id : 0;
}

/** The term an address names (`/…/:id`); undefined for an id that is malformed or unknown alike. */
export async function termOfParams(handle: Db, params: unknown): Promise<GlossaryTerm | undefined> {
  const id = termIdOfParams(params);
  return id ? getGlossaryTerm(handle, id) : undefined;
}
