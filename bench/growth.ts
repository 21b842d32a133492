// The growth part: is a page's cost independent of the archive's size? Two SQLite corpora (10,000 and
// 100,000 articles unless BENCH_GROWTH_SIZES says otherwise) are built, an app is opened on each in this
// process with the page cache off, and every kind of public page is rendered from each, alternately,
// one request at a time: the ratio of the median CPU times (larger corpus over smaller) is the growth.
// Alternating keeps the two sides of each ratio under the same load on a shared machine.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.tsx';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { composeCapabilities } from '../src/compose.ts';
import { migrations, type Database, type Db } from '../src/schema.ts';
import { encodeCursor } from '../src/core/cursor.ts';
import { regionBySlug } from '../src/places/regions.ts';
import { regionAnalysisTagSlugs } from '../src/places/tags.ts';
import { buildCorpus, type Corpus } from './corpus.ts';
import type { BenchOptions } from './options.ts';
import { percentile } from './load.ts';

export interface GrowthRow {
  /** The page kind: "front page", "tag page (deep cursor)", … */
  page: string;
  /** An example of the paths rendered, from the smaller corpus. */
  example: string;
  /**
   * Median CPU time of this process per render, per corpus size in the order of `sizes`: SQLite runs
   * on this thread, so it counts the queries too, and it is far steadier than wall time on a shared machine.
   */
  medianCpuMs: number[];
  /** Median wall time per render, per corpus size. */
  medianMs: number[];
  /** Largest corpus's median CPU time over the smallest's. */
  ratio: number;
}

export interface GrowthReport {
  sizes: number[];
  samples: number;
  /** Seconds to build each corpus. */
  corpusSeconds: number[];
  rows: GrowthRow[];
}

const log = (message: string) => process.stderr.write(message + '\n');

/** A page kind: its name and the paths to render on a given corpus (rendered round-robin). */
interface PageKind {
  name: string;
  paths: string[];
}

/** Where the interesting pages of one corpus are: an expert with many articles, a common topic, a region, a country. */
interface Site {
  size: number;
  app: FastifyInstance;
  handle: Db;
  kinds: PageKind[];
}

const topicSlug = 'energy';
const regionSlug = 'middle-east';
const countryCode = 'cn';
const countryTagSlug = 'china';

export async function measureGrowth(options: BenchOptions, tempDir: string): Promise<GrowthReport> {
  const sites: Site[] = [];
  const corpusSeconds: number[] = [];
  try {
    for (const size of options.growthSizes) {
      const dataDir = path.join(tempDir, `growth-${size}`);
      const started = performance.now();
      const corpus = await prepare(dataDir, size, options.experts);
      corpusSeconds.push((performance.now() - started) / 1000);
      log(`Growth: ${size.toLocaleString('en-US')} articles built in ${corpusSeconds[corpusSeconds.length - 1]!.toFixed(1)} s`);
      sites.push(await openSite(dataDir, size, corpus));
    }
    await checkPages(sites);
    log(`Growth: rendering ${sites[0]!.kinds.length} page kinds, ${options.growthSamples} times each per corpus, alternating`);
    const rows = await renderAlternately(sites, options.growthSamples);
    return { sizes: options.growthSizes, samples: options.growthSamples, corpusSeconds, rows };
  } finally {
    for (const site of sites) {
      await site.app.close();
      await site.handle.close();
    }
  }
}

async function prepare(dataDir: string, size: number, experts: number): Promise<Corpus> {
  fs.mkdirSync(dataDir, { recursive: true });
  composeCapabilities();
  const handle = openDatabase<Database>({ kind: 'sqlite', url: path.join(dataDir, 'rostrum.db') });
  try {
    await migrateToLatest(handle, migrations);
    const corpus = await buildCorpus(handle, { articles: size, experts });
    // The planner's statistics, as a site that has run a while would have them (the server runs
    // "pragma optimize" on its own schedule); and the write-ahead log folded in.
    await sql`analyze`.execute(handle.db);
    await sql`pragma wal_checkpoint(truncate)`.execute(handle.db);
    return corpus;
  } finally {
    await handle.close();
  }
}

