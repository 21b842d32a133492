import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build, stop as stopEsbuild, transform } from 'esbuild';
import { compressSmallest, type Encoding } from '../core/content-encoding.ts';
import { projectRoot } from '../core/project-root.ts';
import { safeColor } from './layout.tsx';
import type { AssetUrls } from './site.ts';

const root = projectRoot();

export interface Asset {
  body: Buffer;
  contentType: string;
  /** The name's hash, quoted: a browser that revalidates anyway (a forced reload) gets a 304. */
  etag: string;
  /** The body compressed once at start, in each coding that makes it smaller. */
  encoded: Partial<Record<Encoding, Buffer>>;
}

export interface AssetBundle {
  /** Served at /assets/<name>; names carry a content hash, so they are cached for good. */
  files: Map<string, Asset>;
  /** screenCss here has no brand colour: pages link the one themedScreenCss gives. */
  urls: AssetUrls;
  /**
   * The screen stylesheet with the site's brand colour in it, made (and compressed) once per colour: one
   * stylesheet that blocks the first paint rather than two, on a phone's connection one round trip less.
   */
  themedScreenCss(brandColor: string): Promise<string>;
}

/** Brand colours a process keeps a stylesheet for; a site has one at a time, so only a settings change adds one. */
const themedKept = 4;

function contentHash(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 12);
}

function hashedName(name: string, hash: string): string {
  const dot = name.lastIndexOf('.');
  return `${name.slice(0, dot)}.${hash}${name.slice(dot)}`;
}

/** Brotli and gzip copies, each kept only where it saves bytes (a tiny file can grow). */
async function precompressed(body: Buffer): Promise<Partial<Record<Encoding, Buffer>>> {
  const encoded: Partial<Record<Encoding, Buffer>> = {};
  for (const encoding of ['br', 'gzip'] as const) {
    const smaller = await compressSmallest(body, encoding);
    if (smaller.length < body.length) encoded[encoding] = smaller;
  }
  return encoded;
}

/** Comments and spaces out; nothing rewritten for older browsers (no target), so the rules stay as written. */
async function minifiedCss(css: Buffer): Promise<Buffer> {
  return Buffer.from((await transform(css.toString('utf8'), { loader: 'css', minify: true })).code);
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

let loaded: Promise<AssetBundle> | undefined;

/**
 * Reads and minifies the theme, bundles the browser modules and compresses them all, once per process
 * (the files cannot change under a running server; every app a test builds shares them).
 */
export function loadAssets(): Promise<AssetBundle> {
  loaded ??= buildAssets();
  return loaded;
}

async function buildAssets(): Promise<AssetBundle> {
  const files = new Map<string, Asset>();
  const add = async (name: string, body: Buffer, contentType: string) => {
    const hash = contentHash(body);
    const fileName = hashedName(name, hash);
    files.set(fileName, { body, contentType, etag: `"${hash}"`, encoded: await precompressed(body) });
    return `/assets/${fileName}`;
  };
  const cssType = 'text/css; charset=utf-8';
  const themeCss = async (name: string) => minifiedCss(fs.readFileSync(path.join(root, 'theme', name)));
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
  const screen = await themeCss('screen.css');
  const [screenCss, printCss, favicon, clientJs, adminCss, adminJs] = await Promise.all([
    add('screen.css', screen, cssType),
    add('print.css', await themeCss('print.css'), cssType),
    add('favicon.svg', fs.readFileSync(path.join(root, 'theme', 'favicon.svg')), 'image/svg+xml'),
    add('main.js', script('main.js'), 'text/javascript; charset=utf-8'),
    add('admin.css', await minifiedCss(officeStyles()), cssType),
    add('admin.js', script('admin.js'), 'text/javascript; charset=utf-8'),
  ]);
  // esbuild keeps a helper process for further builds and transforms; a server makes none, so let it go.
  await stopEsbuild();

  const themed = new Map<string, Promise<string>>();
  const themedScreenCss = (brandColor: string) => {
    const colour = safeColor(brandColor).toLowerCase();
    // Kept in the order of last use, so the colour in use is never the one forgotten.
    const url = themed.get(colour) ?? add('screen.css', Buffer.concat([screen, Buffer.from(`:root{--brand:${colour}}`)]), cssType);
    themed.delete(colour);
    themed.set(colour, url);
    // The least recently used colour's file goes: pages that linked it left the page cache when the colour changed.
    if (themed.size > themedKept) forgetLeastRecentTheme();
    return url;
  };
  const forgetLeastRecentTheme = () => {
    const [colour, url] = themed.entries().next().value!;
    themed.delete(colour);
    url.then((u) => files.delete(u.slice('/assets/'.length))).catch(() => {});
  };
  return { files, urls: { screenCss, printCss, favicon, clientJs, adminCss, adminJs }, themedScreenCss };
}
