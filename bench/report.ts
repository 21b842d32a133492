import fs from 'node:fs';
import path from 'node:path';
import type { LoadResult } from './load.ts';
import type { BenchOptions } from './options.ts';
import type { RenderTiming } from './render-time.ts';
import type { VotingReport } from './votes.ts';
import { listingPath, type SearchReport } from './search.ts';
import { blockingLines } from './blocking.ts';
import type { GrowthReport } from './growth.ts';
import type { ProcessesReport } from './processes.ts';
import type { LanguagePhase, LanguagesReport } from './languages.ts';

export interface ScenarioResult extends LoadResult {
  name: string;
  description: string;
  /** Which process answered: "rostrum" or "bare". */
  server: string;
  /** CPU time the answering process spent per request, in microseconds; steadier than requests/s when the machine is shared. */
  cpuUsPerRequest: number | undefined;
  /** requests/s divided by the bare server's. */
  ratioToBare: number;
}

/** The reading pages' part of a run. */
export interface PagesReport {
  corpus: { articles: number; experts: number; databaseBytes: number; articlePageBytes: number; articlePath: string };
  scenarios: ScenarioResult[];
  uncachedRenders: Record<string, RenderTiming>;
  /** Rostrum's resident memory after the load scenarios, in bytes. */
  serverRssBytes: number | undefined;
  /** Rostrum's resident memory once it first answered, before any load, in bytes. */
  serverIdleRssBytes: number | undefined;
}

/** A run's results; the pages' fields are absent when only the voting ran (BENCH_ONLY=votes), `votes` when only the pages did. */
export interface BenchReport extends Partial<PagesReport> {
  startedAt: string;
  node: string;
  cpus: number;
  options: BenchOptions;
  /** The machine's one-minute load average before and after the load scenarios: other work skews every number. */
  loadAverage: { before: number; after: number };
  votes?: VotingReport;
  search?: SearchReport;
  growth?: GrowthReport;
  processes?: ProcessesReport;
  languages?: LanguagesReport;
}

const ms = (v: number) => v.toFixed(v < 10 ? 2 : 1);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A plain-text table: the first column left-aligned, the others right-aligned. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatReport(report: BenchReport): string {
  const { options: o } = report;
  const header = report.corpus
    ? `Rostrum benchmark: ${report.corpus.articles.toLocaleString('en-US')} articles by ${report.corpus.experts} experts (database ${mb(report.corpus.databaseBytes)}), ` +
      `${o.connections} connections, ${o.warmup} s warm-up + ${o.duration} s per scenario, Node ${report.node}, ${report.cpus} CPUs`
    : `Rostrum benchmark, ${partsRun(o)}: ${o.connections} connections, ${Math.max(1, o.warmup)} s warm-up + about ${o.duration} s per case, Node ${report.node}, ${report.cpus} CPUs`;
  const pages = pagesSection(report);
  const votes = report.votes ? votesSection(report.votes, report.corpus !== undefined) : undefined;
  const search = report.search ? searchSection(report.search) : undefined;
  const growth = report.growth ? growthSection(report.growth) : undefined;
  const processes = report.processes ? processesSection(report.processes) : undefined;
  const languages = report.languages ? languagesSection(report.languages) : undefined;
  return [
    header,
    ...(pages ? ['', ...pages.lines] : []),
    ...(votes ? ['', ...votes.lines] : []),
    ...(search ? ['', ...search.lines] : []),
    ...(growth ? ['', ...growth.lines] : []),
    ...(processes ? ['', ...processes.lines] : []),
    ...(languages ? ['', ...languages.lines] : []),
    '',
    'Targets (DESIGN.md section 4):',
    ...(pages?.targets ?? []),
    ...(votes?.targets ?? []),
    ...(search?.targets ?? []),
    ...(growth?.targets ?? []),
    ...(processes?.targets ?? []),
    ...(languages?.targets ?? []),
  ]
    .filter((line, i, all) => line !== '' || all[i - 1] !== '')
    .join('\n');
}

