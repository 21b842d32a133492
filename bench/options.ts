/** What a benchmark run is asked to do; every value comes from an environment variable with a default. */
export interface BenchOptions {
  /** Published articles in the generated corpus. */
  articles: number;
  /** Published articles in the search scenario's corpus (one per database engine). */
  searchArticles: number;
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
  /** Which parts run: the reading pages, the voting, the search, or all (BENCH_ONLY empty). */
  parts: { pages: boolean; votes: boolean; search: boolean };
  /** Which databases the search part measures (BENCH_SEARCH_ENGINES, comma-separated; both when empty). */
  searchEngines: Array<'sqlite' | 'postgres'>;
  /** Where the voting part makes (and drops) its PostgreSQL database; empty leaves the PostgreSQL case out. */
  postgresAdminUrl: string;
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

function parts(): BenchOptions['parts'] {
  const raw = (process.env.BENCH_ONLY ?? '').trim();
  if (raw === '') return { pages: true, votes: true, search: true };
  if (raw === 'pages' || raw === 'votes' || raw === 'search') return { pages: raw === 'pages', votes: raw === 'votes', search: raw === 'search' };
  throw new Error(`BENCH_ONLY must be "pages", "votes", "search" or empty (all), not "${raw}"`);
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
  // listing and the search on each engine, and the blocking case's two loads (on SQLite twice: with and
  // without the read pool).
  const engines = searchEngines();
  const blockingServers = (engines.includes('sqlite') ? 2 : 0) + (engines.includes('postgres') ? 1 : 0);
  const scenarios = (only.pages ? 5 : 0) + (only.votes ? 3 * 2 : 0) + (only.search ? engines.length * 2 + blockingServers * 2 : 0);
  const searchArticles = integer('BENCH_SEARCH_ARTICLES', 100_000, 10, 1_000_000);
  return {
    articles,
    searchArticles,
    experts,
    duration,
    warmup,
    connections: integer('BENCH_CONNECTIONS', 50, 1, 10_000),
    variedUrls: Math.min(2_000, Math.floor(articles / 2)),
    renderSamples: Math.min(integer('BENCH_RENDERS', 500, 10, 100_000), articles),
    // Generous: building 10,000 articles takes well under a minute, each scenario warm-up + duration + a second.
    // Building and indexing a search corpus takes a few minutes per 100,000 articles and engine.
    timeout: integer('BENCH_TIMEOUT', 600 + scenarios * (duration + warmup + 5) + (only.search ? Math.ceil(searchArticles / 100_000) * 900 * engines.length : 0), 30),
    parts: only,
    searchEngines: engines,
    postgresAdminUrl: (process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres').trim(),
  };
}
