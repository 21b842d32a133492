import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canReachPostgres, createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { createExpert } from '../experts/store.ts';
import { ensureTag } from '../tags/store.ts';
import { createArticle, type ArticleInput } from '../articles/store.ts';
import { searchArticles, type SearchRequest } from './search.ts';
import { documentTerms } from './terms.ts';
import { sql } from 'kysely';

/**
 * One small archive in two languages: Russian articles whose words come in different forms, and English ones, one of
 * which quotes Russian words. Each engine must find the same articles for the same words (checked per engine, and
 * engine against engine at the end).
 */
const archive: Array<Partial<ArticleInput> & { key: string; title: string }> = [
  { key: 'trade', language: 'ru', title: 'Торговля с Китаем', lead: 'Пошлины и тарифы.', bodyMarkdown: 'Пекин ответил на новые ограничения санкциями.' },
  { key: 'regime', language: 'ru', title: 'Режим санкций', lead: 'Как устроены ограничения.', bodyMarkdown: 'Экономика Китая выдержала давление.' },
  { key: 'oil', language: 'ru', title: 'Нефть на восток', lead: 'Поставки растут.', bodyMarkdown: 'Поставки нефти Китаю выросли, а переговоров о ценах не было.' },
  { key: 'brussels', language: 'ru', title: 'Позиция Брюсселя', lead: 'Евросоюз спорит.', bodyMarkdown: 'Евросоюз обсуждает санкции против Китая и сроки.' },
  { key: 'lebanon', language: 'ru', title: 'Иран и Ливан', lead: 'Соседи и союзники.', bodyMarkdown: 'Тегеран договорился с Ливаном об ЁЛКАХ и поставках.' },
  { key: 'libya', language: 'ru', title: 'Ливия после войны', lead: 'Нефть и власть.', bodyMarkdown: 'Ливия ищет инвесторов.' },
  { key: 'quote', language: 'en', title: 'What Moscow calls them', lead: 'A word and its forms.', bodyMarkdown: 'Officials speak of «санкциями» where others say sanctions.' },
  { key: 'english', language: 'en', title: 'China trade sanctions', lead: 'Export controls.', bodyMarkdown: 'New sanctions on Chinese exports and a fiscal policy of restraint.' },
];

type Keys = Map<number, string>;

/** Publishes the archive, the newest last, and gives each article's key by id. */
async function publishArchive(t: TestDatabase): Promise<Keys> {
  const expert = await createExpert(t.handle, { name: 'Ирина Волкова' });
  const tag = await ensureTag(t.handle, 'Энергетика');
  const keys: Keys = new Map();
  for (const [i, item] of archive.entries()) {
    const { key, ...input } = item;
    const article = await createArticle(t.handle, {
      expertId: expert.id,
      lead: 'Вводный абзац.',
      bodyMarkdown: 'Текст.',
      status: 'published',
      publishedAt: `2024-04-${String(i + 1).padStart(2, '0')}T09:00:00.000Z`,
      tagIds: key === 'oil' ? [tag.id] : [],
      ...input,
    });
    keys.set(article.id, key);
  }
  return keys;
}

/** The keys of what a search finds, in its order. */
const found = async (t: TestDatabase, keys: Keys, request: SearchRequest) => (await searchArticles(t.handle, request)).items.map((i) => keys.get(i.articleId) ?? `#${i.articleId}`);
const sorted = (list: string[]) => [...list].sort();

