import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes, dialectOf } from '../db/schema-types.ts';

/** Column weights: a word in the title counts most, then tags and the expert's name, then the lead, then the body. */
export const ftsColumns = ['title', 'lead', 'body', 'expert_name', 'tag_names'] as const;

async function createSqliteIndex(db: Kysely<any>) {
  // The columns search filters on, by document: a covering index that the engine joins its matches to
  // instead of the table, whose rows carry the whole text (see sqliteEngine in search.ts).
  await db.schema.createIndex('search_documents_filter_idx').on('search_documents').columns(['article_id', 'published_at', 'expert_id', 'language']).execute();
  const columns = sql.raw(ftsColumns.join(', '));
  const newValues = sql.raw(ftsColumns.map((c) => `new.${c}`).join(', '));
  const oldValues = sql.raw(ftsColumns.map((c) => `old.${c}`).join(', '));
  // External content: the text lives once, in search_documents; the FTS5 table holds only the index.
  await sql`create virtual table search_fts using fts5(${columns}, content='search_documents', content_rowid='article_id', tokenize='porter unicode61 remove_diacritics 2')`.execute(db);
  await sql`insert into search_fts(search_fts, rank) values ('rank', 'bm25(10.0, 3.0, 1.0, 5.0, 5.0)')`.execute(db);
  await sql`create trigger search_documents_ai after insert on search_documents begin
    insert into search_fts(rowid, ${columns}) values (new.article_id, ${newValues}); end`.execute(db);
  await sql`create trigger search_documents_ad after delete on search_documents begin
    insert into search_fts(search_fts, rowid, ${columns}) values ('delete', old.article_id, ${oldValues}); end`.execute(db);
  await sql`create trigger search_documents_au after update on search_documents begin
    insert into search_fts(search_fts, rowid, ${columns}) values ('delete', old.article_id, ${oldValues});
    insert into search_fts(rowid, ${columns}) values (new.article_id, ${newValues}); end`.execute(db);
}

async function createPostgresIndex(db: Kysely<any>) {
  // A generated column: every write to a document recomputes its vector, so nothing can forget to.
  await sql`alter table search_documents add column document tsvector generated always as (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', expert_name || ' ' || tag_names), 'B') ||
    setweight(to_tsvector('english', lead), 'C') ||
    setweight(to_tsvector('english', body), 'D')) stored`.execute(db);
  await sql`create index search_documents_document_idx on search_documents using gin (document)`.execute(db);
}

/**
 * 0022's full-text tables. search_fts gains the facets column (the filters as tokens: see facetTokens in
 * documents.ts), so that a filter is matched inside the index, intersected with the words, rather than
 * checked row by row after it. search_head_fts indexes the short columns alone: which of them a word is in
 * decides the rank (see sqliteEngine; neither is ranked by bm25 any more), and its postings hold no body's words, so asking costs little
 * however many bodies hold the word.
 */
const ftsTables0022 = {
  search_fts: ['title', 'lead', 'body', 'expert_name', 'tag_names', 'facets'],
  search_head_fts: ['title', 'lead', 'expert_name', 'tag_names', 'facets'],
} as const;