interface Section {
  lines: string[];
  /** Lines for the targets list at the end. */
  targets: string[];
}

function pagesSection(report: BenchReport): Section | undefined {
  const { corpus: c, scenarios, uncachedRenders } = report;
  if (!c || !scenarios || !uncachedRenders) return undefined;
  const rows = scenarios.map((s) => [
    s.name,
    Math.round(s.requestsPerSecond).toLocaleString('en-US'),
    ms(s.p50Ms),
    ms(s.p99Ms),
    `${s.ratioToBare.toFixed(2)}x`,
    s.cpuUsPerRequest === undefined ? '?' : Math.round(s.cpuUsPerRequest).toString(),
    s.non2xx || s.errors || s.timeouts ? `non-2xx ${s.non2xx}, errors ${s.errors}, timeouts ${s.timeouts}` : '',
  ]);
  const renders = Object.entries(uncachedRenders).map(([name, t]) => [name, String(t.samples), ms(t.medianMs), ms(t.p99Ms)]);
  const article = scenarios.find((s) => s.name === 'article (same URL)');
  const bareRuns = scenarios.filter((s) => s.server === 'bare');
  const bareCpu = bareRuns.map((s) => s.cpuUsPerRequest).filter((v): v is number => v !== undefined);
  const bareSpread = bareRuns.length > 1 ? spread(bareRuns.map((s) => s.requestsPerSecond)) : 0;
  const rss = (bytes: number | undefined) => (bytes === undefined ? 'unknown (no /proc)' : mb(bytes));
  const articleRender = uncachedRenders['article'];
  return {
    lines: [
      `Article page: ${c.articlePath} (${c.articlePageBytes.toLocaleString('en-US')} bytes)`,
      '',
      table(['scenario', 'requests/s', 'p50 ms', 'p99 ms', 'vs bare', 'server CPU us/req', 'problems'], rows),
      `("vs bare" divides by the mean of the two bare runs. Load average ${report.loadAverage.before.toFixed(2)} before, ${report.loadAverage.after.toFixed(2)} after.)`,
      bareSpread > 0.15 ? `WARNING: the two bare runs differ by ${(bareSpread * 100).toFixed(0)}%: other work on this machine skewed the requests/s; compare the CPU per request instead.` : '',
      article?.cpuUsPerRequest !== undefined && bareCpu.length
        ? `CPU per request, article (same URL) vs bare: ${(article.cpuUsPerRequest / (bareCpu.reduce((a, b) => a + b, 0) / bareCpu.length)).toFixed(2)}x`
        : '',
      '',
      'Uncached renders (in-process app.inject, page cache off, one at a time):',
      table(['page', 'samples', 'median ms', 'p99 ms'], renders),
      '',
      `Rostrum resident memory: ${rss(report.serverIdleRssBytes)} when it first answered, ${rss(report.serverRssBytes)} after the load scenarios`,
    ],
    targets: [
      article ? `  article page >= 0.8x bare: ${article.ratioToBare.toFixed(2)}x ${article.ratioToBare >= 0.8 ? 'met' : 'NOT met'}` : '',
      articleRender ? `  uncached article render < 1 ms median: ${ms(articleRender.medianMs)} ms ${articleRender.medianMs < 1 ? 'met' : 'NOT met'}` : '',
      report.serverRssBytes !== undefined
        ? `  resident memory < 200 MB (target is for 100,000 articles): ${mb(report.serverRssBytes)} ${report.serverRssBytes < 200 * 1024 * 1024 ? 'met' : 'NOT met'}`
        : '',
    ],
  };
}