for (const kind of await databaseKinds()) {
  describe(`Russian search on ${kind}`, () => {
    let t: TestDatabase;
    let keys: Keys;
    before(async () => {
      t = await createTestDatabase(kind);
      keys = await publishArchive(t);
    });
    after(() => t.drop());

    test('a word finds its other forms: санкции finds санкциями and санкций, in Russian articles and in an English one quoting it', async () => {
      for (const query of ['санкции', 'санкциями', 'Санкций', 'САНКЦИЯ']) {
        assert.deepEqual(sorted(await found(t, keys, { query })), ['brussels', 'quote', 'regime', 'trade'], query);
      }
    });

    test('Китай finds Китая, Китаю and Китаем, whichever form is asked for; not китайский', async () => {
      for (const query of ['Китай', 'китая', 'Китаю', 'Китаем']) {
        assert.deepEqual(sorted(await found(t, keys, { query })), ['brussels', 'oil', 'regime', 'trade'], query);
      }
      assert.deepEqual(await found(t, keys, { query: 'китайский' }), []);
    });

    test('nouns in -ан keep their forms together, and apart from others: Ливан is not Ливия; ё is е', async () => {
      assert.deepEqual(await found(t, keys, { query: 'Ливан' }), ['lebanon']);
      assert.deepEqual(await found(t, keys, { query: 'Ливана' }), ['lebanon']);
      assert.deepEqual(await found(t, keys, { query: 'Ливии' }), ['libya']);
      assert.deepEqual(await found(t, keys, { query: 'Ирану' }), ['lebanon']);
      assert.deepEqual(await found(t, keys, { query: 'елки' }), ['lebanon']);
      assert.deepEqual(await found(t, keys, { query: 'экономики' }), ['regime']);
      assert.deepEqual(await found(t, keys, { query: 'переговоры' }), ['oil']);
    });

    test('phrases, exclusions and stop words read Russian as they read English', async () => {
      assert.deepEqual(await found(t, keys, { query: '"санкциями против Китая"' }), ['brussels']);
      assert.deepEqual(await found(t, keys, { query: '"против санкций Китая"' }), [], 'a phrase keeps its order');
      assert.deepEqual(await found(t, keys, { query: 'Китай -санкции' }), ['oil']);
      assert.deepEqual((await searchArticles(t.handle, { query: 'и в на' })).total, 0, 'stop words alone find nothing');
      assert.deepEqual(sorted(await found(t, keys, { query: 'и Китай' })), ['brussels', 'oil', 'regime', 'trade'], 'a stop word beside a word is not asked for');
      assert.deepEqual(await found(t, keys, { query: '"поставки нефти Китаю"' }), ['oil']);
    });

    test('English words are found as before, in English and Russian articles alike', async () => {
      assert.deepEqual(sorted(await found(t, keys, { query: 'sanctioned' })), ['english', 'quote']);
      assert.deepEqual(await found(t, keys, { query: '"fiscal policy"' }), ['english']);
    });

    test('a language, or every language but some, narrows the search', async () => {
      assert.deepEqual(sorted(await found(t, keys, { query: 'санкции', filters: { language: 'ru' } })), ['brussels', 'regime', 'trade']);
      assert.deepEqual(await found(t, keys, { query: 'санкции', filters: { exceptLanguages: ['ru'] } }), ['quote']);
      assert.deepEqual(await found(t, keys, { query: 'санкции', filters: { language: 'en', exceptLanguages: ['en'] } }), []);
      assert.deepEqual(await found(t, keys, { query: 'санкции', filters: { language: 'de' } }), []);
    });

    test('ranking weighs Russian words by where they are: title, then lead, then body; excerpts mark the forms found', async () => {
      // "Режим санкций" holds the word in its title, "Торговля с Китаем" and "Позиция Брюсселя" in their bodies.
      const ranked = await found(t, keys, { query: 'санкция', filters: { language: 'ru' } });
      assert.equal(ranked[0], 'regime');
      assert.deepEqual(sorted(ranked.slice(1)), ['brussels', 'trade']);
      const result = await searchArticles(t.handle, { query: 'санкция ограничение', filters: { language: 'ru' } });
      const trade = result.items.find((i) => keys.get(i.articleId) === 'trade')!;
      assert.match(trade.excerptHtml, /<mark>ограничения<\/mark> <mark>санкциями<\/mark>/);
    });
  });
}

describe('SQLite and PostgreSQL find the same articles, in the same order, for the same words', { skip: (await canReachPostgres()) ? false : 'PostgreSQL is not reachable' }, () => {
  const databases: TestDatabase[] = [];
  const keysOf: Keys[] = [];
  before(async () => {
    for (const kind of ['sqlite', 'postgres'] as const) {
      const t = await createTestDatabase(kind);
      databases.push(t);
      keysOf.push(await publishArchive(t));
    }
  });
  after(async () => {
    for (const t of databases) await t.drop();
  });

  test('PostgreSQL reads every word of a Russian text to the stem terms.ts gives it, in a Russian article and in an English one', async () => {
    const text = `Санкции, санкциями и санкций; Китай, Китая, Китаю, Китаем и Китае. Экономика экономики, переговоры переговоров.
      Иран, Ирана и Ирану; Казахстан, Казахстана, Афганистан; Ливан и Ливия; Судан и суд; океаны, океанов, страна, стран.
      Музей, музея, герой, героя, чай, чая, урожай, урожая, Сергей, Сергея. Армения, армия и армяне. ЁЛКА, ёлки, елка.
      Её, ещё, всё и все: слова, которых нет. Россия, России, российский; безопасность; соглашение, соглашений; рубль, рублей.
      Он сказал, что они считают: сделано, сделана, подписан, подписана. Дальний Восток, Тайвань, юань, Шанхай, Дубай.`;
    const expected = documentTerms([text], '')
      .split(' ')
      .filter((term) => term && !term.includes('_'))
      .sort();
    const postgres = databases.find((d) => d.kind === 'postgres')!;
    for (const language of ['ru', 'en']) {
      const { rows } = await sql<{ lexeme: string }>`select unnest(tsvector_to_array(search_vector(${language}, ${text}))) as lexeme`.execute(postgres.handle.db);
      assert.deepEqual(rows.map((r) => r.lexeme).sort(), expected, language);
    }
  });

  const queries: SearchRequest[] = [
    { query: 'санкции' },
    { query: 'Китая' },
    { query: 'Китай санкции' },
    { query: 'китай -санкций' },
    { query: '"санкции против Китая"' },
    { query: 'нефть' },
    { query: 'Ливан' },
    { query: 'Иран' },
    { query: 'ёлка' },
    { query: 'переговоров' },
    { query: 'экономика' },
    { query: 'energy', filters: { language: 'ru' } },
    { query: 'энергетика' },
    { query: 'Волковой' },
    { query: 'sanctions' },
    { query: 'sanctions санкции' },
    { query: 'china' },
    { query: '"fiscal policy"' },
    { query: 'и' },
    { query: 'санкции', filters: { language: 'ru' } },
    { query: 'санкции', filters: { exceptLanguages: ['ru'] } },
    { query: 'поставки', sort: 'date' },
  ];
  for (const request of queries) {
    test(JSON.stringify(request), async () => {
      const [sqlite, postgres] = await Promise.all(databases.map((t, i) => found(t, keysOf[i]!, request)));
      assert.deepEqual(postgres, sqlite);
    });
  }
});
