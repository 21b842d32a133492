// Runs every *.test.ts(x) under src/ and test/ with node's test runner through tsx.
// Node 20 does not expand ** itself, so the files are listed here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function find(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : find(full);
    return /\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/**
 * Test files run in parallel, each in its own process. Much of their time is spent waiting (on PostgreSQL,
 * Chromium, spawned `rostrum` processes), so one more file than there are cores keeps the cores busy;
 * ROSTRUM_TEST_CONCURRENCY overrides it.
 */
function concurrency() {
  const chosen = Number(process.env.ROSTRUM_TEST_CONCURRENCY);
  return Number.isInteger(chosen) && chosen > 0 ? chosen : os.availableParallelism() + 1;
}

const only = process.argv.slice(2);
const files = only.length ? only : [...find('src'), ...find('test')].sort();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency()}`, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
