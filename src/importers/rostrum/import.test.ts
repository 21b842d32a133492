import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../../test/databases.ts';
import { hostileStrings, sampleJpeg } from '../../../test/app.ts';
import { runCliInProcess } from '../../../test/cli.ts';
import { buildApp } from '../../app.tsx';
import type { AppContext } from '../../context.ts';
import { commandLineActor } from '../../core/actor.ts';
import { exportSite } from '../../cli/export.ts';
import { createPage } from '../../standalone-pages/commands.ts';
import { createRedirect } from '../../redirects/commands.ts';
import { createTerm } from '../../glossary/commands.ts';
import { createPoll, closePoll, deletePoll } from '../../polls/commands.ts';
import { castVote, getPoll } from '../../polls/store.ts';
import { changeArticle, createArticle, setArticlePoll } from '../../articles/commands.ts';
import { getArticleById } from '../../articles/store.ts';
import { createExpert, updateExpert } from '../../experts/commands.ts';
import { uploadImage } from '../../media/commands.ts';
import { deleteMedia, getMediaById } from '../../media/store.ts';
import { createTag } from '../../tags/commands.ts';
import { updatePortal } from '../../portals/commands.ts';
import { getPortal } from '../../portals/store.ts';
import { getExpertTranslations, getExpertTranslationsByIds, listAllExperts } from '../../experts/store.ts';
import { updateSiteSettings } from '../../site/commands.ts';
import { getSiteSettings } from '../../site/store.ts';
import { getTagTranslations, getTagTranslationsByIds } from '../../tags/store.ts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { importSourcesOf } from '../sources.ts';
import { importRostrum } from './import.ts';
import { RostrumExportError } from './reader.ts';

const actor = commandLineActor('import rostrum');
const builder = commandLineActor('test');

interface Site {
  db: TestDatabase;
  app: FastifyInstance;
  ctx: AppContext;
  close(): Promise<void>;
}

