import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { errorHandler } from '../http/errors.ts';
import { loadAssets, type AssetBundle } from '../views/assets.ts';
import { preferredEncoding } from '../core/content-encoding.ts';
import { assetRoutes } from './routes.tsx';

describe('choosing a coding from Accept-Encoding', () => {
  const cases: Array<[string | undefined, string | undefined]> = [
    [undefined, undefined],
    ['', undefined],
    ['identity', undefined],
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['BR', 'br'],
    ['deflate', undefined],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0.8, gzip;q=0.9', 'gzip'],
    ['br; q=1.0, gzip; q=1.0', 'br'],
    ['br;q=0, gzip;q=0', undefined],
    ['br;q=0', undefined],
    ['*', 'br'],
    ['gzip;q=1, *;q=0.5', 'gzip'],
    ['*;q=0.1, identity', undefined],
    ['br;q=0, *', 'gzip'],
    ['*;q=0', undefined],
    ['identity;q=0, gzip;q=0.2', 'gzip'],
    ['brotli, gzipped', undefined],
    ['br;q=nonsense, gzip', 'gzip'],
    ['gzip;q=0.5, *;q=0.4', 'gzip'],
    ['*;q=0.5', 'br'],
  ];
  for (const [header, expected] of cases) {
    test(`${JSON.stringify(header)} gets ${expected ?? 'the bytes as they are'}`, () => {
      assert.equal(preferredEncoding(header), expected);
    });
  }
});