function votesSection(votes: VotingReport, withBare: boolean): Section {
  const count = (n: number) => n.toLocaleString('en-US');
  const rows = votes.results.map((v) => [
    v.name,
    count(Math.round(v.votesPerSecond)),
    `${count(Math.round(v.votesPerSecondAtStart))} -> ${count(Math.round(v.votesPerSecondAtEnd))}`,
    ms(v.p50Ms),
    ms(v.p99Ms),
    v.ratioToBare === undefined ? 'n/a' : `${v.ratioToBare.toFixed(2)}x`,
    v.cpuUsPerVote === undefined ? '?' : Math.round(v.cpuUsPerVote).toString(),
    v.exact ? `yes (${count(v.counted)})` : `NO: ${count(v.accepted)} answered 200, ${count(v.counted)} in the database`,
    v.non2xx || v.errors || v.timeouts ? `non-2xx ${v.non2xx}, errors ${v.errors}, timeouts ${v.timeouts}` : '',
  ]);
  const sqlite = votes.results.find((v) => v.database === 'sqlite');
  const full = votes.results.find((v) => v.sqliteSynchronous === 'full');
  const normal = votes.results.find((v) => v.sqliteSynchronous === 'normal');
  const durability =
    full && normal
      ? [
          `synchronous=FULL (every commit synced to disk; survives a power cut) against NORMAL (synced at checkpoints), same run: ` +
            `${count(Math.round(full.votesPerSecond))} against ${count(Math.round(normal.votesPerSecond))} votes/s, ` +
            `${(full.votesPerSecond / normal.votesPerSecond).toFixed(2)}x; p99 ${ms(full.p99Ms)} against ${ms(normal.p99Ms)} ms.`,
        ]
      : [];
  return {
    lines: [
      'Voting (POST /polls/:id/vote, every request a new reader, a fresh database per case):',
      table(['case', 'votes/s', 'first -> last tenth', 'p50 ms', 'p99 ms', 'votes/s vs bare req/s', 'server CPU us/vote', 'exact', 'problems'], rows),
      `(votes/s counts 200 answers over ${votes.results.map((v) => `${v.seconds.toFixed(1)} s`).join(' and ')}, the poll starting empty; the first and last tenths of the votes show ` +
        `whether a vote costs more as the poll grows. "exact": the database holds one ballot per 200, option by option.` +
        (withBare ? ' "vs bare" divides by the bare node:http server\'s requests/s for the article page above.)' : ' No bare server ran: "vs bare" is measured with the pages.)'),
      ...durability,
      ...votes.skipped,
    ],
    targets: sqlite
      ? [
          `  >= 5,000 exactly-counted votes/s on one SQLite process: ${count(Math.round(sqlite.votesPerSecond))} votes/s, exact ${sqlite.exact ? 'yes' : 'NO'} ` +
            (sqlite.exact && sqlite.votesPerSecond >= 5_000 ? 'met' : 'NOT met'),
        ]
      : [],
  };
}

