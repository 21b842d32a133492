import type { Insertable } from 'kysely';
import type { Db } from '../src/schema.ts';
import type { ArticlesTable } from '../src/articles/tables.ts';
import { renderMarkdown } from '../src/views/markdown.ts';
import { articlePath } from '../src/articles/paths.ts';
import { expertPath } from '../src/experts/present.ts';
import { createExpert } from '../src/experts/store.ts';
import { saveImage } from '../src/media/store.ts';
import { createTag } from '../src/tags/store.ts';
import { createPoll } from '../src/polls/store.ts';
import { saveSiteSettings } from '../src/site/store.ts';
import { slugify } from '../src/db/slug.ts';
import { makeHeroImage, makePortrait } from '../src/demo/images.ts';
import { progressBar } from '../src/cli/progress.ts';
import type { TagKind } from '../src/tags/tables.ts';
import { TextGenerator } from './text.ts';

// A few images shared by every article and expert: the image pipeline (AVIF, WebP, JPEG at four widths)
// costs seconds per image, and a page's cost depends on there being an image, not on which one.
const HERO_IMAGES = 10;
const PORTRAITS = 4;
// Bodies are generated and rendered this many times, then reused round-robin: renderMarkdown is the
// slow part of writing, and the read path never runs it.
const DISTINCT_BODIES = 64;
// Reader polls, one per this many articles, and at least enough that /polls fills its first page at any
// size (so that the growth part compares full pages): a site that publishes more asks more.
const ARTICLES_PER_POLL = 1000;
const MIN_POLLS = 30;
// Rows per INSERT: 13 columns each keeps a batch well under SQLite's limit on bound parameters.
const ARTICLE_BATCH = 500;

const tags: Array<{ name: string; kind: TagKind }> = [
  ...['Energy', 'Trade', 'Security', 'Climate', 'Migration', 'Technology', 'Finance', 'Health', 'Democracy', 'Cyber', 'Food', 'Defence'].map((name) => ({ name, kind: 'topic' as const })),
  ...['Europe', 'Asia', 'Middle East', 'Africa', 'Latin America', 'Arctic'].map((name) => ({ name, kind: 'region' as const })),
  ...['China', 'India', 'Brazil', 'Turkey', 'Germany', 'Japan', 'Nigeria', 'Ukraine'].map((name) => ({ name, kind: 'country' as const })),
];

// Made-up place names, 4,096 of them, drawn so that a few are common and most are rare (as real places
// are in analysis): the generator's vocabulary is small, and search needs words that few articles hold.
const syllables = ['ka', 'lo', 'mir', 'ven', 'dra', 'sol', 'tan', 'bor', 'eli', 'gra', 'nus', 'vel', 'orm', 'ith', 'qua', 'zen'];
export const placeCount = syllables.length ** 3;

/** The place name numbered i (0 to placeCount - 1); low numbers are the common ones. */
export function placeName(i: number): string {
  const name = syllables[i % 16]! + syllables[Math.floor(i / 16) % 16]! + syllables[Math.floor(i / 256) % 16]!;
  return name[0]!.toUpperCase() + name.slice(1);
}

/** A sentence naming two places, the second one rarer; appended to each article so that bodies differ. */
function placeSentence(text: TextGenerator): string {
  // Log-uniform: place 0 is in about one article in seven, place 4,000 in a handful.
  const logUniform = Math.floor(placeCount ** (text.int(0, 1000) / 1000)) - 1;
  return `Observers in ${placeName(logUniform)} and ${placeName(text.int(0, placeCount - 1))} watch this closely.`;
}

export interface Corpus {
  /** Every article's path, newest first. */
  articlePaths: string[];
  expertPaths: string[];
}

export interface CorpusSize {
  articles: number;
  experts: number;
}

/** Fills a freshly migrated database with a think tank's worth of published analysis. */
export async function buildCorpus(handle: Db, size: CorpusSize): Promise<Corpus> {
  const text = new TextGenerator(20_260_101);
  const bar = progressBar('Building corpus', HERO_IMAGES + PORTRAITS + size.experts + size.articles);

  await saveSiteSettings(handle, { name: 'Meridian Institute', tagline: 'Benchmark corpus', description: 'Generated analysis for measuring Rostrum.' });
  const tagIds: number[] = [];
  for (const tag of tags) tagIds.push((await createTag(handle, tag)).id);

  const heroIds = await saveImages(
    HERO_IMAGES,
    (i) => makeHeroImage(i + 1, text.title()),
    handle,
    'Illustration',
    () => bar.tick(),
  );
  const portraitIds = await saveImages(
    PORTRAITS,
    (i) => makePortrait(i + 1, text.personName()),
    handle,
    'Portrait',
    () => bar.tick(),
  );

  const experts: Array<{ id: number; slug: string }> = [];
  for (let i = 0; i < size.experts; i++) {
    // The index keeps names (and so slugs) unique without the store's slug probing.
    const name = `${text.personName()} ${i + 1}`;
    const expert = await createExpert(handle, {
      name,
      slug: slugify(name),
      ...text.position(),
      bio: text.paragraph(3),
      photoMediaId: portraitIds[i % portraitIds.length]!,
    });
    experts.push({ id: expert.id, slug: expert.slug });
    bar.tick();
  }

  const bodies = Array.from({ length: DISTINCT_BODIES }, () => {
    const markdown = text.articleBody(800);
    return { markdown, html: renderMarkdown(markdown) };
  });

  const articlePaths = await insertArticles(handle, size.articles, { text, experts, bodies, heroIds, tagIds }, () => bar.tick());
  await insertPolls(handle, Math.max(MIN_POLLS, Math.floor(size.articles / ARTICLES_PER_POLL)), text);
  bar.stop();
  return { articlePaths, expertPaths: experts.map((e) => expertPath(e.slug)) };
}

