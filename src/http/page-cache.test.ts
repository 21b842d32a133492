import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { encodedPage, PageCache } from './page-cache.ts';
import { cachingServerFactory } from './pages.ts';

const page = (n: number, size = 1000) => Buffer.alloc(size, String(n % 10));

test('the cache keeps within its byte budget, dropping the oldest pages first', () => {
  const cache = new PageCache(60_000, 10_000);
  for (let i = 0; i < 20; i++) cache.set(`/p${i}`, page(i), 'text/html');
  assert.ok(cache.sizeInBytes <= 10_000);
  assert.equal(cache.get('/p0'), undefined);
  assert.ok(cache.get('/p19'));
  const stored = cache.get('/p19')!;
  const br = encodedPage(cache, stored, 'gzip, br')!;
  assert.equal(zlib.brotliDecompressSync(br.body).toString(), stored.body.toString());
  assert.equal(encodedPage(cache, stored, 'br'), br, 'compressed once, then reused');
  assert.ok(cache.sizeInBytes <= 10_000, 'the compressed copy pushed an older page out');
  assert.equal(encodedPage(cache, stored, 'identity'), undefined);
  cache.set('/p19', page(5, 500), 'text/html');
  assert.equal(cache.get('/p19')!.body.length, 500, 'storing again replaces the page and its compressed copies');
  cache.clearLocal();
  assert.equal(cache.sizeInBytes, 0);
});

test('compressed copies push the oldest pages out, so that the budget holds whatever readers accept', () => {
  const cache = new PageCache(60_000, 10_000);
  // Random bytes barely compress: each copy costs about as much as its page.
  for (let i = 0; i < 5; i++) cache.set(`/p${i}`, randomBytes(2000), 'text/html');
  assert.equal(cache.sizeInBytes, 10_000);
  for (let i = 4; i >= 3; i--) encodedPage(cache, cache.get(`/p${i}`)!, 'br');
  assert.ok(cache.sizeInBytes <= 10_000);
  assert.equal(cache.get('/p0'), undefined, 'the oldest page went first');
  assert.ok(cache.get('/p4')?.encoded.br, 'the page just compressed stays, with its copy');
});

test('pages expire, and a cache with no lifetime keeps nothing', () => {
  const off = new PageCache(0);
  assert.equal(off.set('/a', page(1), 'text/html'), undefined);
  const cache = new PageCache(1);
  cache.set('/a', page(1), 'text/html');
  const until = Date.now() + 5;
  while (Date.now() < until) {
    // wait past the one-millisecond lifetime
  }
  assert.equal(cache.get('/a'), undefined);
  assert.equal(cache.sizeInBytes, 0);
});

test('the caching server keeps idle connections open as long as Fastify would (not Node’s 5 s), and bounds how long a request may take to arrive', () => {
  const make = cachingServerFactory(new PageCache(1000));
  const server = make(() => {}, { keepAliveTimeout: 72_000 });
  assert.equal(server.keepAliveTimeout, 72_000);
  // Node counts both from a request's first byte, so they need not outlast an idle kept-alive connection.
  assert.ok(server.headersTimeout > 0 && server.headersTimeout <= 30_000, 'a client trickling its headers is cut off soon');
  assert.ok(server.requestTimeout > server.headersTimeout && server.requestTimeout <= 300_000, 'and one trickling its body, once an upload has had its time');
  assert.equal(make(() => {}, {}).keepAliveTimeout, 72_000);
});

test('a page is kept no later than the moment given, however long it took to make', () => {
  const cache = new PageCache(60_000);
  cache.set('/poll', page(1), 'text/html', undefined, { expiresAt: Date.now() - 1 });
  assert.equal(cache.get('/poll'), undefined);
  cache.set('/later', page(1), 'text/html', undefined, { expiresAt: Date.now() + 30_000 });
  assert.ok(cache.get('/later'));
});
