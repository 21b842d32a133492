import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShortcodeAttributes, replaceShortcodes, unknownShortcodes, type Shortcode } from './content-shortcodes.ts';

const found = (text: string, names: string[]) => {
  const shortcodes: Shortcode[] = [];
  const result = replaceShortcodes(text, names, (s) => {
    shortcodes.push(s);
    return `{${s.name}}`;
  });
  return { result, shortcodes };
};

test('attributes: double, single and no quotes, bare values by position, names in lower case', () => {
  assert.deepEqual(parseShortcodeAttributes(' id="attachment_5" Align=\'left\' width=300 "quoted" https://x.org/a.mp3 '), {
    named: { id: 'attachment_5', align: 'left', width: '300' },
    positional: ['quoted', 'https://x.org/a.mp3'],
  });
  assert.deepEqual(parseShortcodeAttributes('ids="1,2"\u00a0columns="3"'), { named: { ids: '1,2', columns: '3' }, positional: [] });
});

test('self-closing, enclosing and bare shortcodes; a longer name is another shortcode', () => {
  const { result, shortcodes } = found('[gallery ids="1"] [caption id="a"]<img src="x"> Cap[/caption] [embed]https://x.org[/embed] [gallery/] [gallery-plus]', ['gallery', 'caption', 'embed']);
  assert.equal(result, '{gallery} {caption} {embed} {gallery} [gallery-plus]');
  assert.equal(shortcodes[1]!.content, '<img src="x"> Cap');
  assert.equal(shortcodes[0]!.content, undefined);
  assert.deepEqual(shortcodes[0]!.attributes, { ids: '1' });
});

test('[[name]] is the shortcode written out: shown, never expanded, its brackets made literal', () => {
  assert.equal(found('Write [[gallery ids="1"]] to show one.', ['gallery']).result, 'Write &#91;gallery ids="1"&#93; to show one.');
});

test('unknown shortcodes: with attributes, a closing tag, a hyphenated name or standing alone; not bracketed prose', () => {
  const html = '<p>[contact-form-7 id="12"]</p><p>Prices [sic] rose [1].</p><p>[toc]</p><p>[note]Inline[/note] and [box title="x"]</p><p>a [b] c</p>';
  assert.deepEqual(unknownShortcodes(html), ['contact-form-7', 'toc', 'note', 'box']);
});
