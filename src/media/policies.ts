import { isEditorial, type Actor } from '../core/actor.ts';
import type { ArticleStatus } from '../articles/tables.ts';

/** Where an image is shown: as the hero of these articles, and as the portrait of these experts. */
export interface MediaUsage {
  articles: Array<{ id: number; expertId: number; status: ArticleStatus }>;
  portraitOfExperts: number[];
}

/**
 * Who may change an image's alt text and credit. Images are stored once per content (the same bytes
 * uploaded again answer the stored image), so an id says nothing about who uploaded it. Editors and
 * admins describe any image; an author only one that serves nothing but their own expert's drafts:
 * no published or reviewed article, no other expert's article, no portrait, and at least one draft
 * of theirs (an image no article uses yet could be anyone's).
 */
function describe(actor: Actor, usage: MediaUsage): boolean {
  if (isEditorial(actor)) return true;
  if (actor.expertId === null || usage.portraitOfExperts.length > 0 || usage.articles.length === 0) return false;
  return usage.articles.every((a) => a.expertId === actor.expertId && a.status === 'draft');
}

/** The rules for images, shared by the media API and the office's article editor. */
export const mediaRules = { describe };

/** Why an author may not describe an image, for the form or the API's answer. */
export const describeRefusal = 'The image’s alt text and credit were kept: the image is shown elsewhere (on another blog, a public article or an expert’s portrait), so only editors may change them.';
