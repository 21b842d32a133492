import type { CommandContext } from '../audit/command.ts';
import type { Progress } from './load.ts';
import { getSiteSettings } from '../site/store.ts';
import { updateSiteSettings } from '../site/commands.ts';
import { getExpertBySlug } from '../experts/store.ts';
import { updateExpert } from '../experts/commands.ts';
import { getTagBySlug } from '../tags/store.ts';
import { updateTag } from '../tags/commands.ts';
import { findArticleId, getArticleById, tagIdsByArticle } from '../articles/store.ts';
import { createArticle, setArticlePoll } from '../articles/commands.ts';
import { translationsOf } from '../articles/translations.ts';
import { updatePortal } from '../portals/commands.ts';
import { listGlossaryTerms } from '../glossary/store.ts';
import { createTerm } from '../glossary/commands.ts';
import { uploadImage } from '../media/commands.ts';
import type { Actor } from '../core/actor.ts';
import { demoArticleTranslations, demoExpertsRussian, demoGlossaryRussian, demoPollsRussian, demoPortalsRussian, demoSiteRussian, demoTagsRussian, type DemoArticleRef } from './content-ru.ts';
import { demoArticles } from './content.ts';
import type { DemoPoll } from './polls.ts';

/** What the English load made and the Russian edition builds on, by the English demo's keys. */
export interface EnglishDemo {
  articleIds: Map<string, number>;
  loadPoll(poll: DemoPoll & { language?: string }): Promise<number>;
}

const keyOf = (ref: DemoArticleRef) => `${ref.expert}/${ref.slug}`;

/** Steps the Russian edition adds to the demo's progress bar: one per translated article. */
export const russianDemoSteps = () => demoArticleTranslations.length;

/**
 * The demo institution's Russian edition, beside the English one: the site's languages and Russian
 * texts, experts' and topics' names, the translated articles (each linked to its original, with a hero of
 * its own so that its Russian alt text and credit are its own), the Russian polls with their votes, and
 * the Russian glossary. Idempotent like the rest of the demo: what exists is kept.
 */
export async function loadRussianEdition(ctx: CommandContext, actor: Actor, english: EnglishDemo, progress: Progress): Promise<void> {
  const { makeHeroImage } = await import('./images.ts');
  const settings = await getSiteSettings(ctx.handle);
  if (!settings.languages.includes('ru')) {
    await updateSiteSettings(ctx, actor, { languages: [...settings.languages, 'ru'], translations: { ru: demoSiteRussian } });
  }
  for (const [slug, texts] of Object.entries(demoExpertsRussian)) {
    const expert = await getExpertBySlug(ctx.handle, slug);
    if (expert) await updateExpert(ctx, actor, { slug }, { translations: { ru: { name: texts.name, title: texts.position, affiliation: texts.affiliation, bio: texts.bio } } });
  }
  for (const [slug, name] of Object.entries(demoTagsRussian)) {
    const tag = await getTagBySlug(ctx.handle, slug);
    if (tag) await updateTag(ctx, actor, tag.id, { translations: { ru: { name } } });
  }
  const russianIds = new Map<string, number>();
  for (const translation of demoArticleTranslations) {
    const originalId = english.articleIds.get(keyOf(translation.of));
    const original = originalId === undefined ? undefined : await getArticleById(ctx.handle, originalId);
    if (!original) continue;
    const existing = (await translationsOf(ctx.handle, original)).find((t) => t.language === 'ru');
    let id = existing?.id ?? (translation.slug ? await findArticleId(ctx.handle, original.expertId, translation.slug) : undefined);
    if (id === undefined) {
      // The original's picture, encoded apart (images are kept once per content): its alt text and credit are Russian.
      const source = demoArticles.find((a) => keyOf(a) === keyOf(translation.of))!;
      const file = await makeHeroImage(source.image.seed, source.title, 83);
      const image = await uploadImage(ctx, actor, { file, description: { alt: translation.imageAlt, credit: translation.imageCredit, credit_url: source.image.creditUrl ?? '' } });
      const { article } = await createArticle(ctx, actor, {
        changes: {
          expertId: original.expertId,
          slug: translation.slug,
          title: translation.title,
          lead: translation.lead,
          bodyMarkdown: translation.body,
          heroMediaId: image.id,
          language: 'ru',
          translationOf: original.id,
          // A translation appears a day after its original, as a translator's would.
          publishedAt: new Date(Date.parse(original.publishedAt ?? original.createdAt) + 86_400_000).toISOString(),
          featured: original.featured === 1,
          tagIds: (await tagIdsByArticle(ctx.handle, [original.id])).get(original.id) ?? [],
        },
        status: 'published',
      });
      id = article.id;
    }
    russianIds.set(keyOf(translation.of), id);
    progress.tick();
  }
  for (const [slug, portal] of Object.entries(demoPortalsRussian)) {
    await updatePortal(ctx, actor, slug, { translations: { ru: { title: portal.title, intro: portal.intro } } });
  }
  for (const poll of demoPollsRussian) {
    const pollId = await english.loadPoll({ ...poll, language: 'ru' });
    const articleId = poll.article && russianIds.get(keyOf(poll.article));
    if (articleId !== undefined) await setArticlePoll(ctx, actor, { articleId, pollId });
  }
  const terms = new Set((await listGlossaryTerms(ctx.handle)).map((g) => `${g.language}:${g.termKey}`));
  for (const { forms: _forms, ...term } of demoGlossaryRussian) {
    if (!terms.has(`ru:${term.term.toLowerCase()}`)) await createTerm(ctx, actor, { ...term, language: 'ru' });
  }
}
