// The languages part: what a second language edition costs the article page. One SQLite corpus is built
// and copied; the copy is made bilingual in place (Russian added to the site's languages, every second
// article of each expert turned into the Russian translation of the one before it). Both sites are then
// measured side by side: the same cached English article (on the bilingual site it carries the language
// switcher, hreflang alternates and the "also in" link), first visits to the same articles at their
// addresses on each site, the same uncached renders in-process.
//
// On a shared machine the load drifts by more than the difference sought, so the two sites take turns:
// the load scenarios alternate between them (and run again in reverse order), each site's cached page is
// compared with its own bare node:http server sending its own bytes (the ratio of the two ratios cancels
// the drift), and the uncached renders alternate article by article, timed by this process's CPU time
// as well as by the clock, as the growth part does.
//
// First visits are sent as one pass over their articles, each requested once, rather than round-robin for
// a set time: with a few hundred articles, a round-robin's requests/s depends on whether the first pass
// ends before the time is up (after it every request is a cache hit, a hundred times cheaper), and on a
// busy machine that flips between runs and sites, whatever the pages cost.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import autocannon from 'autocannon';
import { buildApp } from '../src/app.tsx';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { composeCapabilities } from '../src/compose.ts';
import { migrations, type Database, type Db } from '../src/schema.ts';
import { ensureSearchIndex } from '../src/search/documents.ts';
import { saveSiteSettings } from '../src/site/store.ts';
import { articlePath } from '../src/articles/paths.ts';
import { buildCorpus, type Corpus } from './corpus.ts';
import type { BenchOptions } from './options.ts';
import { percentile, runLoad, type LoadResult, type LoadTarget } from './load.ts';
import { cpuSeconds, startBareServer, startRostrum, type ServerProcess } from './servers.ts';

/** One load measurement, with the answering process's CPU time per request over it. */
export interface LanguageLoad extends LoadResult {
  cpuUsPerRequest: number | undefined;
}

/** The uncached renders: every sampled article, and the two halves the bilingual site tells apart. */
export const languageRenderSets = ['all', 'stay English', 'become Russian'] as const;
export type LanguageRenderSet = (typeof languageRenderSets)[number];

export interface LanguageRenderTiming {
  samples: number;
  medianMs: number;
  p99Ms: number;
  /** Median CPU time of the bench process per render (SQLite runs on its thread, so queries count too). */
  medianCpuMs: number;
}

export interface LanguagePhase {
  /** The site's languages, the default first. */
  languages: string[];
  /** The cached article: English on both sites, with a Russian translation on the bilingual one. */
  articlePath: string;
  articlePageBytes: number;
  /** The bare server, measured first and last; ratios use the mean. */
  bare: LanguageLoad[];
  /** The cached article, measured twice (the second time in the reversed half of the run); ratios use the mean. */
  cached: LanguageLoad[];
  /** First visits: each article requested once, by `connections` at a time; requests/s is renders per second. */
  firstVisits: LanguageLoad;
  cachedRequestsPerSecond: number;
  cachedCpuUsPerRequest: number | undefined;
  /** Requests/s over the mean of this site's bare runs. */
  cachedRatioToBare: number;
  firstVisitsRatioToBare: number;
  renders: Record<LanguageRenderSet, LanguageRenderTiming>;
}

export interface LanguagesReport {
  articles: number;
  experts: number;
  /** Articles that became Russian translations on the bilingual site. */
  translations: number;
  /** Distinct articles each site is asked for once in the first-visits measurement. */
  firstVisitUrls: number;
  oneLanguage: LanguagePhase;
  twoLanguages: LanguagePhase;
  /** Two languages over one: the cached page's ratio to bare, and its CPU per request. */
  cachedRatio: number;
  cachedCpuRatio: number | undefined;
  /** Two languages over one: first visits' CPU per render in the server. */
  firstVisitCpuRatio: number | undefined;
  /** Two languages over one: the uncached render's median CPU time and median wall time. */
  uncachedCpuRatio: number;
  uncachedMedianRatio: number;
}

const log = (message: string) => process.stderr.write(message + '\n');