async function createSqliteIndex0022(db: Kysely<any>) {
  // SQLite runs a migration's statements outside a transaction (Kysely's SqliteAdapter has no transactional
  // DDL): every step may be run again after an interruption (a supervisor's start timeout, Ctrl-C).
  const triggers = ['search_documents_ai', 'search_documents_ad', 'search_documents_au', ...Object.keys(ftsTables0022).flatMap((t) => [`${t}_ai`, `${t}_ad`, `${t}_au`])];
  for (const trigger of triggers) await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db);
  for (const table of Object.keys(ftsTables0022)) await sql`drop table if exists ${sql.id(table)}`.execute(db);
  const { rows: columns } = await sql<{ name: string }>`select name from pragma_table_info('search_documents')`.execute(db);
  if (!columns.some((c) => c.name === 'facets'))
    await db.schema
      .alterTable('search_documents')
      .addColumn('facets', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
  // The documents keep their rows (facets empty) and the new tables index them as they are ('rebuild' reads
  // the content table): an FTS5 'delete' must be given what was indexed, and the rebuild that fills the
  // facets (search_state 'rebuild', run by ensureSearchIndex before the next search is served) deletes them.
  for (const [table, columns] of Object.entries(ftsTables0022)) {
    const names = sql.raw(columns.join(', '));
    const newValues = sql.raw(columns.map((c) => `new.${c}`).join(', '));
    const oldValues = sql.raw(columns.map((c) => `old.${c}`).join(', '));
    const fts = sql.id(table);
    await sql`create virtual table ${fts} using fts5(${names}, content='search_documents', content_rowid='article_id', tokenize='porter unicode61 remove_diacritics 2')`.execute(db);
    await sql`insert into ${fts}(${fts}) values ('rebuild')`.execute(db);
    await sql`create trigger ${sql.id(`${table}_ai`)} after insert on search_documents begin
      insert into ${fts}(rowid, ${names}) values (new.article_id, ${newValues}); end`.execute(db);
    await sql`create trigger ${sql.id(`${table}_ad`)} after delete on search_documents begin
      insert into ${fts}(${fts}, rowid, ${names}) values ('delete', old.article_id, ${oldValues}); end`.execute(db);
    await sql`create trigger ${sql.id(`${table}_au`)} after update on search_documents begin
      insert into ${fts}(${fts}, rowid, ${names}) values ('delete', old.article_id, ${oldValues});
      insert into ${fts}(rowid, ${names}) values (new.article_id, ${newValues}); end`.execute(db);
  }
  await db
    .insertInto('search_state')
    .values({ key: 'rebuild', value: 'requested by 0022_search_facets' })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

/**
 * PostgreSQL's search without reading any document's vector per query (0023). `terms` is what GIN matches on:
 * the words without positions (so no match needs a recheck of the vector, which is stored out of line and
 * costs a read per row), each pair of consecutive words with the distance between them (the stop words
 * skipped) as one lexeme (so a phrase is the AND of its pairs, again without positions), the document's month, expert and tags as lexemes (so the newest matches, and
 * an expert's or a tag's, come from the index alone; tag names are split on tagNameSeparator). `head` is what ranking reads: title, expert and tags, lead; small
 * enough to stay in the row. The old positional `document` goes: nothing reads it any more.
 */
async function createPostgresTerms(db: Kysely<any>) {
  await sql`create function search_word_pairs(words tsvector) returns text[] language sql immutable strict parallel safe as $$
    select coalesce(array_agg(distinct pair), '{}') from (
      select u.lexeme || ' ' || (lead(p.position) over w - p.position) || ' ' || lead(u.lexeme) over w as pair
      from unnest(words) u, unnest(u.positions) p(position) window w as (order by p.position)) pairs
    where pair is not null $$`.execute(db);
  // Functions that call our own keep the search_path they were made with: a restore (pg_dump's output sets an
  // empty one) recomputes the generated columns, and would not find search_word_pairs otherwise.
  await sql`create function search_terms(text) returns tsvector language sql immutable strict parallel safe set search_path from current as $$
    select strip(v) || array_to_tsvector(search_word_pairs(v)) from to_tsvector('english', $1) v $$`.execute(db);
  // A lexeme as tsquery text: quoted, so that no parser reads it as words or operators.
  await sql`create function search_quoted(lexeme text) returns text language sql immutable strict parallel safe as $$
    select '''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || '''' $$`.execute(db);
  // A phrase as its pairs; a phrase of one word (after stop words) as that word.
  await sql`create function search_phrase_query(text) returns tsquery language sql immutable strict parallel safe set search_path from current as $$
    select coalesce(string_agg(search_quoted(pair), ' & ')::tsquery, plainto_tsquery('english', $1))
    from unnest(search_word_pairs(to_tsvector('english', $1))) pair $$`.execute(db);
  await sql`create function search_month(timestamptz) returns text language sql immutable strict parallel safe as $$
    select '#m' || (extract(year from $1 at time zone 'UTC') * 12 + extract(month from $1 at time zone 'UTC') - 1)::int $$`.execute(db);
  await sql`create function search_tag_lexemes(tag_names text) returns text[] language sql immutable strict parallel safe as $$
    select coalesce(array_agg('#t' || name), '{}') from unnest(string_to_array(tag_names, chr(31))) name where name <> '' $$`.execute(db);
  await sql`alter table search_documents drop column document`.execute(db);
  // Tag names were joined by spaces, which split a name of two words: joined by tagNameSeparator now.
  await sql`update search_documents d set tag_names = coalesce((select string_agg(t.name, chr(31) order by t.tag_id)
    from search_document_tags t where t.article_id = d.article_id), '')`.execute(db);
  await sql`alter table search_documents
    add column head tsvector generated always as (
      setweight(to_tsvector('english', title), 'A') ||
      setweight(to_tsvector('english', expert_name || ' ' || tag_names), 'B') ||
      setweight(to_tsvector('english', lead), 'C')) stored,
    add column terms tsvector generated always as (
      search_terms(title) || search_terms(expert_name || ' ' || tag_names) || search_terms(lead) || search_terms(body) ||
      array_to_tsvector(array[search_month(published_at), '#e' || expert_id] || search_tag_lexemes(tag_names))) stored`.execute(db);
  await sql`create index search_documents_terms_idx on search_documents using gin (terms)`.execute(db);
}

/**
 * SQLite's terms without positions (0024), as 0023 gave PostgreSQL: search_terms_fts holds each document's
 * stemmed words, its pairs of consecutive words and its facets (see terms.ts), with no positions (detail=none)
 * and no copy of the text (contentless). The newest matches of any query, phrases included, come from it: a
 * phrase is the AND of its pairs, where search_fts read every position of its words in every document it went
 * past. search_fts itself is dropped. The tokens are made in JavaScript by the search_document_terms function,
 * which the triggers call; the table's tokenizer only splits at the spaces between them (ascii: every non-ASCII
 * character is a token character, and so is '_', which joins a pair). The running code fills the table (the
 * rebuild asked for here), and fills it again whenever it makes its tokens differently (see termsVersion).
 */
async function createSqliteTerms(db: Kysely<any>) {
  // Each step may run again after an interruption (no transactional DDL here, see createSqliteIndex0022).
  // search_fts goes: its positions of every body's words were read for matches and excerpts, neither of which
  // needs it any more (excerpt.ts); its pages are reused by the file (VACUUM gives them back to the disk).
  const triggers = ['search_fts', 'search_terms_fts'].flatMap((table) => [`${table}_ai`, `${table}_ad`, `${table}_au`]);
  for (const trigger of triggers) await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db);
  await sql`drop table if exists search_fts`.execute(db);
  await sql`drop table if exists search_terms_fts`.execute(db);
  await sql`create virtual table search_terms_fts using fts5(terms, content='', contentless_delete=1, detail=none,
    tokenize="ascii tokenchars '_'")`.execute(db);
  const terms = sql.raw(`search_document_terms(${['title', 'lead', 'body', 'expert_name', 'tag_names', 'facets'].map((c) => `new.${c}`).join(', ')})`);
  await sql`create trigger search_terms_fts_ai after insert on search_documents begin
    insert into search_terms_fts(rowid, terms) values (new.article_id, ${terms}); end`.execute(db);
  await sql`create trigger search_terms_fts_ad after delete on search_documents begin
    delete from search_terms_fts where rowid = old.article_id; end`.execute(db);
  await sql`create trigger search_terms_fts_au after update on search_documents begin
    delete from search_terms_fts where rowid = old.article_id;
    insert into search_terms_fts(rowid, terms) values (new.article_id, ${terms}); end`.execute(db);
  await db
    .insertInto('search_state')
    .values({ key: 'rebuild', value: 'requested by 0024_search_sqlite_terms' })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

/**
 * SQLite's ranking index reads the words as matching does (0030): search_head_fts, whose porter tokenizer stemmed
 * English words only, gives way to search_head_terms_fts, which holds each short column's tokens as terms.ts makes
 * them (Russian words stemmed too), through the search_head_terms function the triggers call. detail=column keeps
 * which column holds a token, which is all ranking asks (see sqliteEngine), and no positions: a phrase is the AND
 * of its pairs here as in search_terms_fts. The running code fills it (the rebuild asked for here).
 */
async function createSqliteHeadTerms(db: Kysely<any>) {
  // Each step may run again after an interruption (no transactional DDL here, see createSqliteIndex0022).
  const triggers = ['search_head_fts', 'search_head_terms_fts'].flatMap((table) => [`${table}_ai`, `${table}_ad`, `${table}_au`]);
  for (const trigger of triggers) await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db);
  await sql`drop table if exists search_head_fts`.execute(db);
  await sql`drop table if exists search_head_terms_fts`.execute(db);
  await sql`create virtual table search_head_terms_fts using fts5(title, lead, expert_name, tag_names, facets, content='', contentless_delete=1,
    detail=column, tokenize="ascii tokenchars '_'")`.execute(db);
  const columns = sql.raw('rowid, title, lead, expert_name, tag_names, facets');
  const values = sql.raw(`new.article_id, ${['title', 'lead', 'expert_name', 'tag_names'].map((c) => `search_head_terms(new.${c})`).join(', ')}, new.facets`);
  await sql`create trigger search_head_terms_fts_ai after insert on search_documents begin
    insert into search_head_terms_fts(${columns}) values (${values}); end`.execute(db);
  await sql`create trigger search_head_terms_fts_ad after delete on search_documents begin
    delete from search_head_terms_fts where rowid = old.article_id; end`.execute(db);
  await sql`create trigger search_head_terms_fts_au after update on search_documents begin
    delete from search_head_terms_fts where rowid = old.article_id;
    insert into search_head_terms_fts(${columns}) values (${values}); end`.execute(db);
  await db
    .insertInto('search_state')
    .values({ key: 'rebuild', value: 'requested by 0030_search_languages' })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

/**
 * PostgreSQL reads each document in its own language (0030): a Russian one (language ru or ru-…) with the russian
 * configuration, any other with the english one, as before. Russian words are then read as terms.ts reads them on
 * SQLite, so that both engines find the same documents:
 * - search_prepared_text, before the parser: Cyrillic capitals in lower case and ё as е (by translate, which no
 *   database locale changes), and a word in -ан/-ян(а|ы) as its dative in -ану (see nounInAn in terms.ts);
 * - search_russian_lexeme, on each lexeme of Cyrillic letters: a stem ending in a vowel, й or ь after an earlier
 *   vowel loses that letter (see finalVowel in terms.ts). In a Russian document russian_stem has made the stem;
 *   in any other the english configuration left the word whole, and russian_stem is asked for it here (a Russian
 *   stop word is then dropped, as the russian configuration drops it), so a Russian word quoted in an English
 *   article is found by its stem on both engines too. The positions and weights are kept: pairs and ranks need them.
 * A reader's word is read both ways (search_word_query) and found in a document that holds it in its own reading;
 * for Latin and Russian words the two readings agree. `terms` also holds the document's language ('#l' || language),
 * so an edition's search is answered by GIN. The columns are made again (a rewrite of the table) and so is the index.
 */
async function createPostgresLanguages(db: Kysely<any>) {
  await sql`create function search_is_russian(language text) returns boolean language sql immutable strict parallel safe as $$
    select language = 'ru' or language like 'ru-%' $$`.execute(db);
  await sql`create function search_prepared_text(t text) returns text language sql immutable strict parallel safe as $$
    select regexp_replace(translate(t, 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯё', 'абвгдеежзийклмнопрстуфхцчшщъыьэюяе'),
      '(?<![а-яa-zA-Z0-9])([а-я]+[ая]н)[аы]?(?![а-яa-zA-Z0-9])', '\\1у', 'g') $$`.execute(db);
  // A lexeme of Cyrillic letters, stemmed by russian_stem unless it was already (null for a Russian stop word).
  await sql`create function search_russian_lexeme(lexeme text, stemmed boolean) returns text language sql immutable strict parallel safe as $$
    select case when s ~ '[аеиоуыэюя].*[аеиоуыэюяйь]$' then left(s, -1) else s end
    from (select case when stemmed then lexeme else (ts_lexize('russian_stem', lexeme))[1] end as s) stem $$`.execute(db);
  // A vector with its Cyrillic lexemes read as above, positions and weights kept; one without any is given back as it is.
  await sql`create function search_folded(v tsvector, stemmed boolean) returns tsvector language sql immutable strict parallel safe
    set search_path from current as $$
    select case when v::text !~ '[а-я]' then v else (
      select coalesce(string_agg(search_quoted(f.lexeme) || coalesce(':' || f.positions, ''), ' '), '')::tsvector
      from (select case when u.lexeme ~ '^[а-я]+$' then search_russian_lexeme(u.lexeme, stemmed) else u.lexeme end as lexeme,
              (select string_agg(p::text || w, ',') from unnest(u.positions, u.weights) x(p, w)) as positions
            from unnest(v) u) f
      where f.lexeme is not null) end $$`.execute(db);
  await sql`create function search_vector(language text, t text) returns tsvector language sql immutable strict parallel safe
    set search_path from current as $$
    select case when search_is_russian(language)
      then search_folded(to_tsvector('russian', search_prepared_text(t)), true)
      else search_folded(to_tsvector('english', search_prepared_text(t)), false) end $$`.execute(db);
  await sql`create function search_document_terms(language text, t text) returns tsvector language sql immutable strict parallel safe
    set search_path from current as $$
    select strip(v) || array_to_tsvector(search_word_pairs(v)) from search_vector(language, t) v $$`.execute(db);
  // A reader's word as tsquery text: its lexemes in each reading ANDed, the readings ORed (once when they agree);
  // null when either reading drops it (a stop word, a sign), as websearch_to_tsquery drops such a word.
  await sql`create function search_word_query(word text) returns text language sql immutable strict parallel safe
    set search_path from current as $$
    select case when count(*) = 2 then string_agg(distinct reading, ' | ') end from (
      select '(' || string_agg(search_quoted(u.lexeme), ' & ' order by u.positions[1]) || ')' as reading
      from unnest(array['en', 'ru']) language, unnest(search_vector(language, word)) u group by language) readings $$`.execute(db);
  // The reader's words, all of them, and none of the excluded ones. Null when words were asked for and none is left
  // to look for; the exclusions alone when no word was asked for (they narrow the phrases beside them).
  await sql`create function search_words_query(words text[], excluded text[]) returns tsquery language sql immutable strict parallel safe
    set search_path from current as $$
    select case when cardinality(words) > 0 and wanted is null then null
      else nullif(concat_ws(' & ', wanted, unwanted), '')::tsquery end
    from (select string_agg('(' || q || ')', ' & ') as wanted from unnest(words) w, search_word_query(w) q where q is not null) w,
      (select string_agg('!(' || q || ')', ' & ') as unwanted from unnest(excluded) x, search_word_query(x) q where q is not null) x $$`.execute(db);
  // A phrase as the AND of its pairs (one word: that word) in each reading, the readings ORed; null when a reading leaves nothing.
  await sql`create function search_query_phrase(phrase text) returns tsquery language sql immutable strict parallel safe
    set search_path from current as $$
    select case when count(reading) = 2 then string_agg(distinct reading, ' | ')::tsquery end from (
      select language, (select case when cardinality(pairs) > 0 then '(' || (select string_agg(search_quoted(p), ' & ') from unnest(pairs) p) || ')'
          else (select search_quoted(min(u.lexeme)) from unnest(v) u having count(*) = 1) end) as reading
      from unnest(array['en', 'ru']) language, search_vector(language, phrase) v, search_word_pairs(v) pairs) readings $$`.execute(db);
  // Any of the reader's words, in either reading: what ranking weighs by where it is (title, expert and tags, lead).
  await sql`create function search_any_query(words text[]) returns tsquery language sql immutable strict parallel safe
    set search_path from current as $$
    select string_agg(distinct search_quoted(u.lexeme), ' | ')::tsquery
    from unnest(words) w, unnest(array['en', 'ru']) language, unnest(search_vector(language, w)) u $$`.execute(db);
  await sql`alter table search_documents drop column head, drop column terms`.execute(db);
  await sql`alter table search_documents
    add column head tsvector generated always as (
      setweight(search_vector(language, title), 'A') ||
      setweight(search_vector(language, expert_name || ' ' || tag_names), 'B') ||
      setweight(search_vector(language, lead), 'C')) stored,
    add column terms tsvector generated always as (
      search_document_terms(language, title) || search_document_terms(language, expert_name || ' ' || tag_names) ||
      search_document_terms(language, lead) || search_document_terms(language, body) ||
      array_to_tsvector(array[search_month(published_at), '#e' || expert_id, '#l' || language] || search_tag_lexemes(tag_names))) stored`.execute(db);
  await sql`create index search_documents_terms_idx on search_documents using gin (terms)`.execute(db);
  // 0023's functions that read English only; nothing calls them any more.
  await sql`drop function search_terms(text)`.execute(db);
  await sql`drop function search_phrase_query(text)`.execute(db);
}

/**
 * The office's index of the articles not yet published (0042; see src/search/office.ts for why it is not
 * search_documents): their text, and their words as each engine makes them for search_documents, so that the
 * office finds a draft by the same words, stems and phrases as a reader finds a published article.
 */
async function createDraftIndex(db: Kysely<any>) {
  // SQLite runs a migration's statements outside a transaction: every step may be run again after an interruption.
  const postgres = dialectOf(db) === 'postgres';
  if (!postgres) for (const trigger of ['search_draft_terms_fts_ai', 'search_draft_terms_fts_ad', 'search_draft_terms_fts_au']) await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db);
  if (!postgres) await sql`drop table if exists search_draft_terms_fts`.execute(db);
  await db.schema
    .createTable('search_drafts')
    .ifNotExists()
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('language', 'varchar(12)', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('lead', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  if (postgres) {
    await sql`alter table search_drafts add column terms tsvector generated always as (
      search_document_terms(language, title) || search_document_terms(language, lead) || search_document_terms(language, body)) stored`.execute(db);
    await sql`create index search_drafts_terms_idx on search_drafts using gin (terms)`.execute(db);
  } else {
    await sql`create virtual table search_draft_terms_fts using fts5(terms, content='', contentless_delete=1, detail=none,
      tokenize="ascii tokenchars '_'")`.execute(db);
    const terms = sql.raw(`search_document_terms(new.title, new.lead, new.body, '', '', '')`);
    await sql`create trigger search_draft_terms_fts_ai after insert on search_drafts begin
      insert into search_draft_terms_fts(rowid, terms) values (new.article_id, ${terms}); end`.execute(db);
    await sql`create trigger search_draft_terms_fts_ad after delete on search_drafts begin
      delete from search_draft_terms_fts where rowid = old.article_id; end`.execute(db);
    await sql`create trigger search_draft_terms_fts_au after update on search_drafts begin
      delete from search_draft_terms_fts where rowid = old.article_id;
      insert into search_draft_terms_fts(rowid, terms) values (new.article_id, ${terms}); end`.execute(db);
  }
  // The drafts already written are indexed by the running code's rebuild, before the next search is served.
  await db
    .insertInto('search_state')
    .values({ key: 'rebuild', value: 'requested by 0043_search_drafts' })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

export const searchMigrations: Record<string, Migration> = {
  '0015_search': {
    async up(db: Kysely<any>) {
      const t = columnTypes(db);
      await db.schema
        .createTable('search_documents')
        .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
        .addColumn('expert_id', 'integer', (c) => c.notNull())
        .addColumn('language', 'varchar(12)', (c) => c.notNull())
        .addColumn('published_at', t.timestamp, (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('lead', 'text', (c) => c.notNull())
        .addColumn('expert_name', 'text', (c) => c.notNull())
        .addColumn('tag_names', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('search_documents_published_idx').on('search_documents').columns(['published_at', 'article_id']).execute();
      await db.schema.createIndex('search_documents_expert_idx').on('search_documents').columns(['expert_id', 'published_at']).execute();
      await db.schema
        .createTable('search_document_tags')
        .addColumn('article_id', 'integer', (c) => c.notNull().references('search_documents.article_id').onDelete('cascade'))
        .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('search_document_tags_pk', ['article_id', 'tag_id'])
        .execute();
      await db.schema.createIndex('search_document_tags_tag_idx').on('search_document_tags').columns(['tag_id', 'article_id']).execute();
      await db.schema
        .createTable('search_state')
        .addColumn('key', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      if (dialectOf(db) === 'postgres') await createPostgresIndex(db);
      else await createSqliteIndex(db);
      // The articles already published are indexed by the running code (see ensureSearchIndex), which
      // knows how to read them; a migration that did it would have to keep working as that code changes.
      await db.insertInto('search_state').values({ key: 'rebuild', value: 'requested by 0015_search' }).execute();
    },
  },
  '0022_search_facets': {
    async up(db: Kysely<any>) {
      // PostgreSQL filters with its own indexes; the column is there so that both keep one document shape.
      if (dialectOf(db) === 'postgres')
        await db.schema
          .alterTable('search_documents')
          .addColumn('facets', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
      else await createSqliteIndex0022(db);
    },
  },
  '0023_search_postgres_terms': {
    async up(db: Kysely<any>) {
      if (dialectOf(db) === 'postgres') await createPostgresTerms(db);
    },
  },
  '0024_search_sqlite_terms': {
    async up(db: Kysely<any>) {
      if (dialectOf(db) === 'sqlite') await createSqliteTerms(db);
    },
  },
  '0030_search_languages': {
    async up(db: Kysely<any>) {
      if (dialectOf(db) === 'postgres') await createPostgresLanguages(db);
      else await createSqliteHeadTerms(db);
    },
  },
  '0043_search_drafts': {
    async up(db: Kysely<any>) {
      await createDraftIndex(db);
    },
  },
};
