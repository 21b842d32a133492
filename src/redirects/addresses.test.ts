import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressKey, lookupKeys, targetAddress, underPrefix } from './addresses.ts';

test('an old address has one spelling: trailing slash, escapes, query order and host do not matter', () => {
  assert.equal(addressKey('/2013/01/10/hello-world/'), '/2013/01/10/hello-world');
  assert.equal(addressKey('https://old.example.org/2013/01/10/hello-world/'), '/2013/01/10/hello-world');
  assert.equal(addressKey('/?p=5&x=1'), '/?p=5&x=1');
  assert.equal(addressKey('/?x=1&p=5'), '/?p=5&x=1');
  assert.equal(addressKey('/caf%c3%a9'), '/caf%C3%A9');
  assert.equal(addressKey('/café'), '/caf%C3%A9');
  assert.equal(addressKey('/%7Euser//notes'), '/~user/notes');
  assert.equal(addressKey('/a b'), '/a%20b');
});

test('what is no path is no old address', () => {
  for (const bad of ['', '   ', 'relative/path', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 'ftp://x/y', '/a\u0000b', '/a%2Fb', '/a%00', '/x/../y', `/${'a'.repeat(2001)}`]) {
    assert.equal(addressKey(bad), undefined, JSON.stringify(bad).slice(0, 40));
  }
});

test('a target is a path here or an absolute http(s) address, escaped for a Location header', () => {
  assert.equal(targetAddress('/blogs/anna/new-piece/'), '/blogs/anna/new-piece');
  assert.equal(targetAddress('/search?q=a b#top'), '/search?q=a%20b#top');
  assert.equal(targetAddress('https://example.org/a path'), 'https://example.org/a%20path');
  assert.equal(targetAddress('https://пример.рф/'), 'https://xn--e1afmkfd.xn--p1ai/');
  for (const bad of ['//evil.example/', '/\\evil.example', 'javascript:alert(1)', 'data:text/html,x', 'https://user:pw@example.org/', 'blogs/x', '/a\nLocation: x']) {
    assert.equal(targetAddress(bad), undefined, bad);
  }
});

test('a request is looked up by its address, its path, then the folders above it', () => {
  assert.deepEqual(lookupKeys('/blogs/anna/piece?utm=1'), { exact: ['/blogs/anna/piece?utm=1', '/blogs/anna/piece'], prefixes: ['/blogs/anna/piece', '/blogs/anna', '/blogs'] });
  assert.deepEqual(lookupKeys('/old'), { exact: ['/old'], prefixes: ['/old'] });
  assert.equal(underPrefix('/blogs/old', '/blogs/new', '/blogs/old/piece/feed.xml'), '/blogs/new/piece/feed.xml');
  assert.equal(underPrefix('/blogs/old', '/blogs/new', '/blogs/old'), '/blogs/new');
  assert.equal(underPrefix('/old', 'https://example.org/', '/old/x'), 'https://example.org/x');
});
