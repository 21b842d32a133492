import { expertPath } from '../experts/present.ts';

/**
 * An article's address: under its edition's prefix when it is written in a language that has an edition
 * besides the default one (`/ru/blogs/…`). A slug chosen by hand may be in Cyrillic: it is percent-encoded.
 */
export const articlePath = (expertSlug: string, articleSlug: string, editionPrefix = '') => `${editionPrefix}${expertPath(expertSlug)}/${encodeURIComponent(articleSlug)}`;