function searchSection(search: SearchReport): Section {
  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  const seconds = (s: number) => `${s.toFixed(1)} s`;
  const ratio = (r: number) => `${r.toFixed(2)}x`;
  const cpu = (us: number | undefined) => (us === undefined ? '?' : count(us));
  const problems = (r: LoadResult) => (r.non2xx || r.errors ? `non-2xx ${r.non2xx}, errors ${r.errors}` : '');
  const row = (name: string, r: LoadResult, rps: string, p99: string, cpuUs: string) => [name, count(r.requestsPerSecond), ms(r.p50Ms), ms(r.p99Ms), rps, p99, String(r.timeouts), cpuUs, problems(r)];
  const rows = search.results.flatMap((r) => [
    row(`${r.database}: listing API (reference)`, r.reference, '1.00x', '1.00x', ''),
    row(`${r.database}: search, fixed queries`, r.search, ratio(r.ratioToListing), ratio(r.p99RatioToListing), cpu(r.cpuUsPerSearch)),
    row(`${r.database}: search, sampled queries`, r.sampled, ratio(r.sampledRatioToListing), ratio(r.sampledP99RatioToListing), cpu(r.cpuUsPerSampledSearch)),
  ]);
  const builds = search.results.map((r) => [r.database, seconds(r.corpusSeconds), seconds(r.indexSeconds), mb(r.databaseBytes), r.serverRssBytes === undefined ? '?' : mb(r.serverRssBytes)]);
  const blocking = blockingLines(search.results);
  const queryRows = search.results[0]?.queries.map((q, i) => [q.query.slice(0, 60), count(q.total), ...search.results.map((r) => ms(r.queries[i]?.medianMs ?? 0))]) ?? [];
  const sampledRows = search.results.flatMap((r) => r.sampledMedians.map((k) => [`${r.database}: ${k.kind}`, String(k.queries), ms(k.medianMs), ms(k.slowestMs), k.slowest.slice(0, 50)]));
  return {
    lines: [
      `Search (GET /api/v1/public/search, ${search.articles.toLocaleString('en-US')} articles; reference: ${listingPath} on the same server; ` +
        `${search.queries.length} fixed queries, and ${search.sampledQueries} drawn from the corpus with BENCH_SEARCH_SEED=${search.sampledSeed}, each set round-robin):`,
      table(['case', 'requests/s', 'p50 ms', 'p99 ms', 'req/s vs listing', 'p99 vs listing', 'timeouts', 'server CPU us/req', 'problems'], rows),
      '',
      table(['database', 'corpus rows', 'index build', 'database size', 'server memory after'], builds),
      '',
      'Each fixed query alone, median of 15 sequential requests (ms):',
      table(['query', 'matches', ...search.results.map((r) => r.database)], queryRows),
      '',
      'Sampled queries alone, by kind (median of 15 sequential requests each; the median over the kind, and the slowest):',
      table(['kind', 'queries', 'median ms', 'slowest ms', 'slowest query'], sampledRows),
      ...blocking.lines,
      ...search.skipped,
    ],
    targets: [
      ...search.results.flatMap((r) => [
        `  search p99 < 20 ms with ${search.articles.toLocaleString('en-US')} articles (${r.database}): ${ms(r.search.p99Ms)} ms ${r.search.p99Ms < 20 ? 'met' : 'NOT met'}`,
        `  search >= 0.5x the listing API's requests/s (${r.database}): fixed ${ratio(r.ratioToListing)}, sampled ${ratio(r.sampledRatioToListing)} ${Math.min(r.ratioToListing, r.sampledRatioToListing) >= 0.5 ? 'met' : 'NOT met'}`,
        `  search p99 <= 3x the listing API's (${r.database}): fixed ${ratio(r.p99RatioToListing)}, sampled ${ratio(r.sampledP99RatioToListing)} ${Math.max(r.p99RatioToListing, r.sampledP99RatioToListing) <= 3 ? 'met' : 'NOT met'}`,
        `  no search timeouts (${r.database}): ${r.search.timeouts + r.sampled.timeouts} ${r.search.timeouts + r.sampled.timeouts === 0 ? 'met' : 'NOT met'}`,
      ]),
      ...blocking.targets,
    ],
  };
}

function partsRun(o: BenchOptions): string {
  return `${Object.entries(o.parts)
    .filter(([, on]) => on)
    .map(([part]) => part)
    .join(', ')} only`;
}

/** Growth within this factor from the smallest corpus to the largest counts as flat (DESIGN.md section 4). */
const flatGrowth = 1.2;

