import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodyChanged, bodyDiff, hasChanges, wordDiff } from './diff.ts';

const text = (pieces: Array<{ kind: string; text: string }>, kind: string) =>
  pieces
    .filter((p) => p.kind === kind)
    .map((p) => p.text.trim())
    .filter(Boolean);

test('a word diff names the words that changed, not the whole line', () => {
  const pieces = wordDiff('Undercurrents in the Caspian', 'Undercurrents under the Caspian Sea');
  assert.deepEqual(text(pieces, 'removed'), ['in']);
  assert.deepEqual(text(pieces, 'added'), ['under', 'Sea']);
  assert.equal(
    pieces
      .filter((p) => p.kind !== 'added')
      .map((p) => p.text)
      .join(''),
    'Undercurrents in the Caspian',
    'the old text is the kept and removed pieces',
  );
  assert.equal(
    pieces
      .filter((p) => p.kind !== 'removed')
      .map((p) => p.text)
      .join(''),
    'Undercurrents under the Caspian Sea',
    'the new text is the kept and added pieces',
  );
  assert.equal(hasChanges(wordDiff('Same', 'Same')), false);
  assert.deepEqual(wordDiff('', 'New'), [{ kind: 'added', text: 'New' }]);
});

test('a body diff shows changed paragraphs word by word and folds long unchanged stretches', () => {
  const lines = Array.from({ length: 20 }, (_, i) => `Paragraph ${i + 1} stays as it was.`);
  const before = [...lines.slice(0, 10), 'The harvest was 80 Mt.', ...lines.slice(10)].join('\n');
  const after = [...lines.slice(0, 10), 'The harvest was 84 Mt.', ...lines.slice(10), 'A new closing line.'].join('\n');
  const blocks = bodyDiff(before, after);
  assert.ok(bodyChanged(blocks));
  const changed = blocks.filter((b) => b.kind === 'changed');
  assert.equal(changed.length, 2);
  assert.deepEqual(text(changed[0]!.kind === 'changed' ? changed[0]!.pieces : [], 'removed'), ['80']);
  assert.deepEqual(text(changed[0]!.kind === 'changed' ? changed[0]!.pieces : [], 'added'), ['84']);
  const first = blocks[0]!;
  assert.equal(first.kind, 'same');
  if (first.kind === 'same') {
    assert.deepEqual(first.lines, [], 'no context is needed before the first change');
    assert.equal(first.foldedLines, 8);
    assert.deepEqual(first.tail, ['Paragraph 9 stays as it was.', 'Paragraph 10 stays as it was.']);
  }
  assert.equal(bodyChanged(bodyDiff('Same\nbody', 'Same\nbody')), false);
});

test('texts too different for a word diff show as replaced, quickly', () => {
  const a = Array.from({ length: 3000 }, (_, i) => `w${i}`).join(' ');
  const b = Array.from({ length: 3000 }, (_, i) => `x${i}`).join(' ');
  const started = performance.now();
  const pieces = wordDiff(a, b);
  assert.deepEqual(
    pieces.map((p) => p.kind),
    ['removed', 'added'],
  );
  assert.ok(performance.now() - started < 5000);
});

test('two long bodies with nothing in common show as replaced, without a line-by-line search', () => {
  const paragraphs = (prefix: string) => Array.from({ length: 4000 }, (_, i) => `${prefix} paragraph ${i} ${'x'.repeat(40)}`).join('\n');
  const before = paragraphs('Old').slice(0, 200_000);
  const after = paragraphs('New').slice(0, 200_000);
  assert.equal(before.length, 200_000);
  const blocks = bodyDiff(before, after);
  assert.equal(blocks.length, 1);
  const only = blocks[0]!;
  assert.equal(only.kind, 'changed');
  if (only.kind === 'changed')
    assert.deepEqual(only.pieces, [
      { kind: 'removed', text: before },
      { kind: 'added', text: after },
    ]);
});

test('a large changed stretch between kept lines shows as replaced, not word by word', () => {
  const kept = 'A line that stays.';
  const oldStretch = Array.from({ length: 300 }, (_, i) => `old words ${i} here`).join(' ');
  const newStretch = Array.from({ length: 300 }, (_, i) => `new words ${i} there`).join(' ');
  const blocks = bodyDiff(`${kept}\n${oldStretch}\n${kept}`, `${kept}\n${newStretch}\n${kept}`);
  const changed = blocks.filter((b) => b.kind === 'changed');
  assert.equal(changed.length, 1);
  const pieces = changed[0]!.kind === 'changed' ? changed[0]!.pieces : [];
  assert.deepEqual(
    pieces.map((p) => p.kind),
    ['removed', 'added'],
  );
  assert.equal(pieces[0]!.text, `${oldStretch}\n`);
});
