// npm run bench: Rostrum against a bare node:http server sending the same bytes, on a generated corpus;
// votes per second on one SQLite process and on three processes sharing one PostgreSQL database; search
// against the listing API on both engines; every public page's cost at two archive sizes (growth.ts);
// one process against three (node:cluster) on one PostgreSQL under a mix of requests (processes.ts);
// and the article page of a site with one language against the same site with two (languages.ts).
// A benchmark, not a test: it prints numbers and asserts nothing. See DESIGN.md section 4 for the targets.
//
// Environment: BENCH_ARTICLES (10000), BENCH_EXPERTS (100), BENCH_DURATION seconds per scenario (10),
// BENCH_WARMUP seconds (3), BENCH_CONNECTIONS (50), BENCH_RENDERS uncached renders timed (500),
// BENCH_ONLY "pages", "votes", "search", "growth", "processes" or "languages" to run one part (all when empty),
// BENCH_SEARCH_ARTICLES the corpus of the search and processes parts (100000, built once per engine and
// once more for the processes), BENCH_SEARCH_SEED the seed of the sampled search queries (random),
// BENCH_GROWTH_SIZES the growth part's corpus sizes (10000,100000), BENCH_GROWTH_SAMPLES renders per page
// kind and size (30), BENCH_POSTGRES_URL the server the voting, search and processes parts make their
// databases on (postgres://postgres@127.0.0.1:5432/postgres; empty leaves them out), BENCH_LANGUAGE_ARTICLES
// the languages part's corpus (2000), BENCH_TIMEOUT seconds for the whole run, BENCH_RESULTS the JSON file to write.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/connect.ts';
import { composeCapabilities } from '../src/compose.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { migrations, type Database } from '../src/schema.ts';
import { ensureSearchIndex } from '../src/search/documents.ts';
import { readOptions, type BenchOptions } from './options.ts';
import { buildCorpus, type Corpus } from './corpus.ts';
import { cpuSeconds, killAllChildren, residentMemory, startBareServer, startRostrum, type ServerProcess } from './servers.ts';
import { runLoad, type LoadTarget } from './load.ts';
import { measureRenders } from './render-time.ts';
import { formatReport, writeJson, type BenchReport, type PagesReport, type ScenarioResult } from './report.ts';
import { abortVoting, measureVoting } from './votes.ts';
import { abortSearch, measureSearch } from './search.ts';
import { measureGrowth } from './growth.ts';
import { abortProcesses, measureProcesses } from './processes.ts';
import { measureLanguages } from './languages.ts';

interface Scenario {
  name: string;
  description: string;
  /** The process answering, whose CPU time is counted. */
  server: ServerProcess;
  target: LoadTarget;
  /** What the warm-up requests; differs from `target` where the measurement must start on cold pages. */
  warmup: LoadTarget;
}

const log = (message: string) => process.stderr.write(message + '\n');