function growthSection(growth: GrowthReport): Section {
  const sizes = growth.sizes.map((n) => n.toLocaleString('en-US'));
  const rows = growth.rows.map((r) => [r.page, ...r.medianCpuMs.map(ms), `${r.ratio.toFixed(2)}x`, r.ratio <= flatGrowth ? '' : 'GROWS', ...r.medianMs.map(ms)]);
  const growing = growth.rows.filter((r) => r.ratio > flatGrowth);
  return {
    lines: [
      `Growth (uncached renders of the same pages from each corpus, in-process app.inject with the page cache off, one at a time, ${growth.samples} per page kind and corpus, the corpora alternating; ` +
        `corpora built in ${growth.corpusSeconds.map((s) => `${s.toFixed(0)} s`).join(' and ')}):`,
      table(['page', ...sizes.map((s) => `CPU ms @${s}`), `${sizes[sizes.length - 1]} / ${sizes[0]}`, '', ...sizes.map((s) => `wall ms @${s}`)], rows),
      '(CPU ms: median CPU time of the bench process per render, queries included (SQLite runs on its thread); the ratio is of these. wall ms: median elapsed time.)',
    ],
    targets: [
      `  every page's cost within ${flatGrowth}x from ${sizes[0]} to ${sizes[sizes.length - 1]} articles: ` +
        (growing.length === 0 ? 'met' : `NOT met (${growing.map((r) => `${r.page} ${r.ratio.toFixed(2)}x`).join(', ')})`),
    ],
  };
}

function processesSection(report: ProcessesReport): Section {
  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  const [one, ...others] = report.results;
  if (!one) return { lines: report.skipped, targets: [] };
  const problems = (r: LoadResult) => (r.non2xx || r.errors || r.timeouts ? `non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}` : '');
  const rows = report.results.flatMap((c) =>
    c.kinds.map((k, i) => {
      const single = one.kinds[i]!.load;
      return [
        `${k.kind}, ${c.processes} process${c.processes === 1 ? '' : 'es'}`,
        String(k.connections),
        count(k.load.requestsPerSecond),
        ms(k.load.p50Ms),
        ms(k.load.p99Ms),
        `${(k.load.requestsPerSecond / single.requestsPerSecond).toFixed(2)}x`,
        `${(k.load.p99Ms / single.p99Ms).toFixed(2)}x`,
        problems(k.load),
      ];
    }),
  );
  const totals = report.results.map((c) => {
    const rate = c.kinds.reduce((n, k) => n + k.load.requestsPerSecond, 0);
    const connections = c.databaseConnections === undefined ? '?' : String(c.databaseConnections);
    return `${c.processes} process${c.processes === 1 ? '' : 'es'}: ${count(rate)} requests/s in all, server CPU ${c.cpuUsPerRequest === undefined ? '?' : count(c.cpuUsPerRequest)} us/request, ${connections} connections to PostgreSQL at the end of the load (at most ${c.processes} x (${report.poolSize} + 1))`;
  });
  return {
    lines: [
      `Several processes, one PostgreSQL (${report.articles.toLocaleString('en-US')} articles; pages, listing API, search API and votes at once, each on its own connections; three processes behind one port with node:cluster; DATABASE_POOL_SIZE=${report.poolSize}):`,
      table(['kind, processes', 'connections', 'requests/s', 'p50 ms', 'p99 ms', 'req/s vs 1 process', 'p99 vs 1 process', 'problems'], rows),
      ...totals,
      ...report.skipped,
    ],
    targets: others.map(
      (c) => `  ${c.processes} processes never exhaust max_connections (100 by default): ${c.databaseConnections ?? '?'} connections held ${(c.databaseConnections ?? 0) < 100 ? 'met' : 'NOT met'}`,
    ),
  };
}

