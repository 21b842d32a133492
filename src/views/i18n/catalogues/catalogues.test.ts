import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IntlMessageFormat } from 'intl-messageformat';
import { TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { catalogues, type MessageKey } from './index.ts';
import { editionLanguageCodes, editionLanguages } from '../languages.ts';

/** The arguments and tags a message uses, by name: every translation must use the same ones. */
function argumentsOf(elements: MessageFormatElement[], found = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    found.add(element.value);
    if (element.type === TYPE.plural || element.type === TYPE.select) for (const option of Object.values(element.options)) argumentsOf(option.value, found);
    if (element.type === TYPE.tag) argumentsOf(element.children, found);
  }
  return found;
}

test('every catalogue gives every message, and each parses with the arguments the English one has', () => {
  const keys = Object.keys(catalogues.en) as MessageKey[];
  assert.ok(keys.length > 20);
  for (const language of editionLanguageCodes) {
    const catalogue = catalogues[language];
    assert.deepEqual(Object.keys(catalogue).sort(), [...keys].sort(), `${language} has every message and no other`);
    for (const key of keys) {
      const english = new IntlMessageFormat(catalogues.en[key], 'en').getAst();
      const own = new IntlMessageFormat(catalogue[key], editionLanguages[language].intlLocale).getAst();
      assert.deepEqual([...argumentsOf(own)].sort(), [...argumentsOf(english)].sort(), `${language} ${key} uses the same arguments`);
      assert.notEqual(catalogue[key].trim(), '', `${language} ${key} is not empty`);
    }
  }
});

test('the Russian catalogue is written in Russian, not left in English', () => {
  const keys = Object.keys(catalogues.en) as MessageKey[];
  const cyrillic = /[\u0400-\u04ff]/;
  const untranslated = keys.filter((key) => /[a-z]{3}/i.test(catalogues.en[key].replace(/\{[^}]*\}|<\/?\w+>/g, '')) && !cyrillic.test(catalogues.ru[key]));
  assert.deepEqual(untranslated, []);
});
