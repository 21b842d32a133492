/**
 * The message catalogues: one folder per language, one file per area of the site, in ICU MessageFormat
 * (plurals as `{count, plural, one {# vote} other {# votes}}`). English is the reference: every other
 * language must give every message (the compiler checks the keys, catalogues.test.ts the arguments).
 */
import type { EditionLanguage } from '../languages.ts';
import * as en from './en/index.ts';
import * as ru from './ru/index.ts';

const merge = <T extends Record<string, object>>(areas: T) => Object.assign({}, ...Object.values(areas)) as UnionToIntersection<T[keyof T]>;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

const english = merge(en);
export type MessageKey = keyof typeof english;

export const catalogues: Record<EditionLanguage, Record<MessageKey, string>> = {
  en: english,
  ru: merge(ru) satisfies Record<MessageKey, string>,
};