/** First visits: two passes of this many articles per site, and half as many again to warm up on. */
const FIRST_VISIT_URLS = 400;
/** A Russian word before each translation's title, so that the pages really carry Cyrillic. */
const RUSSIAN_TITLE_PREFIX = 'Анализ: ';

/** One of the two sites: its data, and where an article of the English-only corpus is found on it. */
interface Site {
  name: string;
  languages: string[];
  dataDir: string;
  addressOf: (englishPath: string) => string;
}

export async function measureLanguages(options: BenchOptions, tempDir: string): Promise<LanguagesReport> {
  const oneDir = path.join(tempDir, 'languages-one');
  const twoDir = path.join(tempDir, 'languages-two');
  fs.mkdirSync(oneDir, { recursive: true });
  const corpus = await prepare(oneDir, options);
  const plan = await planTranslations(oneDir, corpus);
  fs.cpSync(oneDir, twoDir, { recursive: true });
  await makeBilingual(twoDir, plan);

  const sites: [Site, Site] = [
    { name: 'one language', languages: ['en'], dataDir: oneDir, addressOf: (p) => p },
    { name: 'two languages', languages: ['en', 'ru'], dataDir: twoDir, addressOf: (p) => plan.russianPaths.get(p) ?? p },
  ];
  const firstVisits = firstVisitSets(corpus.articlePaths);
  const loads = await measureLoads(sites, tempDir, options, { cachedArticle: plan.cachedArticle, firstVisits, translationOfCached: plan.russianPaths.get(plan.partnerOfCached)! });

  const samples = renderSamples(corpus.articlePaths, options.renderSamples, plan.russianPaths);
  log(`Languages: timing ${samples.all.length} uncached renders per site in-process, alternating ...`);
  const renders = await renderAlternately(sites, samples);

  const [oneLanguage, twoLanguages] = sites.map((site, s) => phaseOf(site, loads[s]!, renders[s]!, plan.cachedArticle)) as [LanguagePhase, LanguagePhase];
  const over = (two: number | undefined, one: number | undefined) => (one !== undefined && two !== undefined && one > 0 ? two / one : undefined);
  return {
    articles: options.languageArticles,
    experts: options.languageExperts,
    translations: plan.russianPaths.size,
    firstVisitUrls: firstVisits.passes.reduce((n, pass) => n + pass.length, 0),
    oneLanguage,
    twoLanguages,
    cachedRatio: twoLanguages.cachedRatioToBare / oneLanguage.cachedRatioToBare,
    cachedCpuRatio: over(twoLanguages.cachedCpuUsPerRequest, oneLanguage.cachedCpuUsPerRequest),
    firstVisitCpuRatio: over(twoLanguages.firstVisits.cpuUsPerRequest, oneLanguage.firstVisits.cpuUsPerRequest),
    uncachedCpuRatio: twoLanguages.renders.all.medianCpuMs / oneLanguage.renders.all.medianCpuMs,
    uncachedMedianRatio: twoLanguages.renders.all.medianMs / oneLanguage.renders.all.medianMs,
  };
}

function phaseOf(site: Site, loads: SiteLoads, renders: Record<LanguageRenderSet, LanguageRenderTiming>, cachedArticle: string): LanguagePhase {
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const bareRate = mean(loads.bare.map((b) => b.requestsPerSecond));
  const cachedRate = mean(loads.cached.map((c) => c.requestsPerSecond));
  const cpu = loads.cached.map((c) => c.cpuUsPerRequest);
  return {
    languages: site.languages,
    articlePath: site.addressOf(cachedArticle),
    articlePageBytes: loads.pageBytes,
    bare: loads.bare,
    cached: loads.cached,
    firstVisits: loads.firstVisits,
    cachedRequestsPerSecond: cachedRate,
    cachedCpuUsPerRequest: cpu.every((v) => v !== undefined) ? mean(cpu) : undefined,
    cachedRatioToBare: cachedRate / bareRate,
    firstVisitsRatioToBare: loads.firstVisits.requestsPerSecond / bareRate,
    renders,
  };
}

