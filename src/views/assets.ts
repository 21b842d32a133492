import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, stop as stopEsbuild } from 'esbuild';
import type { AssetUrls } from './site.ts';

/** The project folder, found from this module whether it runs from src/ or bundled in dist/. */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'theme', 'screen.css'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot find the theme folder next to the Rostrum sources');
    dir = parent;
  }
  return dir;
}

const root = projectRoot();

export interface Asset {
  body: Buffer;
  contentType: string;
}

export interface AssetBundle {
  /** Served at /assets/<name>; names carry a content hash, so they are cached for good. */
  files: Map<string, Asset>;
  urls: AssetUrls;
}

function hashed(name: string, body: Buffer): string {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const dot = name.lastIndexOf('.');
  return `${name.slice(0, dot)}.${hash}${name.slice(dot)}`;
}

/** Reads the theme and bundles the browser modules once, at start. */
export async function loadAssets(): Promise<AssetBundle> {
  const files = new Map<string, Asset>();
  const add = (name: string, body: Buffer, contentType: string) => {
    const fileName = hashed(name, body);
    files.set(fileName, { body, contentType });
    return `/assets/${fileName}`;
  };
  const css = (name: string) => add(name, fs.readFileSync(path.join(root, 'theme', name)), 'text/css; charset=utf-8');
  const bundle = await build({
    entryPoints: [path.join(root, 'src/client/main.ts')],
    bundle: true,
    format: 'esm',
    minify: true,
    write: false,
    target: 'es2020',
  });
  // esbuild keeps a helper process for further builds; a server makes none, so let it go.
  await stopEsbuild();
  return {
    files,
    urls: {
      screenCss: css('screen.css'),
      printCss: css('print.css'),
      favicon: add('favicon.svg', fs.readFileSync(path.join(root, 'theme', 'favicon.svg')), 'image/svg+xml'),
      clientJs: add('main.js', Buffer.from(bundle.outputFiles[0]!.contents), 'text/javascript; charset=utf-8'),
    },
  };
}