/** A whole Rostrum with nothing in it but what `demo` asks for: no accounts, no experts. */
async function startSite(kind: 'sqlite' | 'postgres', demo = false): Promise<Site> {
  const db = await createTestDatabase(kind, {}, { migrate: true, demo });
  const { app, ctx } = await buildApp(db.config, db.handle);
  return {
    db,
    app,
    ctx,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

const noProgress = () => ({ tick() {}, stop() {} });

/** The site's export as text, ballots included unless asked not to be. */
async function exportText(site: Site, withBallots = true): Promise<string> {
  let text = '';
  await exportSite(site.db.handle, (chunk) => void (text += chunk), noProgress, { publicUrl: site.db.config.publicUrl, withBallots });
  return text;
}

/** A stream of the text in small pieces, as a file would come: the reader must not need it whole. */
const piecesOf = (text: string) => () =>
  Readable.from(
    (function* () {
      const bytes = Buffer.from(text);
      for (let at = 0; at < bytes.length; at += 4096) yield bytes.subarray(at, at + 4096);
    })(),
  );

const importText = (site: Site, text: string, dryRun = false) => importRostrum(site.ctx, actor, { open: piecesOf(text), dryRun });

const count = async (site: Site, table: string) => Number((await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(site.db.handle.db)).rows[0]!.n);
const contentTables = [
  'articles',
  'experts',
  'tags',
  'media',
  'polls',
  'poll_options',
  'poll_ballots',
  'glossary_terms',
  'standalone_pages',
  'redirects',
  'portal_articles',
  'import_sources',
] as const;
const countAll = async (site: Site) => Object.fromEntries(await Promise.all(contentTables.map(async (t) => [t, await count(site, t)] as const))) as Record<(typeof contentTables)[number], number>;

/** What the test adds to the demo institution: a page with an image, a nested page, redirects, a glossary term, polls with votes. */
async function addEverythingElse(site: Site): Promise<void> {
  const ctx = site.ctx;
  const image = await uploadImage(ctx, builder, { file: await sampleJpeg(640, 400), description: { alt: 'The reading room', credit: 'Archive' } });
  const about = await createPage(ctx, builder, {
    title: 'About the institute',
    path: 'about',
    body: `We study **security** in Europe with the OSCE.[^1]\n\n![The reading room](/media/${image.hash}/640.jpg)\n\n[^1]: Since 1975.`,
    status: 'published',
    menu: 'masthead',
    menu_order: 1,
  });
  await createPage(ctx, builder, { title: 'Our team', path: 'about/team', body: 'Who we are.', status: 'published', menu: 'footer', menu_order: 2 });
  await createPage(ctx, builder, { title: 'Not yet', path: 'draft-page', body: 'Hidden.', status: 'draft' });
  await createRedirect(ctx, builder, { from: '/who-we-are/', to: `/${about.path}` });
  await createRedirect(ctx, builder, { from: '/old-journal', to: 'https://journal.example.org/', status: 302, note: 'moved to the journal' });
  await createTerm(ctx, builder, { term: 'OSCE', expansion: 'Organization for Security and Co-operation in Europe', definition: 'A *regional* security organisation.' });
  const experts = await listAllExperts(site.db.handle);
  // A slug changed: the old blog address leads to the new one (a redirect the move made).
  await updateExpert(ctx, builder, { id: experts[0]!.id }, { slug: `${experts[0]!.slug}-renamed` });
  // A gap in the polls' ids, and a poll whose id an importing site may have taken.
  const gone = await createPoll(ctx, builder, { question: 'Withdrawn question?', options: ['A', 'B'], maxChoices: 1 });
  await deletePoll(ctx, builder, gone.id);
  const poll = await createPoll(ctx, builder, { question: 'Will the talks resume this year?', options: ['Yes', 'No', 'Too early to say'], maxChoices: 1, status: 'open' });
  for (let reader = 0; reader < 7; reader++) await castVote(site.db.handle, poll.id, `reader-${reader}`, [poll.options[reader % 3]!.id]);
  const multiple = await createPoll(ctx, builder, {
    question: 'Which regions matter most?',
    options: ['Baltic', 'Balkans', 'Caucasus', 'Central Asia'],
    maxChoices: 2,
    status: 'open',
    resultsPolicy: 'after_close',
  });
  for (let reader = 0; reader < 5; reader++) await castVote(site.db.handle, multiple.id, `reader-${reader}`, [multiple.options[reader % 4]!.id, multiple.options[(reader + 1) % 4]!.id]);
  await closePoll(ctx, builder, multiple.id);
  const [first] = experts;
  const { article } = await createArticle(ctx, builder, {
    changes: {
      expertId: first!.id,
      title: hostileStrings[0]!,
      lead: hostileStrings[1]!,
      bodyMarkdown: `${hostileStrings.join('\n\n')}\n\nThe OSCE met.`,
      tagLabels: ['Security'],
      publishedAt: '2024-05-02T08:00:00.000Z',
    },
    status: 'published',
  });
  await setArticlePoll(ctx, builder, { articleId: article.id, pollId: poll.id });
  await createArticle(ctx, builder, { changes: { expertId: first!.id, title: 'Half written', lead: '', bodyMarkdown: 'Draft' } });
}

/**
 * The export with only the articles whose hero is among the first few images, and only the images still
 * named: for the tests that need a whole export but not every image made again (AVIF variants are slow).
 */
function withFewerImages(text: string): string {
  const doc = JSON.parse(text) as Record<string, any>;
  const portraits = new Set(doc.experts.map((e: { photo: number | null }) => e.photo));
  const heroes = new Set(
    doc.media
      .filter((m: { id: number }) => !portraits.has(m.id))
      .slice(0, 3)
      .map((m: { id: number }) => m.id),
  );
  doc.articles = doc.articles.filter((a: { image: number | null }) => a.image === null || heroes.has(a.image));
  // A translation goes with its original: the file names only articles it has.
  const originals = new Set(doc.articles.map((a: { id: number }) => a.id));
  doc.articles = doc.articles.filter((a: { translation_of?: number | null }) => a.translation_of == null || originals.has(a.translation_of));
  doc.media = doc.media.filter((m: { id: number }) => portraits.has(m.id) || heroes.has(m.id));
  const kept = new Set(doc.articles.map((a: { id: number }) => a.id));
  for (const portal of doc.portals) portal.articles = portal.articles.filter((id: number) => kept.has(id));
  return JSON.stringify(doc);
}

/** How many articles of an export are versions of another. */
const translationsIn = (text: string) => (JSON.parse(text) as { articles: Array<{ translation_of?: number | null }> }).articles.filter((a) => a.translation_of != null).length;

/**
 * The export as Rostrum wrote it before language editions (version 2 all the same): an English site, with
 * no languages in its settings, no texts in other languages, no languages on polls and terms, and no links
 * between articles.
 */
function beforeEditions(text: string): string {
  const doc = JSON.parse(text) as Record<string, any>;
  delete doc.settings.languages;
  delete doc.settings.translations;
  for (const list of ['tags', 'experts', 'portals']) for (const item of doc[list]) delete item.translations;
  const russianPolls = new Set(doc.polls.filter((p: { language: string }) => p.language === 'ru').map((p: { id: number }) => p.id));
  doc.polls = doc.polls.filter((p: { id: number }) => !russianPolls.has(p.id));
  doc.ballots = doc.ballots.filter((b: { poll: number }) => !russianPolls.has(b.poll));
  for (const poll of doc.polls) delete poll.language;
  doc.glossary = doc.glossary.filter((g: { language: string }) => g.language === 'en');
  for (const term of doc.glossary) delete term.language;
  const russian = new Set(doc.articles.filter((a: { language: string }) => a.language === 'ru').map((a: { id: number }) => a.id));
  doc.articles = doc.articles.filter((a: { id: number }) => !russian.has(a.id));
  for (const article of doc.articles) delete article.translation_of;
  for (const portal of doc.portals) portal.articles = portal.articles.filter((id: number) => !russian.has(id));
  return JSON.stringify(doc);
}

/** Addresses a page links to, on this site: in href and src attributes and a sitemap's <loc>. */
function linksIn(body: string, publicUrl: string): string[] {
  const found = [...body.matchAll(/(?:href|src)="([^"]*)"|<loc>([^<]*)<\/loc>/g)].map((m) => (m[1] ?? m[2]!).replace(/&amp;/g, '&'));
  return found
    .map((link) => (link.startsWith(publicUrl) ? link.slice(publicUrl.length) || '/' : link))
    .filter((link) => link.startsWith('/') && !link.startsWith('//'))
    .map((link) => link.split('#')[0]!)
    .filter((link) => link !== '' && !/^\/(admin|api|assets)(\/|$)/.test(link) && !/\/vote$/.test(link));
}

/** Every public address of the site, from the front page, the sitemap and the feeds, followed link by link. */
async function publicAddresses(site: Site, seeds: string[], limit: number): Promise<string[]> {
  const seen = new Set<string>(seeds);
  const queue = [...seeds];
  for (let at = 0; at < queue.length && seen.size < limit; at++) {
    const res = await site.app.inject({ url: queue[at]! });
    if (res.statusCode !== 200 || !/html|xml|json/.test(String(res.headers['content-type']))) continue;
    for (const link of linksIn(res.body, site.db.config.publicUrl)) {
      if (seen.has(link) || seen.size >= limit) continue;
      seen.add(link);
      queue.push(link);
    }
  }
  return [...seen];
}

/** Where two bodies first part, with a little of each around it: enough to see why. */
function whereTheyDiffer(there: string, here: string): string {
  let at = 0;
  while (at < there.length && there[at] === here[at]) at++;
  return `the body differs at ${at}: «${there.slice(Math.max(0, at - 60), at + 60)}» there, «${here.slice(Math.max(0, at - 60), at + 60)}» here`;
}

for (const kind of await databaseKinds()) {
  describe(`export then import rostrum on ${kind}`, () => {
    let source: Site;
    let target: Site;
    let text: string;

    before(async () => {
      source = await startSite(kind, true);
      await addEverythingElse(source);
      text = await exportText(source);
      target = await startSite(kind);
    });
    after(async () => {
      await source?.close();
      await target?.close();
    });

    test('a dry run reads the whole export, says what it would do, and writes nothing', async () => {
      const report = await importText(target, text, true);
      assert.ok(report.count('post', 'imported') >= 24, report.toText());
      assert.equal(report.count('translation link', 'imported'), translationsIn(text), 'every translation would be linked');
      assert.ok(report.count('image', 'imported') >= 19);
      assert.equal(report.notes.length, 0, report.toText());
      assert.equal(report.count('poll', 'imported'), (await countAll(source)).polls);
      assert.ok(report.count('ballot', 'imported') >= 12);
      assert.match(report.toText(), /^Dry run: nothing was written/);
      assert.deepEqual(
        Object.values(await countAll(target)).filter((n) => n > 0),
        [],
      );
    });

    test('into an empty site, every public page of both editions answers the same, byte for byte', async () => {
      const report = await importText(target, text);
      assert.equal(report.count('post', 'skipped'), 0, report.toText());
      assert.equal(report.notes.length, 0, report.toText());
      assert.equal(report.count('translation link', 'imported'), translationsIn(text), report.toText());
      const experts = await listAllExperts(source.db.handle);
      const polls = await source.db.handle.db.selectFrom('polls').select(['id', 'language']).execute();
      const russian = await source.db.handle.db
        .selectFrom('articles')
        .innerJoin('experts', 'experts.id', 'articles.expertId')
        .select(['experts.slug as expert', 'articles.slug'])
        .where('language', '=', 'ru')
        .execute();
      assert.ok(russian.length >= 7, 'the demo has its Russian edition');
      const seeds = [
        '/',
        '/blogs',
        '/polls',
        '/glossary',
        '/regions',
        '/countries',
        '/sitemap.xml',
        '/robots.txt',
        '/for-business',
        '/for-researchers',
        '/for-students',
        '/about',
        '/about/team',
        '/draft-page',
        '/who-we-are/',
        '/old-journal',
        '/search?q=security',
        '/search?q=OSCE',
        '/search?q=energy+transition',
        ...experts.map((e) => `/blogs/${e.slug}`),
        ...polls.flatMap((p) => [`/polls/${p.id}`, `/polls/${p.id}/embed`, `/polls/${p.id}/results.csv`, `/polls/${p.id}/votes-per-day.json`]),
        // The Russian edition: its pages, its blogs, its articles (one at a Cyrillic address), polls, glossary and search.
        '/ru',
        '/ru/blogs',
        '/ru/polls',
        '/ru/glossary',
        '/ru/regions',
        '/ru/countries',
        '/ru/for-business',
        '/ru/for-researchers',
        '/ru/for-students',
        '/ru/search?q=%D0%BA%D0%BE%D1%80%D0%B8%D0%B4%D0%BE%D1%80',
        '/ru/feed.xml',
        ...experts.map((e) => `/ru/blogs/${e.slug}`),
        ...russian.map((a) => `/ru/blogs/${a.expert}/${encodeURIComponent(a.slug)}`),
        ...polls.filter((p) => p.language === 'ru').map((p) => `/ru/polls/${p.id}`),
      ];
      const addresses = await publicAddresses(source, seeds, 4000);
      const differences: string[] = [];
      for (const url of addresses) {
        const [was, now] = await Promise.all([source.app.inject({ url }), target.app.inject({ url })]);
        if (was.statusCode !== now.statusCode) differences.push(`${url}: ${was.statusCode} there, ${now.statusCode} here`);
        else if (was.headers.location !== now.headers.location) differences.push(`${url}: leads to ${String(was.headers.location)} there, ${String(now.headers.location)} here`);
        else if (was.headers['content-type'] !== now.headers['content-type']) differences.push(`${url}: ${String(was.headers['content-type'])} there, ${String(now.headers['content-type'])} here`);
        else if (!was.rawPayload.equals(now.rawPayload)) differences.push(`${url}: ${whereTheyDiffer(was.body, now.body)}`);
      }
      assert.deepEqual(differences, [], `${differences.length} of ${addresses.length} addresses differ`);
      assert.ok(addresses.length > 300, `${addresses.length} addresses compared`);
      const answering = new Set<string>();
      for (const url of addresses.filter((a) => a.startsWith('/ru'))) if ((await target.app.inject({ url })).statusCode === 200) answering.add(url);
      assert.ok(answering.size > 50, `${answering.size} Russian addresses answer`);
      for (const a of russian) assert.ok(answering.has(`/ru/blogs/${a.expert}/${encodeURIComponent(a.slug)}`), `the Russian article ${a.slug} is compared`);
      console.log(`# ${kind}: ${addresses.length} public addresses compared, ${answering.size} of them in Russian`);
    });

    test('the groups of translations are the same: every version linked to the same original', async () => {
      const site = `rostrum ${(JSON.parse(text) as { site: { id: string } }).site.id}`;
      const here = await importSourcesOf(target.db.handle, site);
      const groupsOf = async (db: Site, idHere: (id: number) => number) => {
        const rows = await db.db.handle.db.selectFrom('articles').select(['id', 'translationGroup', 'language']).where('translationGroup', 'is not', null).execute();
        return rows.map((r) => [idHere(r.id), idHere(r.translationGroup!), r.language] as const).sort((a, b) => a[0] - b[0]);
      };
      const there = await groupsOf(source, (id) => here.get(`article ${id}`)!.targetId);
      assert.ok(there.length >= 14, `${there.length} versions in groups`);
      assert.deepEqual(await groupsOf(target, (id) => id), there);
    });

    test('a second run changes nothing: every item is known by its id on the old site', async () => {
      const before = { ...(await countAll(target)), audit: await count(target, 'audit_events') };
      const report = await importText(target, text);
      for (const kind of ['post', 'image', 'expert', 'poll', 'page', 'glossary term', 'redirect', 'tag', 'portal', 'settings', 'translation link'])
        assert.equal(report.count(kind, 'imported') + report.count(kind, 'updated'), 0, `${kind}: ${report.toText()}`);
      assert.equal(report.count('post', 'unchanged'), await count(source, 'articles'));
      assert.equal(report.count('translation link', 'unchanged'), translationsIn(text));
      assert.deepEqual({ ...(await countAll(target)), audit: await count(target, 'audit_events') }, before);
    });

    test('the export is valid by its JSON Schema (docs/export.schema.json)', async () => {
      const schema = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../../docs/export.schema.json'), 'utf8')) as object;
      const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
      const doc = JSON.parse(text) as Record<string, unknown>;
      assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
      assert.deepEqual(Object.keys(doc), [
        'format',
        'version',
        'exported_at',
        'site',
        'ballots_included',
        'settings',
        'tags',
        'media',
        'experts',
        'polls',
        'ballots',
        'glossary',
        'articles',
        'pages',
        'portals',
        'redirects',
      ]);
      assert.doesNotMatch(text, /reader-\d|secret|password|token_hash/i, 'no voter, secret or account in the file');
      // The Russian edition is in it: the languages, names in Russian, Russian polls and terms, translations linked.
      const site = doc as { settings: { languages: string[] }; tags: Array<Record<string, any>>; experts: Array<Record<string, any>>; portals: Array<Record<string, any>> };
      const lists = doc as Record<string, Array<Record<string, any>>>;
      assert.deepEqual(site.settings.languages, ['en', 'ru']);
      assert.ok(site.tags.some((t) => t.translations.ru?.name));
      assert.ok(site.experts.every((e) => e.translations.ru?.name && e.translations.ru.title !== undefined));
      assert.ok(site.portals.every((p) => p.translations.ru?.title));
      assert.ok(lists.polls!.some((p) => p.language === 'ru' && p.current) && lists.polls!.some((p) => p.language === 'en' && p.current), 'a current poll in each language');
      assert.ok(lists.glossary!.some((g) => g.language === 'ru'));
      assert.ok(translationsIn(text) >= 7);
      assert.ok(
        lists.articles!.some((a) => a.slug === 'средний-коридор'),
        'a slug in Cyrillic',
      );
      // The fields added since (December 2026) are in the file, and valid: the site's time zone, a co-written article's experts in byline order.
      assert.equal((doc as { settings: { time_zone?: string } }).settings.time_zone, 'UTC');
      const cowritten = lists.articles!.find((a) => Array.isArray(a.experts));
      assert.ok(cowritten && cowritten.experts.length >= 2 && cowritten.experts[0] === cowritten.expert, 'a co-written article names its experts, the lead first');
      // A tag's description (the demo has none) passes; an expert named twice in a byline does not.
      const described = structuredClone(doc) as { tags: Array<Record<string, unknown>> };
      described.tags[0]!.description = 'What the *topic* covers.';
      described.tags[0]!.translations = { ru: { description: 'О чём тема.' } };
      assert.ok(validate(described), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
      const twice = structuredClone(doc) as { articles: Array<Record<string, any>> };
      twice.articles.find((a) => Array.isArray(a.experts))!.experts.push(cowritten.expert);
      assert.equal(validate(twice), false);
      // The schema is strict: an unknown field, or one missing, fails it.
      const changed = structuredClone(doc) as { articles: Array<Record<string, unknown>> };
      delete changed.articles[0]!.title;
      assert.equal(validate(changed), false);
    });

    test('a later export of the changed old site updates what changed, and duplicates nothing', async () => {
      const [first] = await source.db.handle.db.selectFrom('articles').selectAll().where('status', '=', 'published').orderBy('id').limit(1).execute();
      await changeArticle(source.ctx, builder, first!, { changes: { title: 'A new title for an old article' } });
      const poll = (await source.db.handle.db.selectFrom('polls').select('id').where('question', '=', 'Will the talks resume this year?').executeTakeFirstOrThrow()).id;
      await castVote(source.db.handle, poll, 'reader-late', [(await getPoll(source.db.handle, poll))!.options[1]!.id]);
      const before = await countAll(target);
      const report = await importText(target, await exportText(source));
      assert.equal(report.count('post', 'updated'), 1, report.toText());
      assert.equal(report.count('poll', 'updated'), 1);
      assert.deepEqual(await countAll(target), { ...before, poll_ballots: before.poll_ballots + 1 });
      const here = (await importSourcesOf(target.db.handle, `rostrum ${(JSON.parse(text) as { site: { id: string } }).site.id}`)).get(`article ${first!.id}`)!;
      assert.equal((await getArticleById(target.db.handle, here.targetId))!.title, 'A new title for an old article');
      for (const url of [`/polls/${poll}`, `/polls/${poll}/results.json`, `/blogs`]) {
        const [was, now] = await Promise.all([source.app.inject({ url }), target.app.inject({ url })]);
        assert.equal(now.body, was.body, url);
      }
    });

    test('into a site with content of its own: merged by the old site’s ids, its own things kept, nothing twice', async () => {
      const site = await startSite(kind);
      try {
        const ctx = site.ctx;
        const sourceExperts = await listAllExperts(source.db.handle);
        const namesake = await createExpert(ctx, builder, { name: 'Someone else', slug: sourceExperts[1]!.slug });
        await createArticle(ctx, builder, { changes: { expertId: namesake.id, title: 'Our own view', lead: 'Ours.', bodyMarkdown: 'Our text.', tagLabels: ['Energy'] }, status: 'published' });
        const ownPoll = await createPoll(ctx, builder, { question: 'Our own question?', options: ['Yes', 'No'], maxChoices: 1, status: 'open' });
        await createTerm(ctx, builder, { term: 'OSCE', expansion: 'Our own expansion', definition: '' });
        await createRedirect(ctx, builder, { from: '/who-we-are/', to: '/blogs' });
        await updateSiteSettings(ctx, builder, { name: 'Our Institute' });
        const own = await countAll(site);
        const report = await importText(site, text);
        const after = await countAll(site);
        const theirs = await countAll(source);
        assert.equal(after.articles, own.articles + theirs.articles);
        assert.equal(after.experts, own.experts + theirs.experts);
        assert.equal(after.polls, own.polls + theirs.polls);
        // This site keeps its settings, and so its one language: the Russian terms have no glossary here, and
        // the Russian names of tags, experts and portals are left out, each with a warning.
        const russianTerms = (JSON.parse(text) as { glossary: Array<{ language: string }> }).glossary.filter((g) => g.language === 'ru').length;
        assert.equal(after.glossary_terms, theirs.glossary_terms - russianTerms, 'the one term both have is one term');
        assert.equal(report.count('glossary term', 'skipped'), russianTerms, report.toText());
        assert.match(report.toText(), /must be one of the site’s languages: en/);
        assert.match(report.toText(), /its name in ru is not brought over: this site has no ru edition/);
        assert.match(report.toText(), /its profile in ru is not brought over/);
        assert.equal(await count(site, 'tag_translations'), 0);
        assert.equal(await count(site, 'expert_translations'), 0);
        assert.equal(report.count('translation link', 'imported'), translationsIn(text), 'Russian articles are linked all the same');
        // Their namesake's blog moved aside; ours kept its address.
        assert.equal((await listAllExperts(site.db.handle)).find((e) => e.id === namesake.id)!.slug, sourceExperts[1]!.slug);
        assert.match(report.toText(), new RegExp(`this one’s blog is at /blogs/${sourceExperts[1]!.slug}-2`));
        // Their poll 1 could not keep its id: it has a new one, and its old address leads there (behind ours, which answers at /polls/1).
        assert.equal((await getPoll(site.db.handle, ownPoll.id))!.question, 'Our own question?');
        const moved = (await site.db.handle.db.selectFrom('redirects').selectAll().where('fromPath', '=', `/polls/${ownPoll.id}`).executeTakeFirst())!;
        assert.equal((await getPoll(site.db.handle, Number(moved.target.split('/').pop())))!.question, (await getPoll(source.db.handle, ownPoll.id))!.question);
        assert.equal((await site.app.inject({ url: '/who-we-are' })).headers.location, '/blogs', 'our own redirect is kept');
        assert.equal((await site.app.inject({ url: '/glossary' })).body.includes('Our own expansion'), true);
        assert.match((await site.app.inject({ url: '/' })).body, /Our Institute/);
        assert.match(report.toText(), /this site has settings of its own/);
        // Again: nothing new.
        const again = await importText(site, text);
        assert.deepEqual(await countAll(site), after);
        assert.equal(again.count('post', 'imported'), 0);
        assert.equal(again.count('translation link', 'imported') + again.count('translation link', 'updated'), 0, again.toText());
      } finally {
        await site.close();
      }
    });

    test('an export without ballots brings the tallies: the same results, only the chart of votes per day is empty', async () => {
      const site = await startSite(kind);
      try {
        await importText(site, withFewerImages(await exportText(source, false)));
        assert.equal(await count(site, 'poll_ballots'), 0);
        for (const poll of await source.db.handle.db.selectFrom('polls').select('id').execute()) {
          for (const url of [`/polls/${poll.id}/results.json`, `/polls/${poll.id}/results.csv`, `/polls/${poll.id}/embed`, `/api/v1/public/polls/${poll.id}`]) {
            const [was, now] = await Promise.all([source.app.inject({ url }), site.app.inject({ url })]);
            assert.equal(now.statusCode, was.statusCode, url);
            assert.equal(now.body, was.body, url);
          }
        }
      } finally {
        await site.close();
      }
    });

    test('a version 1 export (before polls, pages, the glossary and redirects were exported) still imports', async () => {
      const v2 = JSON.parse(withFewerImages(text)) as Record<string, any>;
      const v1 = {
        format: 'rostrum-export',
        version: 1,
        exported_at: v2.exported_at,
        settings: v2.settings,
        tags: v2.tags.map(({ slug, name, kind }: Record<string, unknown>) => ({ slug, name, kind })),
        experts: v2.experts.map(({ id: _id, created_at: _c, updated_at: _u, translations: _t, ...rest }: Record<string, unknown>) => rest),
        media: v2.media,
        articles: v2.articles.map(({ poll: _poll, translation_of: _of, ...rest }: Record<string, unknown>) => rest),
        portals: v2.portals.map(({ translations: _t, ...rest }: Record<string, unknown>) => rest),
      };
      const site = await startSite(kind);
      try {
        const report = await importText(site, JSON.stringify(v1));
        assert.equal(report.count('post', 'imported'), v2.articles.length, report.toText());
        const counts = await countAll(site);
        assert.deepEqual([counts.articles, counts.experts, counts.tags, counts.media, counts.polls], [v2.articles.length, v2.experts.length, v2.tags.length, v2.media.length, 0]);
        const article = v2.articles.find((a: { status: string; image: number | null }) => a.status === 'published' && a.image !== null);
        const url = `/blogs/${article.expert}/${article.slug}`;
        const [was, now] = await Promise.all([source.app.inject({ url }), site.app.inject({ url })]);
        assert.equal(now.statusCode, 200);
        const hero = (body: string) => /<img[^>]+src="(\/media\/[^"]+)"/.exec(body)?.[1];
        assert.equal(hero(now.body), hero(was.body));
        // The portals list the same articles, in the same order.
        const articleUrl = new Map(v2.articles.map((a: { id: number; expert: string; slug: string }) => [a.id, `/blogs/${a.expert}/${a.slug}`]));
        for (const portal of v2.portals as Array<{ slug: string; articles: number[] }>) {
          const page = (await site.app.inject({ url: `/for-${portal.slug}` })).body;
          const curated = /<section aria-labelledby="curated-heading">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
          const listed = [...curated.matchAll(/<h3 class="card-title"><a href="([^"]+)"/g)].map((m) => m[1]);
          assert.deepEqual(
            listed,
            portal.articles.map((id) => articleUrl.get(id)),
            portal.slug,
          );
        }
        assert.equal((await importText(site, JSON.stringify(v1))).count('post', 'unchanged'), v2.articles.length, 'known again on a second run');
      } finally {
        await site.close();
      }
    });

    test('an export made before editions (no languages, translations or links) still imports; after a newer one, it leaves those as they are', async () => {
      const fewer = withFewerImages(text);
      const old = beforeEditions(fewer);
      const site = await startSite(kind);
      try {
        const first = await importText(site, old);
        assert.equal(first.count('post', 'imported'), (JSON.parse(old) as { articles: unknown[] }).articles.length, first.toText());
        assert.equal(first.notes.length, 0, first.toText());
        assert.equal(first.kinds.has('translation link'), false);
        assert.deepEqual((await getSiteSettings(site.db.handle)).languages, ['en']);
        assert.deepEqual(await site.db.handle.db.selectFrom('glossaryTerms').select('language').distinct().execute(), [{ language: 'en' }], 'terms in the default language');
        const again = await importText(site, old);
        for (const kind of ['post', 'expert', 'poll', 'glossary term', 'tag', 'portal', 'settings'])
          assert.equal(again.count(kind, 'imported') + again.count(kind, 'updated'), 0, `${kind}: ${again.toText()}`);

        // The same site's newer export brings the edition: languages, names, Russian items and their links.
        const newer = await importText(site, fewer);
        assert.equal(newer.count('translation link', 'imported'), translationsIn(fewer), newer.toText());
        assert.deepEqual((await getSiteSettings(site.db.handle)).languages, ['en', 'ru']);
        const edition = async () => ({
          tags: await getTagTranslationsByIds(site.db.handle),
          experts: await getExpertTranslationsByIds(
            site.db.handle,
            (await listAllExperts(site.db.handle)).map((e) => e.id),
          ),
          portal: (await getPortal(site.db.handle, 'business')).translations,
          groups: await site.db.handle.db.selectFrom('articles').select(['id', 'translationGroup', 'language']).orderBy('id').execute(),
          polls: await site.db.handle.db.selectFrom('polls').select(['id', 'language', 'isCurrent']).orderBy('id').execute(),
          terms: await site.db.handle.db.selectFrom('glossaryTerms').select(['term', 'language']).orderBy('id').execute(),
        });
        const bilingual = await edition();
        assert.ok(bilingual.tags.size > 0 && bilingual.experts.size > 0 && bilingual.portal.ru?.title);
        // The old export again: what it says nothing of is left as it is.
        await importText(site, old);
        assert.deepEqual(await edition(), bilingual);
      } finally {
        await site.close();
      }
    });

    test('on the command line: export --with-ballots --out, then import rostrum with --report; a bad file fails with its message', async () => {
      const site = await startSite(kind);
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rostrum-export-'));
      try {
        const file = path.join(folder, 'site.json');
        const exported = await runCliInProcess(['export', '--with-ballots', '--out', file], source.db.cliEnv);
        assert.equal(exported.code, 0, exported.stderr);
        assert.equal((JSON.parse(fs.readFileSync(file, 'utf8')) as { ballots_included: boolean }).ballots_included, true);
        const dry = await runCliInProcess(['import', 'rostrum', file, '--dry-run'], site.db.cliEnv);
        assert.equal(dry.code, 0, dry.stderr);
        assert.match(dry.stdout, /Dry run: nothing was written/);
        assert.equal(await count(site, 'articles'), 0);
        const reportFile = path.join(folder, 'report.json');
        const imported = await runCliInProcess(['import', 'rostrum', file, '--report', reportFile], site.db.cliEnv);
        assert.equal(imported.code, 0, imported.stderr);
        const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as { kinds: Record<string, { imported: number }> };
        assert.equal(report.kinds.post!.imported, await count(source, 'articles'));
        const audit = await site.db.handle.db.selectFrom('auditEvents').select('actorLabel').distinct().execute();
        assert.deepEqual(
          audit.map((a) => a.actorLabel),
          ['command line: rostrum import rostrum'],
        );
        fs.writeFileSync(path.join(folder, 'bad.json'), '{"format":"rostrum-export","version":9}');
        const bad = await runCliInProcess(['import', 'rostrum', path.join(folder, 'bad.json')], site.db.cliEnv);
        assert.equal(bad.code, 1);
        assert.match(bad.stderr, /newer Rostrum \(format version 9\)/);
        const misplaced = await runCliInProcess(['import', 'rostrum', file, '--uploads', folder], site.db.cliEnv);
        assert.equal(misplaced.code, 2);
        assert.match(misplaced.stderr, /--uploads does not apply to import rostrum/);
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
        await site.close();
      }
    });

    test('what is not a whole, well-formed export is refused with a message naming the problem, and nothing is written', async () => {
      const site = await startSite(kind);
      try {
        const doc = () => JSON.parse(text) as Record<string, any>;
        const variant = (change: (d: Record<string, any>) => void) => {
          const d = doc();
          change(d);
          return JSON.stringify(d);
        };
        const cases: Array<[string, string, RegExp]> = [
          ['not JSON', 'this is not JSON', /not JSON/],
          ['empty', '', /empty/],
          ['a list', '[1, 2, 3]', /not a JSON object/],
          ['a Ghost export', JSON.stringify({ db: [{ data: { posts: [] } }] }), /not a Rostrum export: it has "db"/],
          ['another format', variant((d) => (d.format = 'wordpress')), /its format is "wordpress"/],
          ['a future version', variant((d) => (d.version = 3)), /newer Rostrum \(format version 3\)/],
          ['cut short', text.slice(0, Math.floor(text.length / 2)), /cut short/],
          ['a list missing', variant((d) => delete d.redirects), /redirects: is missing/],
          ['a field missing', variant((d) => delete d.articles[2].title), /articles\[2\] \(article \d+\): title: Required/],
          ['an item naming what is not there', variant((d) => (d.articles[0].image = 99999)), /its image 99999 is not in the export/],
          ['a hostile slug', variant((d) => (d.experts[0].slug = hostileStrings[1])), /experts\[0\].*slug: must be lower-case letters/],
          ['a hostile colour', variant((d) => (d.settings.brand_color = 'red;}</style><script>alert(1)</script>')), /settings: brand_color: must be a colour/],
          ['a hostile redirect', variant((d) => (d.redirects[0].to = hostileStrings[2])), /redirects\[0\].*to: must be a path on this site/],
          ['a hostile page path', variant((d) => (d.pages[0].path = '../../etc/passwd')), /pages\[0\].*path/],
          ['a page where the site’s own pages are', variant((d) => (d.pages[0].path = 'admin/users')), /pages\[0\].*path/],
          ['a hostile image', variant((d) => (d.media[0].original_base64 = '<script>alert(1)</script>')), /media\[0\].*original_base64: must be the image’s bytes in base64/],
          ['a ballot for an answer its poll lacks', variant((d) => (d.ballots[0].options = [99999])), /ballots\[0\].*an option its poll does not have/],
          ['two articles at one address', variant((d) => (d.articles[1] = { ...d.articles[1], expert: d.articles[0].expert, slug: d.articles[0].slug })), /another item has the same expert and slug/],
        ];
        for (const [what, bad, message] of cases) {
          await assert.rejects(importText(site, bad), (err: unknown) => err instanceof RostrumExportError && message.test(err.message), what);
          await assert.rejects(importText(site, bad, true), RostrumExportError, `${what}, in a dry run`);
        }
        assert.deepEqual(
          Object.values(await countAll(site)).filter((n) => n > 0),
          [],
        );
        assert.equal(await count(site, 'audit_events'), 0);
      } finally {
        await site.close();
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// Small exports written by hand: what a hostile or odd file does, item by item, on both databases.

const oldSite = 'ab'.repeat(16);
const then = '2025-01-10T09:00:00.000Z';

/** A whole version 2 export holding only `lists`, from the same old site every time. */
function handMade(lists: Record<string, unknown> = {}, top: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 'rostrum-export',
    version: 2,
    exported_at: then,
    site: { id: oldSite, public_url: 'https://old.example.org' },
    ballots_included: false,
    settings: { name: 'Rostrum', tagline: 'Expert analysis', description: 'Analysis and commentary by our experts.', brand_color: '#8a1c2b' },
    ...top,
    ...Object.fromEntries(['tags', 'media', 'experts', 'polls', 'ballots', 'glossary', 'articles', 'pages', 'portals', 'redirects'].map((list) => [list, lists[list] ?? []])),
  };
}

const pollItem = (id: number, optionIds: [number, number], changes: Record<string, unknown> = {}) => ({
  id,
  question: `Question ${id}?`,
  max_choices: 1,
  status: 'open',
  results_policy: 'always',
  opens_at: null,
  closes_at: null,
  current: false,
  voters: 3,
  created_at: then,
  updated_at: then,
  options: [
    { id: optionIds[0], position: 0, label: 'Yes', votes: 2 },
    { id: optionIds[1], position: 1, label: 'No', votes: 1 },
  ],
  ...changes,
});

const handExpert = { id: 1, slug: 'hand-expert', name: 'Hand Expert', position: '', affiliation: '', bio: '', photo: null, same_as: [], created_at: then, updated_at: then };

/** A published article of the hand-made expert, in `language`, a version of `translationOf` (an id in the file) or of none. */
const handArticle = (id: number, language: string, translationOf: number | null, changes: Record<string, unknown> = {}) => ({
  id,
  expert: 'hand-expert',
  slug: `hand-article-${id}`,
  title: `Hand article ${id}`,
  lead: 'Lead.',
  body: 'Body.',
  image: null,
  status: 'published',
  language,
  featured: false,
  poll: null,
  translation_of: translationOf,
  published_at: then,
  created_at: then,
  updated_at: then,
  tags: [],
  ...changes,
});

const importDoc = (site: Site, doc: Record<string, unknown>) => importText(site, JSON.stringify(doc));
const refusedWith = (site: Site, text: string, message: RegExp) => assert.rejects(importText(site, text), (err: unknown) => err instanceof RostrumExportError && message.test(err.message));

for (const kind of await databaseKinds()) {
  describe(`import rostrum of hand-made exports on ${kind}`, () => {
    let site: Site;
    before(async () => {
      site = await startSite(kind);
    });
    after(async () => {
      await site?.close();
    });
    const redirectFrom = (from: string) => site.db.handle.db.selectFrom('redirects').selectAll().where('fromPath', '=', from).executeTakeFirst();

    test('a poll id at the top of the integers is imported under a lower one, and polls made afterwards work', async () => {
      const top = 2_147_483_647;
      const report = await importDoc(site, handMade({ polls: [pollItem(top, [top - 1, top])] }));
      assert.equal(report.count('poll', 'imported'), 1, report.toText());
      const [imported] = await site.db.handle.db.selectFrom('polls').select('id').execute();
      assert.ok(imported!.id < 1_000_000_000, `kept below the ceiling: ${imported!.id}`);
      assert.equal((await site.app.inject({ url: `/polls/${top}` })).headers.location, `/polls/${imported!.id}`);
      const made = await createPoll(site.ctx, builder, { question: 'Made here afterwards?', options: ['Yes', 'No'], maxChoices: 1, status: 'open' });
      assert.ok(made.id < 2_147_483_647);
      assert.equal((await site.app.inject({ url: `/polls/${made.id}` })).statusCode, 200);
      await castVote(site.db.handle, made.id, 'reader-1', [made.options[0]!.id]);
      // Counts beyond what a column holds are refused before anything is written.
      await refusedWith(site, JSON.stringify(handMade({ polls: [pollItem(7, [70, 71], { voters: 2 ** 31 })] })), /polls\[0\].*voters: must be at most 2147483647/);
    });

    test('the site’s own tag, term, redirect and portal are used as they are, and stay so when a later export changes them', async () => {
      await createTag(site.ctx, builder, { slug: 'security', name: 'Our security', kind: 'topic' });
      await createTerm(site.ctx, builder, { term: 'NATO', expansion: 'Our expansion', definition: '' });
      await createRedirect(site.ctx, builder, { from: '/who', to: '/blogs' });
      await updatePortal(site.ctx, builder, 'business', { title: 'Our business portal', intro: 'Chosen by us.' });
      const exported = (name: string) =>
        handMade({
          tags: [{ id: 1, slug: 'security', name, kind: 'region' }],
          glossary: [{ id: 1, term: 'NATO', slug: 'nato', expansion: `${name} expansion`, definition: `${name}.`, created_at: then, updated_at: then }],
          redirects: [{ id: 1, from: '/who', to: `/${name.toLowerCase()}`, status: 301, prefix: false, origin: 'office', note: '', created_at: then, updated_at: then }],
          portals: [{ slug: 'business', title: `${name} portal`, intro: `${name} intro.`, articles: [] }],
        });
      const ours = async () => ({
        tag: await site.db.handle.db.selectFrom('tags').select(['name', 'kind']).where('slug', '=', 'security').executeTakeFirstOrThrow(),
        term: await site.db.handle.db.selectFrom('glossaryTerms').select(['expansion', 'definition']).where('term', '=', 'NATO').executeTakeFirstOrThrow(),
        redirect: (await redirectFrom('/who'))!.target,
        portal: await getPortal(site.db.handle, 'business'),
      });
      const before = await ours();
      await importDoc(site, handMade());
      await importDoc(site, exported('Theirs'));
      assert.deepEqual(await ours(), before);
      const again = await importDoc(site, exported('Changed'));
      assert.deepEqual(await ours(), before, again.toText());
      for (const kind of ['tag', 'glossary term', 'redirect', 'portal']) assert.equal(again.count(kind, 'updated'), 0, `${kind}: ${again.toText()}`);
    });

    test('an image is matched by its bytes, not by the hash the file claims, and only images the import made are described again', async () => {
      const own = await uploadImage(site.ctx, builder, { file: await sampleJpeg(48, 32), description: { alt: 'Ours', credit: 'Us' } });
      const other = await sampleJpeg(40, 30);
      const media = (id: number, bytes: Buffer, hash: string, alt: string) => ({
        id,
        hash,
        mime: 'image/jpeg',
        width: 40,
        height: 30,
        alt,
        credit: '',
        credit_url: '',
        variant_widths: '',
        created_at: then,
        original_base64: bytes.toString('base64'),
      });
      // Claims our image's hash with other bytes: a new image, and ours is left alone.
      await importDoc(site, handMade({ media: [media(1, other, own.hash, 'Rewritten')] }));
      assert.equal((await getMediaById(site.db.handle, own.id))!.alt, 'Ours');
      // Our very bytes: our image, used as it is and never described by this export, even when it changes.
      const ourBytes = (await site.db.handle.db.selectFrom('media').select('original').where('id', '=', own.id).executeTakeFirstOrThrow()).original;
      await importDoc(site, handMade({ media: [media(2, Buffer.from(ourBytes), own.hash, 'Theirs')] }));
      await importDoc(site, handMade({ media: [media(2, Buffer.from(ourBytes), own.hash, 'Theirs, changed')] }));
      assert.equal((await getMediaById(site.db.handle, own.id))!.alt, 'Ours');
    });

    test('an image deleted here since an earlier import is not made again', async () => {
      const bytes = await sampleJpeg(36, 24);
      const item = (alt: string) => ({
        id: 9,
        hash: createHash('sha256').update(bytes).digest('hex'),
        mime: 'image/jpeg',
        width: 36,
        height: 24,
        alt,
        credit: '',
        credit_url: '',
        variant_widths: '',
        created_at: then,
        original_base64: bytes.toString('base64'),
      });
      await importDoc(site, handMade({ media: [item('First')] }));
      const made = (await site.db.handle.db.selectFrom('media').select('id').where('alt', '=', 'First').executeTakeFirstOrThrow()).id;
      await deleteMedia(site.db.handle, made);
      const report = await importDoc(site, handMade({ media: [item('Second')] }));
      assert.equal(report.count('image', 'skipped'), 1, report.toText());
      assert.match(report.toText(), /deleted here since an earlier import/);
      assert.equal(await site.db.handle.db.selectFrom('media').select('id').where('alt', 'in', ['First', 'Second']).executeTakeFirst(), undefined);
    });

    test('answers added on the old site arrive, and its ballots with them, when only restored ballots are here', async () => {
      const ballots = (n: number, option: number) => Array.from({ length: n }, () => ({ poll: 40, cast_at: then, options: [option] }));
      await importDoc(
        site,
        handMade(
          {
            polls: [
              pollItem(40, [400, 401], {
                voters: 2,
                options: [
                  { id: 400, position: 0, label: 'Yes', votes: 2 },
                  { id: 401, position: 1, label: 'No', votes: 0 },
                ],
              }),
            ],
            ballots: ballots(2, 400),
          },
          { ballots_included: true },
        ),
      );
      const three = pollItem(40, [400, 401], {
        voters: 3,
        options: [
          { id: 400, position: 0, label: 'Yes', votes: 2 },
          { id: 401, position: 1, label: 'No', votes: 0 },
          { id: 402, position: 2, label: 'Later', votes: 1 },
        ],
      });
      const report = await importDoc(site, handMade({ polls: [three], ballots: [...ballots(2, 400), ...ballots(1, 402)] }, { ballots_included: true }));
      assert.doesNotMatch(report.toText(), /answers here are kept/);
      const id = (await site.db.handle.db.selectFrom('polls').select('id').where('question', '=', 'Question 40?').executeTakeFirstOrThrow()).id;
      const options = await site.db.handle.db.selectFrom('pollOptions').select(['label', 'votes']).where('pollId', '=', id).orderBy('position').execute();
      assert.deepEqual(
        options.map((o) => [o.label, Number(o.votes)]),
        [
          ['Yes', 2],
          ['No', 0],
          ['Later', 1],
        ],
      );
      assert.equal(Number((await sql<{ n: number }>`select count(*) as n from poll_ballots where poll_id = ${id}`.execute(site.db.handle.db)).rows[0]!.n), 3);
    });

    test('the site’s own current poll stays current; a file with two current polls is refused', async () => {
      const ours = await createPoll(site.ctx, builder, { question: 'Ours, current?', options: ['Yes', 'No'], maxChoices: 1, status: 'open', current: true });
      const report = await importDoc(site, handMade({ polls: [pollItem(50, [500, 501], { current: true })] }));
      assert.match(report.toText(), new RegExp(`poll ${ours.id} is current here, and stays so`));
      assert.deepEqual(
        (await site.db.handle.db.selectFrom('polls').select('id').where('isCurrent', '=', 1).execute()).map((p) => p.id),
        [ours.id],
      );
      const two = handMade({ polls: [pollItem(51, [510, 511], { current: true }), pollItem(52, [520, 521], { current: true })] });
      await refusedWith(site, JSON.stringify(two), /polls\[1\].*poll 51 is marked current already/);
    });

    test('a poll whose id is taken leaves the site’s own redirects as they are', async () => {
      const ours = await createPoll(site.ctx, builder, { question: 'Ours, with redirects?', options: ['Yes', 'No'], maxChoices: 1 });
      await createRedirect(site.ctx, builder, { from: '/our-poll', to: `/polls/${ours.id}` });
      const report = await importDoc(site, handMade({ polls: [pollItem(ours.id, [9001, 9002], { question: 'Theirs, same id?' })] }));
      assert.match(report.toText(), new RegExp(`another poll here has the id ${ours.id}`));
      assert.equal((await redirectFrom('/our-poll'))!.target, `/polls/${ours.id}`, 'the chain into our poll is not re-pointed');
      // A rule the site has from the old address already is kept.
      const second = await createPoll(site.ctx, builder, { question: 'Ours again?', options: ['Yes', 'No'], maxChoices: 1 });
      await site.db.handle.db
        .insertInto('redirects')
        .values({ fromPath: `/polls/${second.id}`, target: '/blogs', status: 302, prefix: 1, origin: 'office', note: 'ours', createdAt: then, updatedAt: then })
        .execute();
      const next = await importDoc(site, handMade({ polls: [pollItem(second.id, [9003, 9004], { question: 'Theirs again?' })] }));
      assert.match(next.toText(), new RegExp(`this site’s own redirect from /polls/${second.id} is kept`));
      assert.deepEqual({ ...(await redirectFrom(`/polls/${second.id}`)), id: 0 }, { ...(await redirectFrom(`/polls/${second.id}`)), id: 0, target: '/blogs', status: 302 });
    });

    test('a file with what Rostrum does not write is refused: an unknown key, nesting, an item too large, a bad time', async () => {
      const tag = { id: 1, slug: 'junk', name: 'Junk', kind: 'topic' };
      await refusedWith(site, JSON.stringify(handMade({ tags: [{ ...tag, junk: [1, 2, 3] }] })), /tags\[0\].*Unrecognized key\(s\) in object: 'junk'/);
      await refusedWith(site, JSON.stringify(handMade({ tags: [{ ...tag, name: [[[[[[[[['deep']]]]]]]]] }] })), /tags\[0\]: its values nest deeper than an export's do/);
      await refusedWith(site, JSON.stringify(handMade({ tags: [{ ...tag, name: 'x'.repeat(3 * 1024 * 1024) }] })), /tags\[0\]: the item is larger than the 2 MB one may be/);
      await refusedWith(site, JSON.stringify(handMade({}, { exported_at: 'yesterday' })), /exported_at: must be an ISO 8601 date-time/);
      await refusedWith(site, JSON.stringify(handMade({}, { site: { id: oldSite, public_url: 'https://old.example.org', extra: true } })), /site: Unrecognized key/);
    });

    test('times are stored in Rostrum’s own form, whatever form the file gives them in; a poll must close after it opens', async () => {
      await importDoc(site, handMade({ polls: [pollItem(60, [600, 601], { opens_at: '2025-03-01', closes_at: '2025-03-02T10:00:00+02:00', created_at: '2025-02-01T09:00:00Z' })] }));
      const poll = await site.db.handle.db.selectFrom('polls').select(['opensAt', 'closesAt', 'createdAt']).where('question', '=', 'Question 60?').executeTakeFirstOrThrow();
      assert.deepEqual([poll.opensAt, poll.closesAt].map(String), ['2025-03-01T00:00:00.000Z', '2025-03-02T08:00:00.000Z']);
      // A UTC time is kept as it was written (pages print it as stored; PostgreSQL's column writes it its own way).
      assert.match(String(poll.createdAt), /^2025-02-01T09:00:00(\.000)?Z$/);
      await refusedWith(
        site,
        JSON.stringify(handMade({ polls: [pollItem(61, [610, 611], { opens_at: '2025-03-02T00:00:00Z', closes_at: '2025-03-01T00:00:00Z' })] })),
        /polls\[0\].*closes_at: must come after opens_at/,
      );
    });

    test('a file that changes between the two reads is refused', async () => {
      let reads = 0;
      const first = JSON.stringify(handMade({ redirects: [] }));
      const second = JSON.stringify(handMade({ redirects: [{ id: 5, from: '/sneaked/', to: '/blogs', status: 301, prefix: false, origin: 'office', note: '', created_at: then, updated_at: then }] }));
      const open = () => piecesOf(reads++ === 0 ? first : second)();
      await assert.rejects(importRostrum(site.ctx, actor, { open, dryRun: false }), /changed while it was imported/);
    });

    test('translations are linked once every article is in, whatever their order; a later export that undoes a link or a name undoes it here', async () => {
      const bilingual = { settings: { ...(handMade().settings as object), languages: ['en', 'ru'] } };
      const expert = (ru: Record<string, string>) => ({
        id: 1,
        slug: 'hand-expert',
        name: 'Hand Expert',
        position: 'Fellow',
        affiliation: '',
        bio: '',
        photo: null,
        same_as: [],
        translations: Object.keys(ru).length ? { ru } : {},
        created_at: then,
        updated_at: then,
      });
      // The group is named by article 30, which comes after one of its versions: it was linked the other way round.
      const exported = (changes: { unlinked?: boolean; ru?: Record<string, string>; tagRu?: string } = {}) =>
        handMade(
          {
            tags: [{ id: 1, slug: 'hand-topic', name: 'Topic', kind: 'topic', translations: changes.tagRu ? { ru: { name: changes.tagRu } } : {} }],
            experts: [expert(changes.ru ?? { name: 'Эксперт Рукописный', title: 'Научный сотрудник' })],
            // Once 40 left the group on the old site, the group took the name of its lowest id (articles' settleGroup).
            articles: changes.unlinked
              ? [handArticle(20, 'ru', null, { slug: 'версия' }), handArticle(30, 'en', 20), handArticle(40, 'fr', null)]
              : [handArticle(20, 'ru', 30, { slug: 'версия' }), handArticle(30, 'en', null), handArticle(40, 'fr', 30)],
          },
          bilingual,
        );
      const first = await importDoc(site, exported({ tagRu: 'Тема' }));
      assert.equal(first.count('translation link', 'imported'), 2, first.toText());
      const source = await importSourcesOf(site.db.handle, `rostrum ${oldSite}`);
      const idOf = (id: number) => source.get(`article ${id}`)!.targetId;
      const groups = async () => Object.fromEntries(await Promise.all([20, 30, 40].map(async (id) => [id, (await getArticleById(site.db.handle, idOf(id)))!.translationGroup] as const)));
      assert.deepEqual(await groups(), { 20: idOf(30), 30: idOf(30), 40: idOf(30) });
      // A link changes no text: the article keeps the old site's times.
      assert.equal((await getArticleById(site.db.handle, idOf(20)))!.updatedAt, then);
      const expertId = source.get('expert 1')!.targetId;
      assert.deepEqual(await getExpertTranslations(site.db.handle, expertId), { ru: { name: 'Эксперт Рукописный', position: 'Научный сотрудник', affiliation: '', bio: '' } });
      const tagId = source.get('tag hand-topic')!.targetId;
      assert.deepEqual(await getTagTranslations(site.db.handle, tagId), { ru: 'Тема' });

      const audit = await count(site, 'audit_events');
      const again = await importDoc(site, exported({ tagRu: 'Тема' }));
      assert.equal(again.count('translation link', 'unchanged'), 2, again.toText());
      assert.equal(await count(site, 'audit_events'), audit, 'a second run writes nothing');

      // The old site took article 40 out of the group, and removed the Russian names.
      const later = await importDoc(site, exported({ unlinked: true, ru: {} }));
      assert.deepEqual(await groups(), { 20: idOf(20), 30: idOf(20), 40: null }, later.toText());
      assert.equal((await importDoc(site, exported({ unlinked: true, ru: {} }))).count('translation link', 'unchanged'), 1);
      assert.deepEqual(await getExpertTranslations(site.db.handle, expertId), {});
      assert.deepEqual(await getTagTranslations(site.db.handle, tagId), {});
    });

    test('a file whose translations do not make groups of one version per language is refused before anything is written', async () => {
      const articles = (...items: Array<Record<string, unknown>>) => JSON.stringify(handMade({ experts: [handExpert], articles: items }));
      await refusedWith(site, articles(handArticle(50, 'ru', 99)), /articles\[0\].*translation_of: article 99 is not in the export/);
      await refusedWith(site, articles(handArticle(50, 'ru', 50)), /translation_of: an article cannot be a translation of itself/);
      await refusedWith(site, articles(handArticle(50, 'en', null), handArticle(51, 'ru', 50), handArticle(52, 'fr', 51)), /articles\[2\].*article 51 is a translation itself/);
      await refusedWith(site, articles(handArticle(50, 'en', null), handArticle(51, 'ru', 50), handArticle(52, 'ru', 50)), /articles\[2\].*the group of article 50 has a version in ru already/);
      await refusedWith(site, articles(handArticle(50, 'en', null), handArticle(51, 'en', 50)), /articles\[1\].*has a version in en already/);
      assert.equal((await site.db.handle.db.selectFrom('articles').select('id').where('title', 'like', 'Hand article 5%').execute()).length, 0);
    });

    test('each language has its current poll: one current in another language is no rival, and one term may be in each language', async () => {
      const bilingual = { settings: { ...(handMade().settings as object), languages: ['en', 'ru'] } };
      const ours = await createPoll(site.ctx, builder, { question: 'Ours, current in English?', options: ['Yes', 'No'], maxChoices: 1, status: 'open', current: true });
      const report = await importDoc(
        site,
        handMade(
          {
            polls: [pollItem(80, [800, 801], { current: true, language: 'ru', question: 'Наш вопрос?' }), pollItem(81, [810, 811], { current: true, language: 'en' })],
            glossary: [{ id: 8, term: 'NATO', slug: 'nato-ru', expansion: 'Организация Североатлантического договора', definition: '', language: 'ru', created_at: then, updated_at: then }],
          },
          bilingual,
        ),
      );
      const current = await site.db.handle.db.selectFrom('polls').select(['id', 'question', 'language']).where('isCurrent', '=', 1).orderBy('language').execute();
      assert.deepEqual(
        current.map((p) => [p.language, p.question]),
        [
          ['en', 'Ours, current in English?'],
          ['ru', 'Наш вопрос?'],
        ],
      );
      assert.equal(current[0]!.id, ours.id);
      // Only the English one meets a current poll of its language here.
      const warned = report.notes.filter((note) => note.warnings.some((w) => w.startsWith('it was the current poll there'))).map((note) => note.item);
      assert.deepEqual(warned, ['poll 81 “Question 81?”']);
      assert.match(report.toText(), new RegExp(`it was the current poll there \\(in en\\); poll ${ours.id} is current here, and stays so`));
      // The English NATO of this site (an earlier test's) is another term than the Russian one.
      const natos = await site.db.handle.db.selectFrom('glossaryTerms').select(['language', 'expansion']).where('termKey', '=', 'nato').orderBy('language').execute();
      assert.deepEqual(
        natos.map((t) => t.language),
        ['en', 'ru'],
      );
      assert.equal(natos[1]!.expansion, 'Организация Североатлантического договора');
      // Two current polls in one language are one too many.
      const two = handMade({ polls: [pollItem(82, [820, 821], { current: true, language: 'ru' }), pollItem(83, [830, 831], { current: true, language: 'ru' })] });
      await refusedWith(site, JSON.stringify(two), /polls\[1\].*poll 82 is marked current already in its language \(ru\)/);
    });
  });
}
