/** What a benchmark run is asked to do; every value comes from an environment variable with a default. */
export interface BenchOptions {
  /** Published articles in the generated corpus. */
  articles: number;
  /** Published articles in the search scenario's corpus (one per database engine). */
  searchArticles: number;
  /** The seed the search part draws its sampled queries with: random unless BENCH_SEARCH_SEED sets it. */
  searchSeed: number;
  /** Experts the articles are spread over, evenly. */
  experts: number;
  /** Seconds of measurement per load scenario. */
  duration: number;
  /** Seconds of warm-up before each measurement (JIT, caches, connection set-up). */
  warmup: number;
  /** Concurrent keep-alive connections the load generator holds open. */
  connections: number;
  /** Distinct article URLs the "varied" scenario goes round; at most half the corpus, so warm-up can use the other half. */
  variedUrls: number;
  /** Article renders timed in-process with the page cache off. */
  renderSamples: number;
  /** The whole run is stopped, and cleaned up, after this many seconds. */
  timeout: number;
  /** Which parts run: the reading pages, the voting, the search, the growth, the processes, the languages, or all (BENCH_ONLY empty). */
  parts: Record<BenchPart, boolean>;
  /** Which databases the search part measures (BENCH_SEARCH_ENGINES, comma-separated; both when empty). */
  searchEngines: Array<'sqlite' | 'postgres'>;
  /** Corpus sizes the growth part compares, smallest first. */
  growthSizes: number[];
  /** Renders timed per page kind and corpus in the growth part. */
  growthSamples: number;
  /** Where the voting part makes (and drops) its PostgreSQL database; empty leaves the PostgreSQL case out. */
  postgresAdminUrl: string;
  /** Published articles in the languages part's corpus, about half of them made Russian translations on its bilingual copy. */
  languageArticles: number;
  /** Experts of the languages part's corpus: BENCH_EXPERTS, but no more than one per 50 of its articles. */
  languageExperts: number;
}

function integer(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

export const benchParts = ['pages', 'votes', 'search', 'growth', 'processes', 'languages'] as const;
export type BenchPart = (typeof benchParts)[number];

function parts(): BenchOptions['parts'] {
  const raw = (process.env.BENCH_ONLY ?? '').trim();
  const all = Object.fromEntries(benchParts.map((p) => [p, raw === '' || p === raw])) as Record<BenchPart, boolean>;
  if (raw === '' || (benchParts as readonly string[]).includes(raw)) return all;
  throw new Error(`BENCH_ONLY must be one of ${benchParts.map((p) => `"${p}"`).join(', ')} or empty (all), not "${raw}"`);
}

/** BENCH_GROWTH_SIZES: two or more corpus sizes, comma-separated, sorted here. */
function sizes(name: string, fallback: number[]): number[] {
  const raw = (process.env[name] ?? '').trim();
  if (raw === '') return fallback;
  const values = raw.split(',').map((v) => Number(v.trim()));
  if (values.length < 2 || values.some((v) => !Number.isInteger(v) || v < 100 || v > 1_000_000)) {
    throw new Error(`${name} must be two or more whole numbers from 100 to 1000000, comma-separated, not "${raw}"`);
  }
  return values.sort((a, b) => a - b);
}

function searchEngines(): BenchOptions['searchEngines'] {
  const raw = (process.env.BENCH_SEARCH_ENGINES ?? '').trim();
  if (raw === '') return ['sqlite', 'postgres'];
  const names = raw.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => name !== 'sqlite' && name !== 'postgres');
  if (unknown.length) throw new Error(`BENCH_SEARCH_ENGINES lists "sqlite", "postgres" or both, comma-separated, not "${raw}"`);
  return ['sqlite' as const, 'postgres' as const].filter((name) => names.includes(name));
}

export function readOptions(): BenchOptions {
  const articles = integer('BENCH_ARTICLES', 10_000, 10, 1_000_000);
  const experts = integer('BENCH_EXPERTS', 100, 1, articles);
  const duration = integer('BENCH_DURATION', 10, 1, 600);
  const warmup = integer('BENCH_WARMUP', Math.min(3, duration), 0, 600);
  const only = parts();
  // The page scenarios, and the three voting cases counted twice: a voting measurement runs a set number of
  // votes, estimated from its warm-up, and may overrun its duration when the server slows down. Search: the
  // listing, the fixed and the sampled queries on each engine, and the blocking case's two loads (on SQLite
  // twice: with and without the read pool).
  const engines = searchEngines();
  const blockingServers = (engines.includes('sqlite') ? 2 : 0) + (engines.includes('postgres') ? 1 : 0);
  const searchArticles = integer('BENCH_SEARCH_ARTICLES', 100_000, 10, 1_000_000);
  const growthSizes = sizes('BENCH_GROWTH_SIZES', [10_000, 100_000]);
  // The processes part measures four mixes twice (one process, three); the languages part, per site,
  // bare and cached twice and first visits (about one scenario's time) twice.
  const scenarios = (only.pages ? 5 : 0) + (only.votes ? 3 * 2 : 0) + (only.search ? engines.length * 3 + blockingServers * 2 : 0) + (only.processes ? 2 * 4 : 0) + (only.languages ? 2 * 6 : 0);
  const languageArticles = integer('BENCH_LANGUAGE_ARTICLES', 2_000, 10, 1_000_000);
  const largestCorpora = (only.search ? engines.length * searchArticles : 0) + (only.processes ? searchArticles : 0) + (only.growth ? growthSizes.reduce((a, b) => a + b, 0) : 0);
  return {
    articles,
    searchArticles,
    searchSeed: integer('BENCH_SEARCH_SEED', Math.floor(Math.random() * 2 ** 31), 0, 2 ** 31),
    experts,
    duration,
    warmup,
    connections: integer('BENCH_CONNECTIONS', 50, 1, 10_000),
    variedUrls: Math.min(2_000, Math.floor(articles / 2)),
    renderSamples: Math.min(integer('BENCH_RENDERS', 500, 10, 100_000), articles),
    // Generous: building 10,000 articles takes well under a minute, each scenario warm-up + duration + a second.
    // Building (and for search, indexing) a corpus takes a few minutes per 100,000 articles.
    timeout: integer('BENCH_TIMEOUT', 600 + scenarios * (duration + warmup + 5) + Math.ceil(largestCorpora / 100_000) * 1200, 30),
    parts: only,
    searchEngines: engines,
    growthSizes,
    growthSamples: integer('BENCH_GROWTH_SAMPLES', 30, 3, 10_000),
    postgresAdminUrl: (process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres').trim(),
    languageArticles,
    languageExperts: Math.max(1, Math.min(experts, Math.floor(languageArticles / 50))),
  };
}