describe('static assets', () => {
  let assets: AssetBundle;
  let app: FastifyInstance;
  before(async () => {
    assets = await loadAssets();
    app = Fastify();
    app.setErrorHandler(errorHandler(async (_request, status, kind) => `<h1>${status} ${kind}</h1>`));
    assetRoutes(app, assets);
    await app.ready();
  });
  after(() => app.close());

  const screenCss = () => assets.urls.screenCss;
  const fileOf = (url: string) => assets.files.get(url.slice('/assets/'.length))!;

  test('the stylesheets are minified: no comments, and smaller than the theme files', async () => {
    const css = fileOf(screenCss()).body.toString();
    assert.ok(!css.includes('/*'), 'comments are gone');
    assert.ok(!css.includes('\n  '), 'indentation is gone');
    assert.ok(css.includes('oklch(from'), 'modern colour syntax is kept as written');
    assert.match(screenCss(), /^\/assets\/screen\.[0-9a-f]{12}\.css$/);
    for (const url of [assets.urls.printCss, assets.urls.adminCss]) assert.ok(!fileOf(url).body.toString().includes('/*'), url);
  });

  test('every text asset has Brotli and gzip copies that decompress to it', () => {
    for (const [name, asset] of assets.files) {
      assert.ok(asset.encoded.br && asset.encoded.gzip, name);
      assert.ok(asset.encoded.br.length < asset.body.length && asset.encoded.gzip.length < asset.body.length, name);
      assert.deepEqual(zlib.brotliDecompressSync(asset.encoded.br), asset.body, name);
      assert.deepEqual(zlib.gunzipSync(asset.encoded.gzip), asset.body, name);
    }
  });

  test('a reader that accepts Brotli gets Brotli, with Vary and the compressed length', async () => {
    const res = await app.inject({ url: screenCss(), headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-encoding'], 'br');
    assert.equal(res.headers.vary, 'Accept-Encoding');
    assert.equal(res.headers['content-type'], 'text/css; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(Number(res.headers['content-length']), res.rawPayload.length);
    assert.deepEqual(zlib.brotliDecompressSync(res.rawPayload), fileOf(screenCss()).body);
  });

  test('gzip for a reader that accepts only gzip, or prefers it by q-value', async () => {
    for (const header of ['gzip', 'br;q=0.5, gzip', 'br;q=0, *']) {
      const res = await app.inject({ url: assets.urls.clientJs, headers: { 'accept-encoding': header } });
      assert.equal(res.headers['content-encoding'], 'gzip', header);
      assert.equal(Number(res.headers['content-length']), res.rawPayload.length, header);
      assert.deepEqual(zlib.gunzipSync(res.rawPayload), fileOf(assets.urls.clientJs).body, header);
    }
  });

  test('the bytes as they are without Accept-Encoding, for identity, or when every coding is refused', async () => {
    for (const headers of [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'br;q=0, gzip;q=0' }, { 'accept-encoding': 'deflate' }]) {
      const res = await app.inject({ url: screenCss(), headers });
      assert.equal(res.headers['content-encoding'], undefined, JSON.stringify(headers));
      assert.equal(res.headers.vary, 'Accept-Encoding', JSON.stringify(headers));
      assert.deepEqual(res.rawPayload, fileOf(screenCss()).body, JSON.stringify(headers));
      assert.equal(Number(res.headers['content-length']), fileOf(screenCss()).body.length);
    }
  });

  test('any coding for `*`', async () => {
    const res = await app.inject({ url: assets.urls.adminCss, headers: { 'accept-encoding': '*' } });
    assert.equal(res.headers['content-encoding'], 'br');
  });

  test('the favicon (SVG, text) is compressed too', async () => {
    const res = await app.inject({ url: assets.urls.favicon, headers: { 'accept-encoding': 'br' } });
    assert.equal(res.headers['content-type'], 'image/svg+xml');
    assert.equal(res.headers['content-encoding'], 'br');
    assert.deepEqual(zlib.brotliDecompressSync(res.rawPayload), fileOf(assets.urls.favicon).body);
  });

  test('HEAD gives the headers of the GET it stands for, without a body', async () => {
    const get = await app.inject({ url: screenCss(), headers: { 'accept-encoding': 'br' } });
    const head = await app.inject({ method: 'HEAD', url: screenCss(), headers: { 'accept-encoding': 'br' } });
    assert.equal(head.statusCode, 200);
    assert.equal(head.rawPayload.length, 0);
    for (const name of ['content-encoding', 'content-length', 'content-type', 'vary', 'etag']) assert.equal(head.headers[name], get.headers[name], name);
  });

  test('a revalidation with the ETag gets 304 and no body, whatever the coding', async () => {
    const first = await app.inject({ url: screenCss(), headers: { 'accept-encoding': 'br' } });
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[0-9a-f]{12}"$/);
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await app.inject({ url: screenCss(), headers: { 'if-none-match': ifNoneMatch, 'accept-encoding': 'gzip' } });
      assert.equal(res.statusCode, 304, ifNoneMatch);
      assert.equal(res.rawPayload.length, 0);
      assert.equal(res.headers.etag, etag);
      assert.equal(res.headers.vary, 'Accept-Encoding');
    }
    const stale = await app.inject({ url: screenCss(), headers: { 'if-none-match': '"something-else"' } });
    assert.equal(stale.statusCode, 200);
  });

  test('an unknown name is not found', async () => {
    const res = await app.inject({ url: '/assets/screen.000000000000.css', headers: { 'accept-encoding': 'br' } });
    assert.equal(res.statusCode, 404);
    assert.equal(res.headers['content-encoding'], undefined);
  });

  test('the themed screen stylesheet carries the brand colour, is made once per colour, and is served compressed', async () => {
    const url = await assets.themedScreenCss('#1D4E89');
    assert.match(url, /^\/assets\/screen\.[0-9a-f]{12}\.css$/);
    assert.notEqual(url, screenCss());
    assert.equal(await assets.themedScreenCss('#1d4e89'), url, 'made once');
    const body = fileOf(url).body.toString();
    assert.ok(body.startsWith(fileOf(screenCss()).body.toString()) && body.endsWith(':root{--brand:#1d4e89}'));
    const res = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
    assert.equal(res.headers['content-encoding'], 'br');
    assert.equal(zlib.brotliDecompressSync(res.rawPayload).toString(), body);
    const hostile = fileOf(await assets.themedScreenCss('red;}body{display:none')).body.toString();
    assert.ok(hostile.endsWith(':root{--brand:#8a1c2b}'), 'only a hex colour passes');
  });

  test('only the last few colours used keep a stylesheet', async () => {
    const urls = [];
    for (const colour of ['#111111', '#222222', '#333333', '#444444']) urls.push(await assets.themedScreenCss(colour));
    await assets.themedScreenCss('#111111'); // in use again: now the most recent
    await assets.themedScreenCss('#555555');
    const kept = (url: string) => assets.files.has(url.slice('/assets/'.length));
    assert.equal(kept(urls[0]!), true, 'the colour used again stays');
    assert.equal(kept(urls[1]!), false, 'the least recently used is gone');
    assert.equal(kept(urls[3]!), true);
  });

  test("a themed stylesheet this process does not hold is made from the site's colour when asked for", async () => {
    // Another process linked it (the colour changed there); here it was never made, or was forgotten.
    const url = await assets.themedScreenCss('#0b6e4f');
    for (const colour of ['#121212', '#232323', '#343434', '#454545']) await assets.themedScreenCss(colour);
    assert.equal(assets.files.has(url.slice('/assets/'.length)), false, 'forgotten here');
    const other = Fastify();
    other.setErrorHandler(errorHandler(async (_request, status, kind) => `<h1>${status} ${kind}</h1>`));
    let themesLoaded = 0;
    assetRoutes(other, assets, async () => {
      themesLoaded++;
      return assets.themedScreenCss('#0b6e4f');
    });
    await other.ready();
    try {
      const res = await other.inject({ url });
      assert.equal(res.statusCode, 200);
      assert.ok(res.body.endsWith(':root{--brand:#0b6e4f}'));
      assert.equal((await other.inject({ url: screenCss() })).statusCode, 200);
      assert.equal(themesLoaded, 1, 'a file it holds is sent without looking at the settings');
      assert.equal((await other.inject({ url: '/assets/screen.000000000000.css' })).statusCode, 404, 'a name no colour gives is still not found');
    } finally {
      await other.close();
    }
  });

  test('assets are made once per process', async () => {
    assert.equal(await loadAssets(), assets);
  });
});