async function main(): Promise<void> {
  const options = readOptions();
  const startedAt = new Date().toISOString();
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rostrum-bench-'));
  const resultsFile = process.env.BENCH_RESULTS || path.join(os.tmpdir(), 'rostrum-bench-results', 'latest.json');

  const emergencyExit = (why: string) => {
    log(`\n${why}: stopping the servers, dropping the voting databases and removing ${tempDir}`);
    killAllChildren();
    // Dropping a PostgreSQL database takes a moment; a stuck server must not keep the run alive.
    const exit = () => {
      fs.rmSync(tempDir, { recursive: true, force: true });
      process.exit(1);
    };
    setTimeout(exit, 10_000).unref();
    // Nothing waits for this: allSettled never rejects, and exit ends the process.
    void Promise.allSettled([abortVoting(), abortSearch(), abortProcesses()]).finally(exit);
  };
  const watchdog = setTimeout(() => emergencyExit(`The run took longer than BENCH_TIMEOUT=${options.timeout} s`), options.timeout * 1000);
  process.once('SIGINT', () => emergencyExit('Interrupted'));
  process.once('SIGTERM', () => emergencyExit('Terminated'));

  try {
    const loadBefore = os.loadavg()[0]!;
    const pages = options.parts.pages ? await measurePages(options, tempDir) : undefined;
    const votes = options.parts.votes ? await measureVoting(options, tempDir) : undefined;
    const search = options.parts.search ? await measureSearch(options, tempDir) : undefined;
    const growth = options.parts.growth ? await measureGrowth(options, tempDir) : undefined;
    const processes = options.parts.processes ? await measureProcesses(options, tempDir) : undefined;
    const languages = options.parts.languages ? await measureLanguages(options, tempDir) : undefined;
    const loadAfter = os.loadavg()[0]!;
    if (pages && votes) for (const v of votes.results) v.ratioToBare = v.votesPerSecond / pages.bareRequestsPerSecond;

    const report: BenchReport = {
      startedAt,
      node: process.versions.node,
      cpus: os.availableParallelism(),
      options,
      loadAverage: pages?.loadAverage ?? { before: loadBefore, after: loadAfter },
      ...pages?.report,
      votes,
      search,
      growth,
      processes,
      languages,
    };
    console.log('\n' + formatReport(report));
    writeJson(resultsFile, report);
    console.log(`\nResults as JSON: ${resultsFile}`);
  } finally {
    clearTimeout(watchdog);
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

interface PagesMeasured {
  report: PagesReport;
  loadAverage: BenchReport['loadAverage'];
  /** Mean requests/s of the bare runs, the yardstick for every ratio. */
  bareRequestsPerSecond: number;
}

/** The reading pages: corpus, Rostrum and the bare server, the load scenarios, then renders in-process. */
async function measurePages(options: BenchOptions, tempDir: string): Promise<PagesMeasured> {
  const dataDir = path.join(tempDir, 'data');
  const servers: ServerProcess[] = [];
  try {
    const corpus = await prepareDatabase(dataDir, options);

    log('Starting Rostrum ...');
    const rostrum = await startRostrum(dataDir);
    servers.push(rostrum);
    const serverIdleRssBytes = residentMemory(rostrum.pid);
    const articlePath = corpus.articlePaths[Math.floor(corpus.articlePaths.length / 2)]!;
    const page = await fetchPage(rostrum.url + articlePath);
    const pageFile = path.join(tempDir, 'article.html');
    fs.writeFileSync(pageFile, page.body);
    const bare = await startBareServer(pageFile, page.contentType);
    servers.push(bare);

    const scenarios = planScenarios(corpus, options, { rostrum, bare }, articlePath);
    await checkScenarios(scenarios);
    const loadBefore = os.loadavg()[0]!;
    const measured: Measured[] = [];
    for (const scenario of scenarios) measured.push(await measureScenario(scenario, options));
    // The baseline is measured first and again last: on a shared machine the two differ, and by how much
    // says how far to trust the ratios. The ratios use their mean.
    measured.push(await measureScenario({ ...scenarios[0]!, name: 'bare node:http (again)' }, options));
    const bareRuns = measured.filter((m) => m.server === 'bare');
    const bareRate = bareRuns.reduce((sum, m) => sum + m.requestsPerSecond, 0) / bareRuns.length;
    const results: ScenarioResult[] = measured.map((m) => ({ ...m, ratioToBare: m.requestsPerSecond / bareRate }));
    // Read before anything else runs in the server, so the figure is what the load left behind.
    const serverRssBytes = residentMemory(rostrum.pid);
    const loadAfter = os.loadavg()[0]!;
    // The voting part that may follow gets the machine to itself.
    for (const server of servers.splice(0).reverse()) await server.stop();

    log(`Timing uncached renders in-process ...`);
    const uncachedRenders = await measureRenders(dataDir, renderSets(corpus, options));

    return {
      report: {
        corpus: {
          articles: options.articles,
          experts: options.experts,
          databaseBytes: databaseBytes(dataDir),
          articlePageBytes: page.body.length,
          articlePath,
        },
        scenarios: results,
        uncachedRenders,
        serverRssBytes,
        serverIdleRssBytes,
      },
      loadAverage: { before: loadBefore, after: loadAfter },
      bareRequestsPerSecond: bareRate,
    };
  } finally {
    for (const server of servers.reverse()) await server.stop();
  }
}

/** A fresh SQLite database in the data directory, migrated and filled; closed again before the server opens it. */
async function prepareDatabase(dataDir: string, options: BenchOptions): Promise<Corpus> {
  composeCapabilities();
  const handle = openDatabase<Database>({ kind: 'sqlite', url: path.join(dataDir, 'rostrum.db') });
  try {
    await migrateToLatest(handle, migrations);
    const started = performance.now();
    const corpus = await buildCorpus(handle, { articles: options.articles, experts: options.experts });
    // The corpus is written without the search index; a server's first start would build it in one
    // transaction, and its resident memory after that one-off would be counted as the serving figure.
    await ensureSearchIndex(handle);
    log(`Corpus built and indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return corpus;
  } finally {
    await handle.close();
  }
}

type Measured = Omit<ScenarioResult, 'ratioToBare'>;

/** A warm-up, then the measurement, with the answering server's CPU time over the measurement alone. */
async function measureScenario(scenario: Scenario, options: BenchOptions): Promise<Measured> {
  log(`Measuring ${scenario.name}: ${scenario.description}`);
  if (options.warmup > 0) await runLoad(scenario.warmup, options.warmup, options.connections);
  const cpuBefore = cpuSeconds(scenario.server.pid);
  const result = await runLoad(scenario.target, options.duration, options.connections);
  const cpuAfter = cpuSeconds(scenario.server.pid);
  const cpuUsPerRequest = cpuBefore !== undefined && cpuAfter !== undefined && result.requests > 0 ? ((cpuAfter - cpuBefore) * 1e6) / result.requests : undefined;
  return { name: scenario.name, description: scenario.description, server: scenario.server.name, ...result, cpuUsPerRequest };
}

function planScenarios(corpus: Corpus, options: BenchOptions, servers: { rostrum: ServerProcess; bare: ServerProcess }, articlePath: string): Scenario[] {
  const { rostrum, bare } = servers;
  const rostrumUrl = rostrum.url;
  const bareUrl = bare.url;
  const same = (baseUrl: string, path: string): LoadTarget => ({ baseUrl, paths: [path] });
  // Varied: articles spread over the whole corpus (every expert, every age). Its warm-up goes through a
  // different set, so the measurement starts with its pages not yet cached: cold renders, then hits.
  const { measured, warmup } = splitArticles(corpus.articlePaths, options.variedUrls);
  const expertPath = corpus.expertPaths[0]!;
  return [
    { name: 'bare node:http', description: 'the article page bytes from a bare server', server: bare, target: same(bareUrl, '/'), warmup: same(bareUrl, '/') },
    { name: 'article (same URL)', description: articlePath, server: rostrum, target: same(rostrumUrl, articlePath), warmup: same(rostrumUrl, articlePath) },
    {
      name: `article (${measured.length} URLs)`,
      description: `round-robin over ${measured.length} articles, first visits render`,
      server: rostrum,
      target: { baseUrl: rostrumUrl, paths: measured },
      warmup: { baseUrl: rostrumUrl, paths: warmup },
    },
    { name: 'home page', description: '/', server: rostrum, target: same(rostrumUrl, '/'), warmup: same(rostrumUrl, '/') },
    { name: 'expert blog', description: expertPath, server: rostrum, target: same(rostrumUrl, expertPath), warmup: same(rostrumUrl, expertPath) },
  ];
}

/** `count` paths evenly spaced through the list, and as many others (the ones in between) for warming up. */
function splitArticles(paths: string[], count: number): { measured: string[]; warmup: string[] } {
  const step = paths.length / count;
  const measured: string[] = [];
  const warmup: string[] = [];
  for (let i = 0; i < count; i++) {
    measured.push(paths[Math.floor(i * step)]!);
    warmup.push(paths[Math.floor(i * step + step / 2)]!);
  }
  return { measured, warmup };
}

function renderSets(corpus: Corpus, options: BenchOptions) {
  // Different articles from the ones the server rendered is not needed (this app has its own, empty
  // cache, and it is off), but distinct URLs keep SQLite's page cache from flattering one hot row.
  const articles = corpus.articlePaths;
  const step = Math.max(1, Math.floor(articles.length / options.renderSamples));
  const timed = Array.from({ length: options.renderSamples }, (_, i) => articles[(i * step) % articles.length]!);
  const warmup = articles.filter((_, i) => i % step === Math.floor(step / 2)).slice(0, 50);
  const experts = corpus.expertPaths;
  return {
    article: { warmup, timed },
    'home page': { warmup: Array(20).fill('/'), timed: Array(100).fill('/') },
    'expert blog': { warmup: experts.slice(0, 20), timed: Array.from({ length: 100 }, (_, i) => experts[i % experts.length]!) },
  };
}

/**
 * A couple of requests per scenario before measuring: a scenario measuring 404s would look splendid.
 * They go to the warm-up paths, which leave the measured ones of the varied scenario uncached.
 */
async function checkScenarios(scenarios: Scenario[]): Promise<void> {
  for (const { name, warmup } of scenarios) {
    for (const p of [warmup.paths[0]!, warmup.paths[warmup.paths.length - 1]!]) {
      const response = await fetch(warmup.baseUrl + p);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${name}: GET ${p} answered ${response.status}`);
    }
  }
}

async function fetchPage(url: string): Promise<{ body: Buffer; contentType: string }> {
  const response = await fetch(url);
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  return { body, contentType: response.headers.get('content-type') ?? 'text/html; charset=utf-8' };
}

function databaseBytes(dataDir: string): number {
  return fs
    .readdirSync(dataDir)
    .filter((f) => f.startsWith('rostrum.db'))
    .reduce((sum, f) => sum + fs.statSync(path.join(dataDir, f)).size, 0);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    killAllChildren();
    void Promise.allSettled([abortVoting(), abortSearch(), abortProcesses()]).finally(() => process.exit(1));
  },
);
