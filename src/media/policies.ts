import { isEditorial, type Actor } from '../core/actor.ts';
import { anyoneSignedIn, type PolicyTable } from '../core/policy.ts';
import type { ArticleStatus } from '../articles/tables.ts';

/** Where an image is shown: as the hero of these articles, and as the portrait of these experts. */
export interface MediaUsage {
  articles: Array<{ id: number; expertId: number; status: ArticleStatus }>;
  portraitOfExperts: number[];
}

/**
 * Images are stored once per content (the same bytes uploaded again answer the stored image), so an id
 * says nothing about who uploaded it. Editors and admins describe any image; an author only one that
 * serves nothing but their own expert's drafts: no published or reviewed article, no other expert's
 * article, no portrait, and at least one draft of theirs (an image no article uses yet could be anyone's).
 */
function describesOnlyOwnDrafts(actor: Actor, usage: MediaUsage): boolean {
  if (isEditorial(actor)) return true;
  if (actor.expertId === null || usage.portraitOfExperts.length > 0 || usage.articles.length === 0) return false;
  return usage.articles.every((a) => a.expertId === actor.expertId && a.status === 'draft');
}

/** Whoever writes: editors and admins, and authors with a blog (their drafts take figures from the library). */
const writesArticles = (actor: Actor) => isEditorial(actor) || actor.expertId !== null;

/** The rules for images, shared by the media API and the office's article editor. */
export const mediaPermissions = {
  /** The media library (library-office.tsx): every stored image, to put in a body as a figure. */
  browse: { allow: writesArticles, refusal: 'Only editors, admins and authors with a blog may browse the media library' },
  /** Any signed-in person stores images: an upload changes nothing anyone sees until something shows it. */
  upload: { allow: anyoneSignedIn, refusal: 'You are not allowed to upload images' },
  describe: {
    allow: describesOnlyOwnDrafts,
    refusal: 'Only editors and admins may change this image’s description: authors describe only images that nothing but their own drafts show',
  },
  /** Taking back an image this same request stored, when what it came with was refused. */
  discardUpload: { allow: anyoneSignedIn, refusal: 'You are not allowed to remove images' },
} satisfies PolicyTable;
