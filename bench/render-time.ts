import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.tsx';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connect.ts';
import type { Database } from '../src/schema.ts';
import { percentile } from './load.ts';

export interface RenderTiming {
  samples: number;
  medianMs: number;
  p99Ms: number;
}

export interface RenderSets {
  /** Each path is rendered once, in order; `warmup` paths first, untimed. */
  [name: string]: { warmup: string[]; timed: string[] };
}

/**
 * Server-side time of pages rendered from the database, without the page cache and without a network:
 * the app is built in this process with ROSTRUM_PAGE_CACHE_SECONDS=0 and asked through `app.inject`,
 * one request at a time, so each timing is one page's routing, queries and rendering.
 */
export async function measureRenders(dataDir: string, sets: RenderSets): Promise<Record<string, RenderTiming>> {
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', ROSTRUM_PAGE_CACHE_SECONDS: '0', ROSTRUM_DEMO: '0', PORT: '0' });
  const handle = openDatabase<Database>({ kind: 'sqlite', url: config.databaseUrl });
  const { app } = await buildApp(config, handle);
  try {
    const timings: Record<string, RenderTiming> = {};
    for (const [name, { warmup, timed }] of Object.entries(sets)) {
      for (const url of warmup) await render(app, url);
      const times: number[] = [];
      for (const url of timed) times.push(await render(app, url));
      times.sort((a, b) => a - b);
      timings[name] = { samples: times.length, medianMs: percentile(times, 0.5), p99Ms: percentile(times, 0.99) };
    }
    return timings;
  } finally {
    await app.close();
    await handle.close();
  }
}

async function render(app: FastifyInstance, url: string): Promise<number> {
  const started = performance.now();
  const response = await app.inject({ method: 'GET', url });
  const elapsed = performance.now() - started;
  if (response.statusCode !== 200) throw new Error(`GET ${url} answered ${response.statusCode} in the render measurement`);
  return elapsed;
}