async function saveImages(count: number, make: (i: number) => Promise<Buffer>, handle: Db, alt: string, tick: () => void): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const media = await saveImage(handle, await make(i), { alt: `${alt} ${i + 1}`, credit: 'Rostrum benchmark', creditUrl: '' });
    ids.push(media.id);
    tick();
  }
  return ids;
}

interface ArticleMaterial {
  text: TextGenerator;
  experts: Array<{ id: number; slug: string }>;
  bodies: Array<{ markdown: string; html: string }>;
  heroIds: number[];
  tagIds: number[];
}

/**
 * Inserts the articles and their tags in one transaction, in batches, with ids chosen here (the database
 * is fresh) so that tag rows need no round trip for the generated ids. Returns the paths, newest first.
 */
async function insertArticles(handle: Db, count: number, m: ArticleMaterial, tick: () => void): Promise<string[]> {
  const paths: string[] = [];
  const slugsByExpert = new Map<number, Set<string>>();
  const now = Date.now();
  // Spread over five years, newest first, so that listings page through real history.
  const spacingMs = (5 * 365 * 24 * 3600 * 1000) / count;

  await handle.db.transaction().execute(async (trx) => {
    for (let start = 0; start < count; start += ARTICLE_BATCH) {
      const rows: Array<Insertable<ArticlesTable>> = [];
      const tagRows: Array<{ articleId: number; tagId: number }> = [];
      for (let i = start; i < Math.min(count, start + ARTICLE_BATCH); i++) {
        const id = i + 1;
        const expert = m.experts[i % m.experts.length]!;
        const title = m.text.title();
        const slug = uniqueIn(slugsByExpert, expert.id, slugify(title));
        const shared = m.bodies[i % m.bodies.length]!;
        const own = placeSentence(m.text);
        const body = { markdown: `${shared.markdown}\n\n${own}\n`, html: `${shared.html}<p>${own}</p>\n` };
        const publishedAt = new Date(now - 3600_000 - i * spacingMs - m.text.int(0, Math.floor(spacingMs / 2))).toISOString();
        rows.push({
          id,
          expertId: expert.id,
          slug,
          title,
          lead: m.text.paragraph(2),
          bodyMarkdown: body.markdown,
          bodyHtml: body.html,
          heroMediaId: m.heroIds[i % m.heroIds.length]!,
          status: 'published',
          language: 'en',
          featured: i === 0 ? 1 : 0,
          publishedAt,
          createdAt: publishedAt,
          updatedAt: publishedAt,
        });
        for (const tagId of m.text.sample(m.tagIds, m.text.int(3, 5))) tagRows.push({ articleId: id, tagId });
        paths.push(articlePath(expert.slug, slug));
      }
      await trx.insertInto('articles').values(rows).execute();
      await trx.insertInto('articleTags').values(tagRows).execute();
      for (let k = 0; k < rows.length; k++) tick();
    }
  });
  return paths;
}

/** Polls for /polls: two open, the rest closed at dates spread over the corpus's five years, newest first. */
async function insertPolls(handle: Db, count: number, text: TextGenerator): Promise<void> {
  const spacingMs = (5 * 365 * 24 * 3600 * 1000) / count;
  for (let i = 0; i < count; i++) {
    const open = i < 2;
    await createPoll(handle, {
      question: `${text.title()}?`,
      options: ['Yes', 'No', 'Too early to say'],
      status: open ? 'open' : 'closed',
      closesAt: open ? null : new Date(Date.now() - 86_400_000 - i * spacingMs).toISOString(),
    });
  }
}

/** The slug, or slug-2, slug-3 ... when this expert already has it; kept in memory, as the database is ours alone. */
function uniqueIn(taken: Map<number, Set<string>>, expertId: number, base: string): string {
  const slugs = taken.get(expertId) ?? new Set<string>();
  taken.set(expertId, slugs);
  let slug = base;
  for (let n = 2; slugs.has(slug); n++) slug = `${base}-${n}`;
  slugs.add(slug);
  return slug;
}
