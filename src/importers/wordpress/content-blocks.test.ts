import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasBlocks, parseBlocks, type Block } from './content-blocks.ts';

test('blocks, their attributes, inner blocks and the freeform HTML between them', () => {
  const content =
    'Before\n<!-- wp:heading {"level":3} -->\n<h3>T</h3>\n<!-- /wp:heading -->\n<!-- wp:list --><ul><!-- wp:list-item --><li>a</li><!-- /wp:list-item --></ul><!-- /wp:list -->\n<!-- wp:core-embed/youtube {"url":"https://youtu.be/x"} /-->after';
  const blocks = parseBlocks(content);
  assert.equal(blocks[0], 'Before\n');
  const heading = blocks[1] as Block;
  assert.equal(heading.name, 'core/heading');
  assert.deepEqual(heading.attributes, { level: 3 });
  assert.deepEqual(heading.content, ['\n<h3>T</h3>\n']);
  const list = blocks[3] as Block;
  assert.equal((list.content[1] as Block).name, 'core/list-item');
  assert.deepEqual(list.content[0], '<ul>');
  const embed = blocks[5] as Block;
  assert.deepEqual([embed.name, embed.attributes, embed.content], ['core-embed/youtube', { url: 'https://youtu.be/x' }, []]);
  assert.equal(blocks[6], 'after');
  assert.ok(hasBlocks(content));
  assert.ok(!hasBlocks('<p>classic</p>'));
});

test('forgiving: broken JSON, a stray closer and a block left open', () => {
  const blocks = parseBlocks('<!-- wp:paragraph {"broken": -->x<!-- /wp:paragraph --><!-- /wp:quote --><!-- wp:group --><p>open</p>');
  // The broken JSON is not a delimiter's attributes: the comment is freeform text, the closer then matches nothing.
  assert.equal(blocks.length, 4);
  assert.equal(blocks[2], '<!-- /wp:quote -->');
  assert.deepEqual((blocks[3] as Block).content, ['<p>open</p>']);
});
