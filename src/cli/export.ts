import type { Db } from '../schema.ts';
import { getSiteSettings } from '../site/store.ts';
import { listAllExperts } from '../experts/store.ts';
import { listAllMediaForExport } from '../media/store.ts';
import { listTags } from '../tags/store.ts';
import { listAllArticlesForExport, tagIdsByArticle } from '../articles/store.ts';
import { listAllPortalsForExport } from '../portals/store.ts';

/** The whole site as one JSON document, images included as base64, written piece by piece to keep memory flat. */
export async function exportSite(handle: Db, write: (chunk: string) => void, tick: () => void): Promise<void> {
  const settings = await getSiteSettings(handle);
  const experts = await listAllExperts(handle);
  const tags = await listTags(handle);
  const articles = await listAllArticlesForExport(handle);
  const tagIds = await tagIdsByArticle(handle, articles.map((a) => a.id));
  const tagSlug = new Map(tags.map((t) => [t.id, t.slug]));
  const expertSlug = new Map(experts.map((e) => [e.id, e.slug]));
  const portals = await listAllPortalsForExport(handle);
  write(`{"format":"rostrum-export","version":1,"exported_at":${JSON.stringify(new Date().toISOString())}`);
  write(`,"settings":${JSON.stringify(settings)}`);
  write(`,"tags":${JSON.stringify(tags.map(({ slug, name, kind }) => ({ slug, name, kind })))}`);
  write(`,"experts":${JSON.stringify(experts.map((e) => ({ slug: e.slug, name: e.name, position: e.position, affiliation: e.affiliation, bio: e.bio, photo: e.photoMediaId })))}`);
  write(',"media":[');
  const media = await listAllMediaForExport(handle);
  media.forEach((m, i) => {
    const { original, ...rest } = m;
    write((i ? ',' : '') + JSON.stringify({ ...rest, original_base64: Buffer.from(original).toString('base64') }));
    tick();
  });
  write('],"articles":[');
  articles.forEach((a, i) => {
    write((i ? ',' : '') + JSON.stringify({
      id: a.id, expert: expertSlug.get(a.expertId), slug: a.slug, title: a.title, lead: a.lead, body: a.bodyMarkdown, image: a.heroMediaId,
      status: a.status, language: a.language, featured: a.featured === 1, published_at: a.publishedAt, created_at: a.createdAt, updated_at: a.updatedAt,
      tags: (tagIds.get(a.id) ?? []).map((id) => tagSlug.get(id)),
    }));
    tick();
  });
  write(`],"portals":${JSON.stringify(portals.map((p) => ({ slug: p.slug, title: p.title, intro: p.introMarkdown, articles: p.articleIds })))}}\n`);
}

export async function exportSize(handle: Db): Promise<number> {
  return (await listAllMediaForExport(handle)).length + (await listAllArticlesForExport(handle)).length;
}
