import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoDateTime, httpUrl, normaliseText, requiredText, slugField, textField } from './schemas.ts';
import { mediaDescriptionFields } from '../media/fields.ts';
import { createTermSchema } from '../glossary/input.ts';
import { decodeCursor } from './cursor.ts';
import { encodeCursor } from '../core/cursor.ts';

test('dates are real calendar dates with an explicit offset', () => {
  assert.equal(isoDateTime.parse('2021-12-17'), '2021-12-17T00:00:00.000Z');
  assert.equal(isoDateTime.parse('2021-12-17T10:00:00Z'), '2021-12-17T10:00:00.000Z');
  assert.equal(isoDateTime.parse('2021-12-17T10:00+02:00'), '2021-12-17T08:00:00.000Z');
  for (const bad of ['2021-02-30', '2021-13-01', '2021-12-17T10:00:00', '2021-12-17T25:00Z', 'yesterday', '17/12/2021', '']) {
    assert.equal(isoDateTime.safeParse(bad).success, false, bad);
  }
});

test('slugs, URLs and text fields refuse what pages must not show', () => {
  assert.ok(slugField.safeParse('central-asia-2').success);
  for (const bad of ['Central', 'a--b', '-a', 'a b', '../x', 'a'.repeat(121)]) assert.equal(slugField.safeParse(bad).success, false, bad);
  assert.ok(httpUrl.safeParse('https://example.org/x').success);
  for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'ftp://x', 'not a url']) assert.equal(httpUrl.safeParse(bad).success, false, bad);
  assert.equal(textField(10).safeParse('bell\u0007').success, false);
  assert.ok(textField(10).safeParse('two\nlines').success);
});

test('cursors carry a timestamp and an id; anything else is refused before the database sees it', () => {
  const cursor = { key: '2024-01-02T03:04:05.000Z', id: 7 };
  assert.deepEqual(decodeCursor(encodeCursor(cursor)), cursor);
  for (const bad of [
    Buffer.from('x|1').toString('base64url'),
    Buffer.from('2024-01-02|1').toString('base64url'),
    Buffer.from('2024-01-02T03:04:05.000Z|0').toString('base64url'),
    '<script>',
    'a'.repeat(300),
  ]) {
    assert.throws(
      () => decodeCursor(bad),
      (e: { status?: number }) => e.status === 400,
      bad,
    );
  }
});

test('text is kept one way whichever way it came in: LF line endings, no blanks at line ends or at the end', () => {
  const typed = 'Hard break  \nthree spaces   \ntab and space \t\n   \nend\n\n  ';
  const kept = 'Hard break  \nthree spaces  \ntab and space\n\nend';
  assert.equal(normaliseText(typed), kept, 'two or more spaces ending a line stay a Markdown hard break (two); other trailing blanks go');
  assert.equal(normaliseText(typed.replace(/\n/g, '\r\n')), kept, 'CRLF, as a form posts it');
  assert.equal(normaliseText(typed.replace(/\n/g, '\r')), kept, 'CR alone');
  assert.equal(normaliseText('    indented code\nstays'), '    indented code\nstays', 'leading blanks are Markdown (indented code) and stay');
  assert.equal(normaliseText('A \u2028\u2029 & title'), 'A \u2028\u2029 & title', 'U+2028 and U+2029 are text, not line ends: the blank before them stays');
  assert.equal(textField(100).parse('a\r\nb \r\n'), 'a\nb', 'every text field normalises');
  assert.equal(requiredText(100).parse(' a\r\nb '), 'a\nb');
  assert.equal(textField(3).safeParse('a\r\nb').success, true, 'lengths count the text as kept, as the browser’s maxlength does');
  // Every input that takes text is built on textField: a few from other capabilities, to show it carries through.
  assert.equal(mediaDescriptionFields.alt.parse('A ship\r\n'), 'A ship');
  assert.equal(createTermSchema.parse({ term: 'GDP', expansion: 'gross domestic product', definition: 'One.\r\nTwo. \r\n' }).definition, 'One.\nTwo.');
});