/** A fresh SQLite database, migrated and filled, as the pages part makes its own; closed before anything copies or serves it. */
async function prepare(dataDir: string, options: BenchOptions): Promise<Corpus> {
  composeCapabilities();
  const handle = openDatabase<Database>({ kind: 'sqlite', url: path.join(dataDir, 'rostrum.db') });
  try {
    await migrateToLatest(handle, migrations);
    const started = performance.now();
    const corpus = await buildCorpus(handle, { articles: options.languageArticles, experts: options.languageExperts });
    await ensureSearchIndex(handle);
    await foldIn(handle);
    log(`Languages: corpus built and indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return corpus;
  } finally {
    await handle.close();
  }
}

/** The planner's statistics, as a site that has run a while would have them, and the write-ahead log folded into the file. */
async function foldIn(handle: Db): Promise<void> {
  await sql`analyze`.execute(handle.db);
  await sql`pragma wal_checkpoint(truncate)`.execute(handle.db);
}

interface TranslationPlan {
  /** [English id, Russian id] per pair: the Russian one becomes the English one's translation. */
  pairs: Array<[number, number]>;
  /** The English-only address of each article that becomes Russian, and its address under /ru/ once it has. */
  russianPaths: Map<string, string>;
  /** An English article from the middle of the archive whose neighbour becomes its translation. */
  cachedArticle: string;
  partnerOfCached: string;
}

/**
 * Which articles become translations: each expert's articles, newest first, in twos, the second of each
 * two the Russian version of the first (a translation is usually its author's own, published near it).
 * Read from the database rather than assumed from the corpus's ids.
 */
async function planTranslations(dataDir: string, corpus: Corpus): Promise<TranslationPlan> {
  const handle = openDatabase<Database>({ kind: 'sqlite', url: path.join(dataDir, 'rostrum.db') });
  try {
    const rows = await handle.db
      .selectFrom('articles')
      .innerJoin('experts', 'experts.id', 'articles.expertId')
      .select(['articles.id', 'articles.slug', 'articles.expertId', 'experts.slug as expertSlug'])
      .where('articles.status', '=', 'published')
      .orderBy('articles.expertId')
      .orderBy('articles.publishedAt', 'desc')
      .orderBy('articles.id', 'desc')
      .execute();
    const pairs: Array<[number, number]> = [];
    const russianPaths = new Map<string, string>();
    const partners = new Map<string, string>();
    for (let i = 0; i + 1 < rows.length; i++) {
      const english = rows[i]!;
      const russian = rows[i + 1]!;
      if (english.expertId !== russian.expertId) continue;
      const englishPath = articlePath(english.expertSlug, english.slug);
      const russianPath = articlePath(russian.expertSlug, russian.slug);
      pairs.push([english.id, russian.id]);
      russianPaths.set(russianPath, articlePath(russian.expertSlug, russian.slug, '/ru'));
      partners.set(englishPath, russianPath);
      i++;
    }
    const middle = Math.floor(corpus.articlePaths.length / 2);
    const cachedArticle = corpus.articlePaths.slice(middle).find((p) => partners.has(p));
    if (!cachedArticle) throw new Error('Languages: no English article with a translation to measure (the corpus is too small)');
    return { pairs, russianPaths, cachedArticle, partnerOfCached: partners.get(cachedArticle)! };
  } finally {
    await handle.close();
  }
}

/**
 * The site made bilingual behind the application's back, as a fixture: Russian added to its languages
 * (with the site's name in Russian), and each planned pair made one translation group. The search index is
 * left as it was: no page measured here reads it.
 */
async function makeBilingual(dataDir: string, plan: TranslationPlan): Promise<void> {
  composeCapabilities();
  const handle: Db = openDatabase<Database>({ kind: 'sqlite', url: path.join(dataDir, 'rostrum.db') });
  try {
    await saveSiteSettings(handle, {
      languages: ['en', 'ru'],
      translations: { ru: { name: 'Институт «Меридиан»', tagline: 'Аналитика для измерений', description: 'Созданные тексты для измерения Rostrum.' } },
    });
    await handle.db.transaction().execute(async (trx) => {
      for (const [englishId, russianId] of plan.pairs) {
        await trx.updateTable('articles').set({ translationGroup: englishId }).where('id', '=', englishId).execute();
        await trx
          .updateTable('articles')
          .set({ language: 'ru', translationGroup: englishId, title: sql<string>`${RUSSIAN_TITLE_PREFIX} || title` })
          .where('id', '=', russianId)
          .execute();
      }
    });
    await foldIn(handle);
    log(`Languages: a copy made bilingual, ${plan.pairs.length} articles made Russian translations of their neighbours`);
  } finally {
    await handle.close();
  }
}

interface SiteLoads {
  pageBytes: number;
  bare: LanguageLoad[];
  cached: LanguageLoad[];
  firstVisits: LanguageLoad;
}

interface LoadPlan {
  cachedArticle: string;
  firstVisits: FirstVisitSets;
  /** The translation's address, which the cached article's page on the bilingual site must link to. */
  translationOfCached: string;
}

/**
 * Both sites' Rostrum and bare servers at once (the idle ones cost nothing but memory), the measurements
 * taking turns between the sites: bare, cached, the first pass of first visits, then the second pass,
 * cached and bare again, in reverse order.
 */
async function measureLoads(sites: Site[], tempDir: string, options: BenchOptions, plan: LoadPlan): Promise<SiteLoads[]> {
  const servers: ServerProcess[] = [];
  try {
    const started: Array<{ rostrum: ServerProcess; bare: ServerProcess; pageBytes: number }> = [];
    for (const [s, site] of sites.entries()) {
      const rostrum = await startRostrum(site.dataDir, {}, `rostrum-${s + 1}`);
      servers.push(rostrum);
      const page = await fetchPage(rostrum.url + site.addressOf(plan.cachedArticle));
      if (site.languages.length > 1) await checkBilingualSite(rostrum, page.body.toString('utf8'), plan.translationOfCached);
      const pageFile = path.join(tempDir, `languages-${s + 1}.html`);
      fs.writeFileSync(pageFile, page.body);
      const bare = await startBareServer(pageFile, page.contentType);
      servers.push(bare);
      // A request or two before measuring (a scenario of 404s would look splendid), to warm-up paths only:
      // the first visits must be first.
      const { warmup } = plan.firstVisits;
      for (const p of [warmup[0]!, warmup[warmup.length - 1]!]) await fetchPage(rostrum.url + site.addressOf(p));
      started.push({ rostrum, bare, pageBytes: page.body.length });
    }

    const same = (baseUrl: string, p: string): LoadTarget => ({ baseUrl, paths: [p] });
    const bareOf = (s: number) => measure(`${sites[s]!.name}: bare node:http`, started[s]!.bare, same(started[s]!.bare.url, '/'), same(started[s]!.bare.url, '/'), options);
    const cachedOf = (s: number) => {
      const { rostrum } = started[s]!;
      const address = sites[s]!.addressOf(plan.cachedArticle);
      return measure(`${sites[s]!.name}: article (same URL) ${address}`, rostrum, same(rostrum.url, address), same(rostrum.url, address), options);
    };
    const firstVisitsOf = async (s: number, pass: number) => {
      const { rostrum } = started[s]!;
      const site = sites[s]!;
      // The JIT and the shared lookups (experts, tags) warmed on other articles, as the pages part does.
      if (pass === 0 && options.warmup > 0) await runLoad({ baseUrl: rostrum.url, paths: plan.firstVisits.warmup.map(site.addressOf) }, options.warmup, options.connections);
      const paths = plan.firstVisits.passes[pass]!.map(site.addressOf);
      log(`Measuring ${site.name}: first visits, pass ${pass + 1} (${paths.length} articles, each once)`);
      return firstVisits(rostrum, paths, options.connections);
    };
    const bare: LanguageLoad[][] = sites.map(() => []);
    const cached: LanguageLoad[][] = sites.map(() => []);
    const visits: FirstVisitPass[][] = sites.map(() => []);
    const order = [...sites.keys()];
    const reversed = [...order].reverse();
    for (const s of order) bare[s]!.push(await bareOf(s));
    for (const s of order) cached[s]!.push(await cachedOf(s));
    for (const s of order) visits[s]!.push(await firstVisitsOf(s, 0));
    for (const s of reversed) visits[s]!.push(await firstVisitsOf(s, 1));
    for (const s of reversed) cached[s]!.push(await cachedOf(s));
    for (const s of reversed) bare[s]!.push(await bareOf(s));
    return started.map(({ pageBytes }, s) => ({ pageBytes, bare: bare[s]!, cached: cached[s]!, firstVisits: combinePasses(visits[s]!) }));
  } finally {
    for (const server of servers.reverse()) await server.stop();
  }
}

/**
 * The fixture did what it should: the English page names its Russian version (hreflang, the "also in"
 * line), and that version is a Russian page with its Cyrillic title.
 */
async function checkBilingualSite(rostrum: ServerProcess, html: string, translationPath: string): Promise<void> {
  const translation = (await fetchPage(rostrum.url + translationPath)).body.toString('utf8');
  const missing = [
    html.includes(`hreflang="ru"`) ? '' : 'an hreflang="ru" link on the English page',
    html.includes(`${translationPath}"`) ? '' : `a link to ${translationPath} on the English page`,
    html.includes('article-translations') ? '' : 'the "also in" line on the English page',
    translation.includes('<html lang="ru"') ? '' : "a Russian page at the translation's address",
    translation.includes(RUSSIAN_TITLE_PREFIX) ? '' : 'the Cyrillic title on the translation',
  ].filter(Boolean);
  if (missing.length) throw new Error(`Languages: the bilingual site lacks ${missing.join(', ')}`);
}

async function measure(name: string, server: ServerProcess, target: LoadTarget, warmup: LoadTarget, options: BenchOptions): Promise<LanguageLoad> {
  log(`Measuring ${name}`);
  if (options.warmup > 0) await runLoad(warmup, options.warmup, options.connections);
  const cpuBefore = cpuSeconds(server.pid);
  const result = await runLoad(target, options.duration, options.connections);
  const cpuAfter = cpuSeconds(server.pid);
  const cpuUsPerRequest = cpuBefore !== undefined && cpuAfter !== undefined && result.requests > 0 ? ((cpuAfter - cpuBefore) * 1e6) / result.requests : undefined;
  return { ...result, cpuUsPerRequest };
}

interface FirstVisitSets {
  /** Two passes of distinct articles, by their English-only addresses. */
  passes: [string[], string[]];
  /** Other articles, for warming up. */
  warmup: string[];
}

/** Articles evenly spaced through the archive, dealt in fives: two to each pass, one to the warm-up. */
function firstVisitSets(paths: string[]): FirstVisitSets {
  const fifth = Math.max(1, Math.min(FIRST_VISIT_URLS / 2, Math.floor(paths.length / 5)));
  const picks = Array.from({ length: fifth * 5 }, (_, j) => paths[Math.floor((j * paths.length) / (fifth * 5))]!);
  const dealt = (kinds: number[]) => picks.filter((_, j) => kinds.includes(j % 5));
  return { passes: [dealt([0, 2]), dealt([1, 3])], warmup: dealt([4]) };
}

interface FirstVisitPass extends Omit<LoadResult, 'requestsPerSecond' | 'p50Ms' | 'p99Ms'> {
  latencies: number[];
  cpuSeconds: number | undefined;
}

/** Every path requested once, `connections` at a time, with the server's CPU time over the pass. */
async function firstVisits(server: ServerProcess, paths: string[], connections: number): Promise<FirstVisitPass> {
  let next = 0;
  const instance = autocannon({
    url: server.url,
    connections: Math.min(connections, paths.length),
    amount: paths.length,
    timeout: 10,
    requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }) }],
  });
  const latencies: number[] = [];
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
  });
  const cpuBefore = cpuSeconds(server.pid);
  const result = await instance;
  const cpuAfter = cpuSeconds(server.pid);
  return {
    latencies,
    cpuSeconds: cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
  };
}

