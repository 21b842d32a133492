import autocannon from 'autocannon';

export interface LoadTarget {
  /** http://host:port */
  baseUrl: string;
  /** Paths to request; one path is requested every time, several are gone through round-robin across all connections. */
  paths: string[];
  /** A POST with this JSON body instead of a GET (the same body every time). */
  postJson?: unknown;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
}

/**
 * Holds `connections` keep-alive connections busy for `seconds` and reports throughput and latency.
 * Latency percentiles are computed here from every 2xx response time: autocannon's own histogram
 * keeps whole milliseconds, too coarse for responses that take a fraction of one.
 */
export async function runLoad(target: LoadTarget, seconds: number, connections: number): Promise<LoadResult> {
  const instance = autocannon({
    url: target.baseUrl + (target.paths.length === 1 ? target.paths[0]! : ''),
    connections,
    duration: seconds,
    timeout: 10,
    ...(target.postJson !== undefined && { method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: JSON.stringify(target.postJson) }),
    requests: target.paths.length > 1 ? [roundRobin(target.paths)] : undefined,
  });
  const latencies: number[] = [];
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
  };
}

/**
 * One request template whose path advances on every request, shared by all connections: each
 * connection going through the list on its own would have all of them ask for the same page at once.
 */
function roundRobin(paths: string[]): autocannon.RequestSpec {
  let next = 0;
  return {
    setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }),
  };
}

/** Nearest-rank percentile of sorted values; 0 when there are none. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}