async function openSite(dataDir: string, size: number, corpus: Corpus): Promise<Site> {
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', ROSTRUM_PAGE_CACHE_SECONDS: '0', ROSTRUM_DEMO: '0', PORT: '0', ROSTRUM_LOG_LEVEL: 'warn' });
  const handle = openDatabase<Database>({ kind: 'sqlite', url: config.databaseUrl });
  const { app } = await buildApp(config, handle);
  return { size, app, handle, kinds: await pageKinds(handle, corpus) };
}

/** The cursor after `rowsDown` rows of a newest-first listing, or after half of it. */
async function cursorAt(handle: Db, rowsDown: number | 'half', filter: { expertId?: number; tagIds?: number[] } = {}): Promise<string> {
  let query = handle.db.selectFrom('articles').select(['articles.publishedAt', 'articles.id']).where('status', '=', 'published');
  if (filter.expertId !== undefined) query = query.where('expertId', '=', filter.expertId);
  if (filter.tagIds) {
    const tagIds = filter.tagIds;
    query = query.where('articles.id', 'in', (eb) => eb.selectFrom('articleTags').select('articleId').where('tagId', 'in', tagIds));
  }
  const total =
    rowsDown !== 'half'
      ? 0
      : Number(
          (
            await query
              .clearSelect()
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
  const row = await query
    .orderBy('publishedAt', 'desc')
    .orderBy('id', 'desc')
    .offset(Math.max(0, (rowsDown === 'half' ? Math.floor(total / 2) : rowsDown) - 1))
    .limit(1)
    .executeTakeFirstOrThrow();
  return encodeCursor({ key: row.publishedAt!, id: row.id });
}

async function tagIdsOf(handle: Db, slugs: string[]): Promise<number[]> {
  const rows = await handle.db.selectFrom('tags').select('id').where('slug', 'in', slugs).execute();
  return rows.map((r) => r.id);
}

/** The pages measured, with their cursors computed on this corpus: page 2 is 10 or 12 rows down, "deep" half-way. */
async function pageKinds(handle: Db, corpus: Corpus): Promise<PageKind[]> {
  const expertPath = corpus.expertPaths[0]!;
  const expertSlug = expertPath.split('/').pop()!;
  const expert = await handle.db.selectFrom('experts').select('id').where('slug', '=', expertSlug).executeTakeFirstOrThrow();
  const topic = await tagIdsOf(handle, [topicSlug]);
  // A region's page lists its own tag's articles and its countries' (Türkiye is in the Middle East).
  const region = await tagIdsOf(handle, regionAnalysisTagSlugs(regionBySlug(regionSlug)!));
  const country = await tagIdsOf(handle, [countryTagSlug]);
  const withCursor = (p: string, cursor: string) => `${p}?cursor=${cursor}`;
  const deep = {
    expert: await cursorAt(handle, 'half', { expertId: expert.id }),
    topic: await cursorAt(handle, 'half', { tagIds: topic }),
    region: await cursorAt(handle, 'half', { tagIds: region }),
    country: await cursorAt(handle, 'half', { tagIds: country }),
    all: await cursorAt(handle, 'half'),
  };
  const second = { expert: await cursorAt(handle, 10, { expertId: expert.id }) };
  // Articles spread evenly through the archive, a different one per render: the article page's cost
  // is mostly its related analysis, which depends on the article's tags and age.
  const articles = Array.from({ length: 64 }, (_, i) => corpus.articlePaths[Math.floor(((i + 0.5) * corpus.articlePaths.length) / 64)]!);
  const experts = corpus.expertPaths.slice(0, 16);
  return [
    { name: 'front page', paths: ['/'] },
    { name: 'blogs', paths: ['/blogs'] },
    { name: 'expert blog', paths: experts },
    { name: 'expert blog (page 2)', paths: [withCursor(expertPath, second.expert)] },
    { name: 'expert blog (deep cursor)', paths: [withCursor(expertPath, deep.expert)] },
    { name: 'tag page', paths: [`/tags/${topicSlug}`] },
    { name: 'tag page (deep cursor)', paths: [withCursor(`/tags/${topicSlug}`, deep.topic)] },
    { name: 'region page', paths: [`/regions/${regionSlug}`] },
    { name: 'region page (deep cursor)', paths: [withCursor(`/regions/${regionSlug}`, deep.region)] },
    { name: 'country page', paths: [`/countries/${countryCode}`] },
    { name: 'country page (deep cursor)', paths: [withCursor(`/countries/${countryCode}`, deep.country)] },
    { name: 'regions index', paths: ['/regions'] },
    { name: 'countries index', paths: ['/countries'] },
    { name: 'site feed (RSS)', paths: ['/feed.xml'] },
    { name: 'site feed (Atom)', paths: ['/atom.xml'] },
    { name: 'site feed (JSON)', paths: ['/feed.json'] },
    { name: 'expert feed (RSS)', paths: [`${expertPath}/feed.xml`] },
    { name: 'tag feed (RSS)', paths: [`/tags/${topicSlug}/feed.xml`] },
    { name: 'region feed (Atom)', paths: [`/regions/${regionSlug}/atom.xml`] },
    { name: 'country feed (JSON)', paths: [`/countries/${countryCode}/feed.json`] },
    { name: 'polls', paths: ['/polls'] },
    { name: 'sitemap.xml', paths: ['/sitemap.xml'] },
    { name: 'article page (related analysis)', paths: articles },
    { name: 'listing API', paths: ['/api/v1/public/articles?limit=10'] },
    { name: 'listing API (deep cursor)', paths: [`/api/v1/public/articles?limit=10&cursor=${deep.all}`] },
    { name: 'listing API, tag (deep cursor)', paths: [`/api/v1/public/articles?limit=10&tag=${topicSlug}&cursor=${deep.topic}`] },
    { name: 'tags API', paths: ['/api/v1/public/tags'] },
  ];
}

/** Every path once on every corpus: a page kind measuring 404s or redirects would look splendid. */
async function checkPages(sites: Site[]): Promise<void> {
  for (const site of sites) {
    for (const kind of site.kinds) {
      for (const url of kind.paths) {
        const response = await site.app.inject({ method: 'GET', url });
        if (response.statusCode !== 200) throw new Error(`Growth, ${site.size} articles: GET ${url} (${kind.name}) answered ${response.statusCode}`);
      }
    }
  }
}

async function renderAlternately(sites: Site[], samples: number): Promise<GrowthRow[]> {
  const rows: GrowthRow[] = [];
  const kindCount = sites[0]!.kinds.length;
  for (let k = 0; k < kindCount; k++) {
    const times: number[][] = sites.map(() => []);
    const cpuTimes: number[][] = sites.map(() => []);
    // A few untimed renders each first: the JIT and SQLite's page cache, for both corpora alike.
    for (let i = -3; i < samples; i++) {
      for (const [s, site] of sites.entries()) {
        const kind = site.kinds[k]!;
        const url = kind.paths[(i + 3) % kind.paths.length]!;
        const started = performance.now();
        const cpu = process.cpuUsage();
        await site.app.inject({ method: 'GET', url });
        const used = process.cpuUsage(cpu);
        if (i >= 0) {
          times[s]!.push(performance.now() - started);
          cpuTimes[s]!.push((used.user + used.system) / 1000);
        }
      }
    }
    const median = (t: number[]) =>
      percentile(
        t.sort((a, b) => a - b),
        0.5,
      );
    const medianCpuMs = cpuTimes.map(median);
    rows.push({
      page: sites[0]!.kinds[k]!.name,
      example: sites[0]!.kinds[k]!.paths[0]!,
      medianCpuMs,
      medianMs: times.map(median),
      ratio: medianCpuMs[medianCpuMs.length - 1]! / medianCpuMs[0]!,
    });
  }
  return rows;
}