function combinePasses(passes: FirstVisitPass[]): LanguageLoad {
  const sum = (f: (p: FirstVisitPass) => number) => passes.reduce((n, p) => n + f(p), 0);
  const latencies = passes.flatMap((p) => p.latencies).sort((a, b) => a - b);
  const requests = sum((p) => p.requests);
  const seconds = sum((p) => p.seconds);
  const cpu = passes.every((p) => p.cpuSeconds !== undefined) ? sum((p) => p.cpuSeconds!) : undefined;
  return {
    requestsPerSecond: requests / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    requests,
    non2xx: sum((p) => p.non2xx),
    errors: sum((p) => p.errors),
    timeouts: sum((p) => p.timeouts),
    seconds,
    cpuUsPerRequest: cpu !== undefined && requests > 0 ? (cpu * 1e6) / requests : undefined,
  };
}

type RenderSamples = Record<LanguageRenderSet, string[]> & { warmup: string[] };

/**
 * Articles spread through the archive for the uncached renders, by their English-only addresses: all of
 * them, and the two halves the bilingual site tells apart (English with a translation, or not; Russian).
 */
function renderSamples(paths: string[], samples: number, russianPaths: Map<string, string>): RenderSamples {
  const count = Math.min(samples, paths.length);
  const step = Math.max(1, Math.floor(paths.length / count));
  const all = Array.from({ length: count }, (_, i) => paths[(i * step) % paths.length]!);
  const warmup = paths.filter((_, i) => i % step === Math.floor(step / 2)).slice(0, 50);
  return { all, 'stay English': all.filter((p) => !russianPaths.has(p)), 'become Russian': all.filter((p) => russianPaths.has(p)), warmup };
}

