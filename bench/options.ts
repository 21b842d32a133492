/** What a benchmark run is asked to do; every value comes from an environment variable with a default. */
export interface BenchOptions {
  /** Published articles in the generated corpus. */
  articles: number;
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

export function readOptions(): BenchOptions {
  const articles = integer('BENCH_ARTICLES', 10_000, 10, 1_000_000);
  const experts = integer('BENCH_EXPERTS', 100, 1, articles);
  const duration = integer('BENCH_DURATION', 10, 1, 600);
  const warmup = integer('BENCH_WARMUP', Math.min(3, duration), 0, 600);
  const scenarios = 5;
  return {
    articles,
    experts,
    duration,
    warmup,
    connections: integer('BENCH_CONNECTIONS', 50, 1, 10_000),
    variedUrls: Math.min(2_000, Math.floor(articles / 2)),
    renderSamples: Math.min(integer('BENCH_RENDERS', 500, 10, 100_000), articles),
    // Generous: building 10,000 articles takes well under a minute, each scenario warm-up + duration + a second.
    timeout: integer('BENCH_TIMEOUT', 600 + scenarios * (duration + warmup + 5), 30),
  };
}
