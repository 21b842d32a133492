// npm run lighthouse: Lighthouse's four scores (performance, accessibility, best practices, SEO) for the
// front page, an article, /polls and a blog, with the mobile and the desktop preset, in Debian's Chromium.
// Starts `rostrum serve` on the demo institution in a fresh data folder (ROSTRUM_URL=http://… audits a
// running site instead), prints one line per page and preset, and exits 1 when any score is below 1.0.
// LIGHTHOUSE_RUNS=n runs each audit n times and keeps the median score (performance is timed, so it
// moves with the machine's load; the other three categories do not). CHROMIUM_PATH overrides the browser.
//
// Lighthouse itself is a dev dependency (lighthouse@12: 13 needs Node 22); it must not download a browser.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const categories = ['performance', 'accessibility', 'best-practices', 'seo'];

/** The flags the tests give Chromium: headless, and nothing reaching out to the network by itself. */
const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

/** Debian's Chromium with its DevTools port open for Lighthouse, in a profile of its own that goes with it. */
export async function launchChromium() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'rostrum-lighthouse-'));
  const child = spawn(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', [...chromiumFlags, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  const port = await new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      output += d;
      const match = /DevTools listening on ws:\/\/[^/]+:(\d+)\//.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`Chromium exited (${code}) before opening its DevTools port:\n${output}`)));
  });
  return {
    port,
    async close() {
      if (child.exitCode === null) {
        child.kill();
        await once(child, 'exit');
      }
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * One Lighthouse run of `url` in the browser at `port`: each category's score, and for each category
 * below 1 the audits that cost it. A run whose trace came out broken (NO_NAVSTART happens now and then
 * in headless Chromium) is run again, up to three times.
 */
export async function audit(url, { port, preset = 'mobile', only = categories }) {
  const { default: lighthouse } = await import('lighthouse');
  const config = preset === 'desktop' ? (await import('lighthouse/core/config/desktop-config.js')).default : undefined;
  for (let attempt = 1; ; attempt++) {
    // No full-page screenshot: nothing here shows the report, and on a long article it is a good part of the run.
    const { lhr } = await lighthouse(url, { port, logLevel: 'error', output: 'json', onlyCategories: only, disableFullPageScreenshot: true }, config);
    if (lhr.runtimeError && attempt < 3) continue;
    const scores = Object.fromEntries(only.map((id) => [id, lhr.categories[id]?.score ?? 0]));
    const failing = only.flatMap((id) =>
      (lhr.categories[id]?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
        .map((ref) => `${id}: ${ref.id} ${lhr.audits[ref.id].score}${lhr.audits[ref.id].displayValue ? ` (${lhr.audits[ref.id].displayValue})` : ''}`),
    );
    return { scores, failing, error: lhr.runtimeError?.message };
  }
}

/** The four pages, found from the front page's links: the first article and the first blog it names. */
export async function pagesOf(base) {
  const html = await (await fetch(base + '/')).text();
  const links = [...html.matchAll(/href="(\/blogs\/[^"?#]+)"/g)].map((m) => m[1]);
  const article = links.find((l) => /^\/blogs\/[^/]+\/[^/]+$/.test(l));
  const blog = links.find((l) => /^\/blogs\/[^/]+$/.test(l));
  if (!article || !blog) throw new Error(`The front page at ${base} links no article or no blog: is the demo loaded?`);
  return { front: '/', article, polls: '/polls', blog };
}

/** Asks for each page once, as earlier readers would have, so that Lighthouse gets them from the page cache. */
export async function warm(base, pages) {
  for (const page of Object.values(pages)) await (await fetch(base + page, { headers: { 'accept-encoding': 'br, gzip' } })).arrayBuffer();
}

/** A port nobody listens on now, for a server whose public address must be known before it starts. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** `rostrum serve` on the demo institution, in a data folder of its own; the public address is the one it listens on. */
async function startDemoServer() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rostrum-lighthouse-data-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.join(root, 'bin/rostrum.js'), 'serve'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base, ROSTRUM_DEMO: '1', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise((resolve, reject) => {
    const collect = (d) => {
      output += d;
      if (/listening on http/.test(output)) resolve();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('exit', (code) => reject(new Error(`rostrum serve exited (${code}) before listening:\n${output}`)));
  });
  return {
    base,
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const runs = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 1) || 1);
  const server = process.env.ROSTRUM_URL ? { base: process.env.ROSTRUM_URL.replace(/\/+$/, ''), close: async () => {} } : await startDemoServer();
  const chromium = await launchChromium();
  let allPerfect = true;
  try {
    const pages = await pagesOf(server.base);
    await warm(server.base, pages);
    console.log(`Lighthouse on ${server.base}${runs > 1 ? `, median of ${runs} runs` : ''}`);
    console.log(['preset ', 'page   ', ...categories.map((c) => c.padEnd(14))].join(' '));
    for (const preset of ['mobile', 'desktop']) {
      for (const [name, page] of Object.entries(pages)) {
        const results = [];
        for (let i = 0; i < runs; i++) results.push(await audit(server.base + page, { port: chromium.port, preset }));
        const scores = categories.map((c) => median(results.map((r) => r.scores[c])));
        if (scores.some((s) => s < 1)) allPerfect = false;
        console.log([preset.padEnd(7), name.padEnd(7), ...scores.map((s) => s.toFixed(2).padEnd(14)), page].join(' '));
        for (const line of new Set(results.flatMap((r) => [...r.failing, ...(r.error ? [`error: ${r.error}`] : [])]))) console.log(`    ${line}`);
      }
    }
  } finally {
    await chromium.close();
    await server.close();
  }
  if (!allPerfect) {
    console.log('Some score is below 1.0.');
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