function languagesSection(report: LanguagesReport): Section {
  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  const ratio = (r: number) => `${r.toFixed(2)}x`;
  const optionalRatio = (r: number | undefined) => (r === undefined ? '?' : ratio(r));
  const cpu = (us: number | undefined) => (us === undefined ? '?' : count(us));
  const { oneLanguage: one, twoLanguages: two } = report;
  const sites: Array<[string, LanguagePhase]> = [
    ['one language', one],
    ['two languages', two],
  ];
  const loads = sites.map(([name, p]) => [
    name,
    count(p.articlePageBytes),
    p.bare.map((b) => count(b.requestsPerSecond)).join(' / '),
    p.cached.map((c) => count(c.requestsPerSecond)).join(' / '),
    ratio(p.cachedRatioToBare),
    cpu(p.cachedCpuUsPerRequest),
    count(p.firstVisits.requestsPerSecond),
    `${ms(p.firstVisits.p50Ms)} / ${ms(p.firstVisits.p99Ms)}`,
    cpu(p.firstVisits.cpuUsPerRequest),
  ]);
  const sets = [
    ['all', 'all'],
    ['stay English', 'English (translated on the bilingual site)'],
    ['become Russian', 'Russian on the bilingual site'],
  ] as const;
  const renders = sets.map(([set, label]) => [
    label,
    String(two.renders[set].samples),
    `${ms(one.renders[set].medianCpuMs)} / ${ms(one.renders[set].medianMs)} / ${ms(one.renders[set].p99Ms)}`,
    `${ms(two.renders[set].medianCpuMs)} / ${ms(two.renders[set].medianMs)} / ${ms(two.renders[set].p99Ms)}`,
    ratio(two.renders[set].medianCpuMs / one.renders[set].medianCpuMs),
    ratio(two.renders[set].medianMs / one.renders[set].medianMs),
  ]);
  const problems = sites.flatMap(([name, p]) =>
    [...p.bare, ...p.cached, p.firstVisits].filter((r) => r.non2xx || r.errors || r.timeouts).map((r) => `${name}: non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}`),
  );
  const headline =
    `two languages / one: cached article page ${ratio(report.cachedRatio)} (of the ratios to bare; CPU per request ${optionalRatio(report.cachedCpuRatio)}), ` +
    `uncached article render median ${ratio(report.uncachedCpuRatio)} in CPU time, ${ratio(report.uncachedMedianRatio)} in wall time ` +
    `(first visits under load: server CPU per render ${optionalRatio(report.firstVisitCpuRatio)})`;
  return {
    lines: [
      `Languages (${report.articles.toLocaleString('en-US')} articles by ${report.experts} experts, and a copy with Russian added to the site's languages and ` +
        `${report.translations.toLocaleString('en-US')} of the articles made Russian translations of their neighbours by the same expert; the two sites measured by turns). ` +
        `Cached: ${two.articlePath}, English on both, with a Russian translation on the bilingual one. First visits: ${report.firstVisitUrls} articles, each requested once ` +
        `(about half of them under /ru/ on the bilingual site):`,
      table(['site', 'page bytes', 'bare req/s (first / last)', 'cached req/s (two runs)', 'vs bare', 'cached CPU us/req', 'first visits/s', 'p50 / p99 ms', 'CPU us/render'], loads),
      '(Each site has its own bare node:http server sending its own page bytes; "vs bare" divides by the mean of its two runs. CPU: the server process\'s.)',
      '',
      'Uncached renders of the same articles on both sites (in-process app.inject, page cache off, one at a time, alternating between the sites), CPU median / wall median / wall p99 in ms:',
      table(['articles', 'samples', 'one language', 'two languages', 'CPU two / one', 'wall two / one'], renders),
      "(CPU: the bench process's per render, SQLite included; steadier than wall time on a shared machine.)",
      '',
      `Closing note, ${headline}.`,
      ...problems,
    ],
    targets: [
      `  article page >= 0.8x bare with two languages: ${ratio(two.cachedRatioToBare)} ${two.cachedRatioToBare >= 0.8 ? 'met' : 'NOT met'} (one language: ${ratio(one.cachedRatioToBare)})`,
      `  uncached article render < 1 ms median with two languages: ${ms(two.renders.all.medianMs)} ms ${two.renders.all.medianMs < 1 ? 'met' : 'NOT met'} (one language: ${ms(one.renders.all.medianMs)} ms)`,
      `  ${headline}`,
    ],
  };
}

/** (max - min) / max */
function spread(values: number[]): number {
  const max = Math.max(...values);
  return max > 0 ? (max - Math.min(...values)) / max : 0;
}

export function writeJson(file: string, report: BenchReport): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
}
