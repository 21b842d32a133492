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

/** The office's styles: every file in theme/admin, in name order, as one stylesheet. */
function officeStyles(): Buffer {
  const dir = path.join(root, 'theme', 'admin');
  const names = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.css'))
    .sort();
  return Buffer.concat(names.map((n) => fs.readFileSync(path.join(dir, n))));
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
    entryPoints: { main: path.join(root, 'src/client/main.ts'), admin: path.join(root, 'src/client/admin.ts') },
    outdir: 'out',
    bundle: true,
    format: 'esm',
    minify: true,
    write: false,
    target: 'es2020',
  });
  const script = (name: string) => Buffer.from(bundle.outputFiles.find((f) => path.basename(f.path) === name)!.contents);
  // esbuild keeps a helper process for further builds; a server makes none, so let it go.
  await stopEsbuild();
  return {
    files,
    urls: {
      screenCss: css('screen.css'),
      printCss: css('print.css'),
      favicon: add('favicon.svg', fs.readFileSync(path.join(root, 'theme', 'favicon.svg')), 'image/svg+xml'),
      clientJs: add('main.js', script('main.js'), 'text/javascript; charset=utf-8'),
      adminCss: add('admin.css', officeStyles(), 'text/css; charset=utf-8'),
      adminJs: add('admin.js', script('admin.js'), 'text/javascript; charset=utf-8'),
    },
  };
}
