import type { Db } from '../schema.ts';
import { saveSiteSettings } from '../site/store.ts';
import { createExpert } from '../experts/store.ts';
import { saveImage } from '../media/store.ts';
import { createTag } from '../tags/store.ts';
import { createArticle, countArticles } from '../articles/store.ts';
import { savePortal } from '../portals/store.ts';
import { demoArticles, demoExperts, demoPortals, demoSite, demoTags } from './content.ts';

export interface Progress {
  tick(): void;
  stop(): void;
}

export const demoSteps = () => demoExperts.length + demoArticles.length + 1;

/** True while there is nothing to lose: no article has been written yet. */
export async function isEmptySite(handle: Db): Promise<boolean> {
  return (await countArticles(handle)) === 0;
}

/** Loads Rostrum's own demo institution: experts with portraits, articles with generated hero images, tags, portals. */
export async function loadDemoContent(handle: Db, progress: Progress): Promise<void> {
  const { makeHeroImage, makePortrait } = await import('./images.ts');
  await saveSiteSettings(handle, { name: demoSite.name, tagline: demoSite.tagline, description: demoSite.description, brandColor: demoSite.brandColor });
  const tagIds = new Map<string, number>();
  for (const t of demoTags) tagIds.set(t.slug, (await createTag(handle, t)).id);
  const expertIds = new Map<string, number>();
  for (const e of demoExperts) {
    const portrait = await saveImage(handle, await makePortrait(e.portraitSeed, e.name), { alt: `Portrait of ${e.name}`, credit: '', creditUrl: '' });
    const expert = await createExpert(handle, { slug: e.slug, name: e.name, position: e.position, affiliation: e.affiliation, bio: e.bio, photoMediaId: portrait.id });
    expertIds.set(e.slug, expert.id);
    progress.tick();
  }
  const articleIds = new Map<string, number>();
  for (const a of demoArticles) {
    const image = await saveImage(handle, await makeHeroImage(a.image.seed, a.title), { alt: a.image.alt, credit: a.image.credit, creditUrl: a.image.creditUrl ?? '' });
    const article = await createArticle(handle, {
      expertId: expertIds.get(a.expert)!,
      slug: a.slug,
      title: a.title,
      lead: a.lead,
      bodyMarkdown: a.body,
      heroMediaId: image.id,
      status: 'published',
      publishedAt: new Date(a.publishedAt).toISOString(),
      featured: a.featured,
      tagIds: a.tags.map((t) => tagIds.get(t)!),
    });
    articleIds.set(`${a.expert}/${a.slug}`, article.id);
    progress.tick();
  }
  for (const p of demoPortals) {
    await savePortal(handle, p.slug, { title: p.title, introMarkdown: p.intro, articleIds: p.featured.flatMap((key) => articleIds.get(key) ?? []) });
  }
  progress.tick();
  progress.stop();
}
