// Bundles the server and CLI (src/main.ts) into dist/main.js; packages stay in node_modules.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, stop } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Writes through temporary files and renames, so processes starting together never load half a file. */
export async function buildServer() {
  const result = await build({
    entryPoints: { main: path.join(root, 'src/main.ts') },
    outdir: path.join(root, 'dist'),
    // Commands that never serve (help, user, token …) then load neither Fastify nor the views.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    sourcemap: true,
    logLevel: 'warning',
  });
  // The bundle is made once per start; esbuild's helper process need not outlive it.
  await stop();
  fs.mkdirSync(path.join(root, 'dist', 'chunks'), { recursive: true });
  // Chunks and maps first, the entry last: a process that sees the new entry finds everything it loads.
  const entry = path.join(root, 'dist', 'main.js');
  const files = [...result.outputFiles].sort((a, b) => Number(a.path === entry) - Number(b.path === entry));
  for (const file of files) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, file.contents);
    fs.renameSync(temporary, file.path);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildServer();
