import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalAddress, readerPagePath } from './paths.ts';

test('an address has one canonical spelling, and it never starts with // or /\\', () => {
  const cases: Array<[string, string]> = [
    ['/', '/'],
    ['//', '/'],
    ['///blogs//x/', '/blogs/x'],
    ['/blogs/daniyar-seitkal%69', '/blogs/daniyar-seitkali'],
    ['/tags/%d0%b0', '/tags/%D0%B0'],
    ['/a%2fb', '/a%2Fb'],
    ['/%7E%41', '/~A'],
    ['/\\evil.example/', '/%5Cevil.example'],
    ['/\\/evil.example', '/%5C/evil.example'],
    ['/blogs/?cursor=a//b', '/blogs?cursor=a//b'],
    ['/a%zz', '/a%zz'],
    ['*', '*'],
  ];
  for (const [given, canonical] of cases) assert.equal(canonicalAddress(given), canonical, given);
  for (const [given] of cases) {
    const result = canonicalAddress(given);
    if (given.startsWith('/')) assert.ok(!/^\/[/\\]/.test(result), `${given} gave ${result}`);
    assert.equal(canonicalAddress(result), result, `canonical once and for all: ${given}`);
  }
});

test('only plain paths of reader pages are pages to go back to', () => {
  for (const path of ['/', '/blogs/x/y', '/blogs/x/y/', '/tags/%D0%B0', '/polls/3']) assert.equal(readerPagePath(path), path, path);
  for (const path of [
    '//evil.example/x',
    '/\\evil.example',
    '/%2F%2Fevil',
    '/%5Cevil',
    '/a/../admin',
    '/a/%2e%2e/admin',
    '/admin',
    '/api/v1/articles',
    '/media/x/1.webp',
    '/assets/app.js',
    '/blogs/%00',
    `/${'a'.repeat(2000)}`,
    'blogs',
    '',
  ]) {
    assert.equal(readerPagePath(path), undefined, path);
  }
});
