import type { Db } from '../schema.ts';
import { englishLocale, type Locale } from '../views/i18n/locale.ts';
import { getMediaByIds, pictureView } from '../media/store.ts';
import type { ExpertView } from './views.tsx';
import type { Expert } from './store.ts';
import { parseProfileLinks } from './links.ts';

export const expertPath = (expertSlug: string) => `/blogs/${expertSlug}`;

/** "Amara Okafor's Blog": what the reference page calls an expert's blog, in the page's language. */
export const blogTitle = (expertName: string, locale: Locale = englishLocale) => locale.t('expert.blogTitle', { name: expertName });

/** "Senior Fellow, Energy Programme, Wrenfield Institute": position and affiliation as one line. */
export function expertTitleLine(expert: { position: string; affiliation: string }): string {
  return [expert.position, expert.affiliation].filter(Boolean).join(', ');
}

/** Experts as the views show them, portraits included, in one media query. */
export async function presentExperts(handle: Db, experts: Expert[], locale: Locale = englishLocale): Promise<ExpertView[]> {
  const media = await getMediaByIds(
    handle,
    experts.flatMap((e) => (e.photoMediaId ? [e.photoMediaId] : [])),
  );
  return experts.map((e) => {
    const photo = e.photoMediaId ? media.get(e.photoMediaId) : undefined;
    return {
      slug: e.slug,
      name: e.name,
      titleLine: expertTitleLine(e),
      bio: e.bio,
      url: locale.path(expertPath(e.slug)),
      links: parseProfileLinks(e.sameAs),
      photo: photo ? { ...pictureView(photo, { fallbackWidth: 480, maxWidth: 480 }), alt: locale.t('expert.portrait', { name: e.name }) } : undefined,
    };
  });
}

export function expertJson(e: Expert, publicUrl: string) {
  return {
    id: e.id,
    slug: e.slug,
    name: e.name,
    title: e.position,
    affiliation: e.affiliation,
    bio: e.bio,
    photo: e.photoMediaId,
    same_as: parseProfileLinks(e.sameAs),
    url: publicUrl + expertPath(e.slug),
    created_at: e.createdAt,
  };
}