/**
 * Both sites opened in this process with the page cache off and asked through `app.inject`, one request
 * at a time, the same article on one and then the other: each timing is one page's routing, queries and
 * rendering, and a spell of load from elsewhere falls on both alike.
 */
async function renderAlternately(sites: Site[], samples: RenderSamples): Promise<Array<Record<LanguageRenderSet, LanguageRenderTiming>>> {
  const apps: Array<{ app: FastifyInstance; handle: Db }> = [];
  try {
    for (const site of sites) {
      const config = loadConfig({ ...process.env, DATA_DIR: site.dataDir, DATABASE_URL: '', ROSTRUM_PAGE_CACHE_SECONDS: '0', ROSTRUM_DEMO: '0', PORT: '0', ROSTRUM_LOG_LEVEL: 'warn' });
      const handle = openDatabase<Database>({ kind: 'sqlite', url: config.databaseUrl });
      apps.push({ handle, app: (await buildApp(config, handle)).app });
    }
    const render = async (s: number, englishPath: string) => {
      const url = sites[s]!.addressOf(englishPath);
      const started = performance.now();
      const cpu = process.cpuUsage();
      const response = await apps[s]!.app.inject({ method: 'GET', url });
      const used = process.cpuUsage(cpu);
      const ms = performance.now() - started;
      if (response.statusCode !== 200) throw new Error(`Languages, ${sites[s]!.name}: GET ${url} answered ${response.statusCode} in the render measurement`);
      return { ms, cpuMs: (used.user + used.system) / 1000 };
    };
    for (const p of samples.warmup) for (const s of sites.keys()) await render(s, p);
    const times = sites.map(() => new Map<string, { ms: number; cpuMs: number }>());
    for (const p of samples.all) for (const s of sites.keys()) times[s]!.set(p, await render(s, p));
    return times.map((byPath) => Object.fromEntries(languageRenderSets.map((set) => [set, timing(samples[set].map((p) => byPath.get(p)!))])) as Record<LanguageRenderSet, LanguageRenderTiming>);
  } finally {
    for (const { app, handle } of apps) {
      await app.close();
      await handle.close();
    }
  }
}

function timing(renders: Array<{ ms: number; cpuMs: number }>): LanguageRenderTiming {
  const wall = renders.map((r) => r.ms).sort((a, b) => a - b);
  const cpu = renders.map((r) => r.cpuMs).sort((a, b) => a - b);
  return { samples: renders.length, medianMs: percentile(wall, 0.5), p99Ms: percentile(wall, 0.99), medianCpuMs: percentile(cpu, 0.5) };
}

async function fetchPage(url: string): Promise<{ body: Buffer; contentType: string }> {
  const response = await fetch(url);
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  return { body, contentType: response.headers.get('content-type') ?? 'text/html; charset=utf-8' };
}
