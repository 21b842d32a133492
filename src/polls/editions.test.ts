import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FastifyRequest } from 'fastify';
import vnuJar from 'vnu-jar';
import { Fragment, h } from 'preact';
import { databaseKinds, createTestDatabase } from '../../test/databases.ts';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor } from '../../test/office.ts';
import { runCliInProcess } from '../../test/cli.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { migrations } from '../schema.ts';
import { listAuditEvents } from '../audit/store.ts';
import { saveSiteSettings } from '../site/store.ts';
import { renderDocument } from '../views/render.ts';
import { localeFor, translate } from '../views/i18n/locale.ts';
import { catalogues } from '../views/i18n/catalogues/index.ts';
import { editionLanguages, type Editions } from '../views/i18n/languages.ts';
import { pollSlot } from './slot.tsx';
import { createPoll, getPoll, listPolls, setCurrentPoll, setPollStatus, updatePoll, castVote } from './store.ts';
import { englishVoteWords, formatVoteMessage, readVoteWords, voteWordKeys } from './vote-words.ts';

const bilingual: Editions = { languages: ['en', 'ru'] };
const site = 'http://rostrum.test';

/** Every cookie a response sets, as a browser would send them back. */
const cookiesOf = (res: { headers: Record<string, unknown> }) =>
  ([] as string[])
    .concat((res.headers['set-cookie'] as string[] | string | undefined) ?? [])
    .map((c) => c.split(';')[0])
    .join('; ');

/** A request as pollSlot reads it: no cookie, no query, no edition named by its address. */
const plainRequest = { query: {}, headers: {}, raw: {} } as unknown as FastifyRequest;

describe('vote counts in words', () => {
  const cases: Array<[number, string, string]> = [
    [0, '0 readers voted', '0 читателей проголосовали'],
    [1, '1 reader voted', '1 читатель проголосовал'],
    [2, '2 readers voted', '2 читателя проголосовали'],
    [5, '5 readers voted', '5 читателей проголосовали'],
    [11, '11 readers voted', '11 читателей проголосовали'],
    [21, '21 readers voted', '21 читатель проголосовал'],
    [22, '22 readers voted', '22 читателя проголосовали'],
    [25, '25 readers voted', '25 читателей проголосовали'],
    [101, '101 readers voted', '101 читатель проголосовал'],
    [1234, '1,234 readers voted', '1\u00a0234 читателя проголосовали'],
  ];

  test('each language takes its own plural form, and writes the number its own way', () => {
    for (const [count, english, russian] of cases) {
      assert.equal(translate('en', 'poll.voters', { count }), english);
      assert.equal(translate('ru', 'poll.voters', { count }), russian);
    }
    assert.equal(translate('ru', 'poll.chooseUpTo', { count: 2 }), 'Можно выбрать до 2 ответов.');
    assert.equal(translate('ru', 'poll.chooseUpTo', { count: 21 }), 'Можно выбрать до 21 ответа.');
  });

  test('the count and its share: "33 (31%)" in English, "33 (31 %)" in Russian', () => {
    for (const [language, expected] of [
      ['en', '33 (31%)'],
      ['ru', '33 (31\u00a0%)'],
    ] as const) {
      const locale = localeFor(language, bilingual);
      assert.equal(locale.t('poll.count', { votes: locale.number(33), percent: locale.percent(31) }), expected);
    }
  });

  test('the voting script words its messages as the server does, in both languages', () => {
    for (const language of ['en', 'ru'] as const) {
      const words = language === 'en' ? englishVoteWords : readVoteWords(JSON.stringify({ locale: editionLanguages.ru.intlLocale, messages: catalogues.ru }));
      assert.equal(words.locale, editionLanguages[language].intlLocale);
      for (const key of voteWordKeys) {
        for (const count of [0, 1, 2, 5, 11, 21, 22, 25, 101, 1234]) {
          const values = { count, votes: String(count), percent: `${count}%` };
          assert.equal(formatVoteMessage(words.messages[key], values, words.locale), translate(language, key, values), `${language} ${key} ${count}`);
        }
      }
    }
  });

  test('words a page cannot vouch for are English', () => {
    for (const json of [
      undefined,
      '',
      'not json',
      'null',
      '{}',
      '{"locale":"ru-RU"}',
      '{"locale":"no such locale!","messages":{}}',
      JSON.stringify({ locale: 'ru-RU', messages: { 'poll.vote': 1 } }),
    ]) {
      assert.equal(readVoteWords(json), englishVoteWords, String(json));
    }
  });
});

for (const kind of await databaseKinds()) {
  describe(`polls per edition on ${kind}`, () => {
    let t: TestApp;
    const api = (method: 'POST' | 'PATCH', url: string, payload: unknown) => t.app.inject({ method, url, headers: bearer(t.tokens.editor), payload: payload as object });
    before(async () => {
      t = await startTestApp(kind);
      await saveSiteSettings(t.db.handle, { languages: ['en', 'ru'] });
      t.ctx.contentChanged();
    });
    after(() => t.close());

    test('the API takes a poll’s language, answers it, and gives its address in its edition', async () => {
      const made = await api('POST', '/api/v1/polls', { question: 'Нужен ли новый договор?', options: ['Да', 'Нет'], status: 'open', language: 'ru' });
      assert.equal(made.statusCode, 201, made.body);
      const body = made.json() as { id: number; url: string; language: string };
      assert.equal(body.language, 'ru');
      assert.equal(body.url, `${site}/ru/polls/${body.id}`);
      const english = (await api('POST', '/api/v1/polls', { question: 'Is a new treaty needed?', options: ['Yes', 'No'] })).json() as { id: number; url: string; language: string };
      assert.equal(english.language, 'en', "the site's default language when none is given");
      assert.equal(english.url, `${site}/polls/${english.id}`);
      const read = (await t.app.inject({ url: `/api/v1/public/polls/${body.id}` })).json() as { language: string };
      assert.equal(read.language, 'ru');

      const moved = await api('PATCH', `/api/v1/polls/${english.id}`, { language: 'ru' });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal((moved.json() as { language: string }).language, 'ru');
      const entry = (await listAuditEvents(t.db.handle, { limit: 1 }))[0]!;
      assert.equal(entry.action, 'poll.update');
      assert.equal(entry.detail, 'Changed: language (en → ru)');
      const [created] = await listAuditEvents(t.db.handle, { limit: 1, action: 'poll.create', subject: { kind: 'poll', id: body.id } });
      assert.equal(created?.detail, 'Language: ru');
    });

    test('a language that is not one of the site’s is a 422 at `language`, and changes nothing', async () => {
      const before = (await listPolls(t.db.handle)).length;
      const target = await createPoll(t.db.handle, { question: 'Hostile languages?', options: ['A', 'B'], status: 'open' });
      for (const language of ['fr', 'xx', 'RU', 'ru-RU', ' ru', 'ru ', '', 'en\u0000', '../ru', 'a'.repeat(5000), 123, null, true, ['ru'], { ru: true }, ...hostileStrings]) {
        const made = await api('POST', '/api/v1/polls', { question: 'Refused?', options: ['A', 'B'], language });
        assert.equal(made.statusCode, 422, `${JSON.stringify(language)}: ${made.body}`);
        assert.equal((made.json() as { error: { field?: string } }).error.field, 'language', JSON.stringify(language));
        const changed = await api('PATCH', `/api/v1/polls/${target.id}`, { language });
        assert.equal(changed.statusCode, 422, `${JSON.stringify(language)}: ${changed.body}`);
        assert.equal((changed.json() as { error: { field?: string } }).error.field, 'language');
      }
      assert.equal((await listPolls(t.db.handle)).length, before + 1, 'no poll was made');
      assert.equal((await getPoll(t.db.handle, target.id))?.language, 'en');
    });

    test('/ru/polls lists the Russian polls, /polls the others; each poll’s page is in its own edition', async () => {
      const ruOpen = await createPoll(t.db.handle, { question: 'Открытый русский опрос?', options: ['Да', 'Нет'], status: 'open', language: 'ru' });
      const ruClosed = await createPoll(t.db.handle, { question: 'Завершённый русский опрос?', options: ['Да', 'Нет'], status: 'open', language: 'ru' });
      await castVote(t.db.handle, ruClosed.id, 'archive-ru', [ruClosed.options[0]!.id]);
      await updatePoll(t.db.handle, ruClosed.id, { closesAt: '2025-03-01T12:00:00.000Z' });
      const enClosed = await createPoll(t.db.handle, { question: 'A closed English poll?', options: ['Yes', 'No'], status: 'open' });
      await setPollStatus(t.db.handle, enClosed.id, 'closed');
      // French has no edition here: its polls are read in the default one.
      const frOpen = await createPoll(t.db.handle, { question: 'Un sondage en français ?', options: ['Oui', 'Non'], status: 'open', language: 'fr' });
      t.ctx.contentChanged();

      const russian = await t.app.inject({ url: '/ru/polls' });
      assert.equal(russian.statusCode, 200);
      assert.match(russian.body, /<h1>Опросы читателей<\/h1>/);
      assert.match(russian.body, new RegExp(`action="/ru/polls/${ruOpen.id}/vote"`));
      assert.match(russian.body, new RegExp(`<a href="/ru/polls/${ruClosed.id}">Завершённый русский опрос\\?</a>`));
      assert.match(russian.body, /1 читатель проголосовал · завершён 1 марта 2025 г\./);
      assert.match(russian.body, /<span class="poll-count">1 \(100\u00a0%\)<\/span>/);
      for (const other of ['A closed English poll?', 'Un sondage en français ?', 'Is a new treaty needed?']) assert.ok(!russian.body.includes(other), other);
      assert.match(russian.body, /<link rel="alternate" hreflang="en" href="http:\/\/rostrum\.test\/polls"\/>/);

      const english = await t.app.inject({ url: '/polls' });
      assert.match(english.body, /<h1>Reader polls<\/h1>/);
      assert.match(english.body, /A closed English poll\?/);
      assert.match(english.body, new RegExp(`action="/polls/${frOpen.id}/vote"`));
      assert.ok(!english.body.includes('русский опрос'), 'no Russian poll in the English edition');
      assert.match(english.body, /<link rel="alternate" hreflang="ru" href="http:\/\/rostrum\.test\/ru\/polls"\/>/);

      const page = await t.app.inject({ url: `/ru/polls/${ruClosed.id}` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<html lang="ru"/);
      assert.match(page.body, /Опрос читателей · Завершён/);
      assert.match(page.body, /Подробные результаты/);
      assert.match(page.body, /n = 1 читатель; голос подан \d+ [а-я]+ \d{4} г\. \(UTC\)\./);
      assert.match(page.body, new RegExp(`<link rel="canonical" href="http://rostrum.test/ru/polls/${ruClosed.id}"/>`));
      const embed = await t.app.inject({ url: `/ru/polls/${ruClosed.id}/embed` });
      assert.equal(embed.statusCode, 200);
      assert.match(embed.body, /Опрос читателей · Rostrum/);
      assert.match(embed.body, new RegExp(`href="http://rostrum.test/ru/polls/${ruClosed.id}">Опрос на сайте Rostrum<`));
    });

    test('a poll asked for in another edition is sent to its own, with 301', async () => {
      const ru = await createPoll(t.db.handle, { question: 'Куда?', options: ['Сюда', 'Туда'], status: 'open', language: 'ru' });
      const en = await createPoll(t.db.handle, { question: 'Where to?', options: ['Here', 'There'], status: 'open' });
      const fr = await createPoll(t.db.handle, { question: 'Où ?', options: ['Ici', 'Là'], status: 'open', language: 'fr' });
      const cases: Array<[string, string]> = [
        [`/polls/${ru.id}`, `/ru/polls/${ru.id}`],
        [`/polls/${ru.id}?poll=${ru.id}&vote=counted`, `/ru/polls/${ru.id}?poll=${ru.id}&vote=counted`],
        [`/ru/polls/0${ru.id}`, `/ru/polls/${ru.id}`],
        [`/ru/polls/${en.id}`, `/polls/${en.id}`],
        [`/ru/polls/${fr.id}`, `/polls/${fr.id}`],
        [`/polls/${ru.id}/embed`, `/ru/polls/${ru.id}/embed`],
        [`/ru/polls/${en.id}/embed`, `/polls/${en.id}/embed`],
      ];
      for (const [url, location] of cases) {
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 301, url);
        assert.equal(res.headers.location, location, url);
      }
      for (const url of [`/ru/polls/${ru.id}`, `/polls/${en.id}`, `/polls/${fr.id}`, `/ru/polls/${ru.id}/embed`]) assert.equal((await t.app.inject({ url })).statusCode, 200, url);
    });

    test('voting on /ru/polls/:id: back to the Russian page, told in Russian', async () => {
      const poll = await createPoll(t.db.handle, { question: 'Голосуем по-русски?', options: ['Да', 'Нет'], status: 'open', language: 'ru' });
      const page = `/ru/polls/${poll.id}`;
      const form = await t.app.inject({ url: page });
      assert.match(form.body, new RegExp(`<form method="post" action="/ru/polls/${poll.id}/vote"`));
      assert.match(form.body, /<button type="submit">Голосовать<\/button>/);
      assert.match(form.body, /data-words="\{&quot;locale&quot;:&quot;ru-RU&quot;/);

      const formPost = (payload: string, headers: Record<string, string> = {}) =>
        t.app.inject({ method: 'POST', url: `/ru/polls/${poll.id}/vote`, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload });
      const empty = await formPost('', { referer: `${site}${page}` });
      assert.equal(empty.statusCode, 303);
      assert.equal(empty.headers.location, `${page}?poll=${poll.id}&vote=no_choice#poll-${poll.id}`);
      assert.match((await t.app.inject({ url: String(empty.headers.location).split('#')[0]! })).body, /<p class="poll-message" role="status">Выберите ответ\.<\/p>/);

      const vote = await formPost(`option=${poll.options[0]!.id}`, { referer: `${site}${page}` });
      assert.equal(vote.statusCode, 303);
      assert.equal(vote.headers.location, `${page}?poll=${poll.id}&vote=counted#poll-${poll.id}`);
      const cookie = cookiesOf(vote);
      const landed = await t.app.inject({ url: String(vote.headers.location).split('#')[0]!, headers: { cookie } });
      assert.equal(landed.statusCode, 200);
      assert.match(landed.body, /Спасибо! Ваш голос учтён\./);
      assert.match(landed.body, /1 читатель проголосовал/);
      assert.match(landed.body, /Да<\/span> <span class="poll-count">1 \(100\u00a0%\)<\/span>/);

      const again = await formPost(`option=${poll.options[1]!.id}`, { referer: `${site}${page}`, cookie });
      assert.equal(again.headers.location, `${page}?poll=${poll.id}&vote=repeat#poll-${poll.id}`);
      assert.match((await t.app.inject({ url: `${page}?poll=${poll.id}&vote=repeat`, headers: { cookie } })).body, /Вы уже голосовали в этом опросе\./);

      // Without a Referer, or with one that is not a page of this site, back to the poll's own page in its edition.
      for (const headers of [
        {} as Record<string, string>,
        { referer: `https://evil.example${page}` },
        { referer: `${site}/ru/polls/${poll.id}/vote` },
        { referer: `${site}//evil.example/ru/polls` },
      ]) {
        const res = await formPost('', headers);
        assert.equal(res.headers.location, `${page}?poll=${poll.id}&vote=no_choice#poll-${poll.id}`, JSON.stringify(headers));
      }
      // A form sent from a Russian article page goes back there.
      const fromArticle = await formPost('', { referer: `${site}/ru/blogs/someone/something` });
      assert.equal(fromArticle.headers.location, `/ru/blogs/someone/something?poll=${poll.id}&vote=no_choice#poll-${poll.id}`);

      await setPollStatus(t.db.handle, poll.id, 'closed');
      t.ctx.contentChanged();
      const closed = await formPost(`option=${poll.options[0]!.id}`, { referer: `${site}${page}` });
      assert.equal(closed.headers.location, `${page}?poll=${poll.id}&vote=closed#poll-${poll.id}`);
      assert.match((await t.app.inject({ url: `${page}?poll=${poll.id}&vote=closed` })).body, /Этот опрос завершён\./);
    });

    test('each edition has its current poll and its "Poll conducted"; making one current leaves the other languages’ alone', async () => {
      const enCurrent = await createPoll(t.db.handle, { question: 'English current?', options: ['Yes', 'No'], status: 'open' });
      const ruCurrent = await createPoll(t.db.handle, { question: 'Русский текущий?', options: ['Да', 'Нет'], status: 'open', language: 'ru' });
      const made = await api('PATCH', `/api/v1/polls/${enCurrent.id}`, { current: true });
      assert.equal(made.statusCode, 200, made.body);
      assert.equal((await api('PATCH', `/api/v1/polls/${ruCurrent.id}`, { current: true })).statusCode, 200);
      assert.equal((await getPoll(t.db.handle, enCurrent.id))?.isCurrent, 1, 'the English poll stays current beside the Russian one');
      assert.equal((await getPoll(t.db.handle, ruCurrent.id))?.isCurrent, 1);

      const ruConducted = await createPoll(t.db.handle, { question: 'Русский проведённый?', options: ['Да', 'Нет'], status: 'open', language: 'ru' });
      await castVote(t.db.handle, ruConducted.id, 'slot-ru', [ruConducted.options[1]!.id]);
      await setPollStatus(t.db.handle, ruConducted.id, 'closed');
      // Closed after the Russian one: the latest closed poll of all, but not of the Russian edition.
      const enConducted = await createPoll(t.db.handle, { question: 'English conducted?', options: ['Yes', 'No'], status: 'open' });
      await setPollStatus(t.db.handle, enConducted.id, 'closed');

      const ruSlot = await pollSlot(t.db.handle, plainRequest, 'article-poll', null, { language: 'ru', editions: bilingual });
      const ruHtml = renderDocument(h(Fragment, null, ...ruSlot.nodes), localeFor('ru', bilingual));
      assert.match(ruHtml, /<h2 id="article-poll-current">Опрос читателей<\/h2>/);
      assert.match(ruHtml, new RegExp(`action="/ru/polls/${ruCurrent.id}/vote"`));
      assert.match(ruHtml, /<h2 id="article-poll-conducted">Проведённый опрос<\/h2>/);
      assert.match(ruHtml, /Русский проведённый\?/);
      assert.match(ruHtml, /1 читатель проголосовал · завершён/);
      assert.match(ruHtml, new RegExp(`<a href="/ru/polls/${ruConducted.id}">Об этом опросе</a>`));
      assert.doesNotMatch(ruHtml, /English/);

      const enSlot = await pollSlot(t.db.handle, plainRequest, 'article-poll');
      const enHtml = renderDocument(h(Fragment, null, ...enSlot.nodes));
      assert.match(enHtml, new RegExp(`action="/polls/${enCurrent.id}/vote"`));
      assert.match(enHtml, /<h2 id="article-poll-conducted">Poll conducted<\/h2>[\s\S]*English conducted\?/);
      assert.doesNotMatch(enHtml, /Русский/);
      assert.doesNotMatch(enHtml, /data-words/, 'English forms carry no words: the script has them');

      // The edition the address names: the Russian front page asks the Russian current poll.
      t.ctx.contentChanged();
      const front = await t.app.inject({ url: '/ru' });
      assert.equal(front.statusCode, 200);
      assert.match(front.body, /Русский текущий\?/);
      assert.match(front.body, /Русский проведённый\?/);
      assert.doesNotMatch(front.body, /English current\?|English conducted\?/);
      assert.match((await t.app.inject({ url: '/' })).body, /English current\?/);
      // A Russian article without a poll of its own asks the Russian current poll, in Russian.
      const article = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.admin),
        payload: { expert: 'author-expert', title: 'Статья с опросом', lead: 'Вводка', body: 'Текст', status: 'published', language: 'ru' },
      });
      assert.equal(article.statusCode, 201, article.body);
      const articlePath = new URL((article.json() as { url: string }).url).pathname;
      assert.match(articlePath, /^\/ru\/blogs\//);
      const read = await t.app.inject({ url: articlePath });
      assert.equal(read.statusCode, 200);
      assert.match(read.body, /<h2 id="article-poll-current">Опрос читателей<\/h2>/);
      assert.match(read.body, new RegExp(`action="/ru/polls/${ruCurrent.id}/vote"`));
      assert.match(read.body, /<h2 id="article-poll-conducted">Проведённый опрос<\/h2>[\s\S]*Русский проведённый\?/);
      assert.doesNotMatch(read.body, /English current\?|English conducted\?/);

      // Another English poll made current takes the English place only.
      const enNext = await createPoll(t.db.handle, { question: 'English next?', options: ['Yes', 'No'], status: 'open' });
      await setCurrentPoll(t.db.handle, enNext.id);
      assert.deepEqual([(await getPoll(t.db.handle, enCurrent.id))?.isCurrent, (await getPoll(t.db.handle, enNext.id))?.isCurrent, (await getPoll(t.db.handle, ruCurrent.id))?.isCurrent], [0, 1, 1]);
      // A current poll that moves to Russian becomes the Russian current poll, in place of the one there.
      assert.equal((await api('PATCH', `/api/v1/polls/${enNext.id}`, { language: 'ru' })).statusCode, 200);
      assert.deepEqual([(await getPoll(t.db.handle, enNext.id))?.isCurrent, (await getPoll(t.db.handle, ruCurrent.id))?.isCurrent], [1, 0]);
    });

    test('the office offers the site’s languages and records the one chosen', async () => {
      const editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      const form = await editor.get('/admin/polls/new');
      assert.match(form.body, /<select id="field-language" name="language"/);
      assert.match(form.body, /<option value="en" selected>English \(en\)<\/option>/);
      assert.match(form.body, /<option value="ru">Русский \(ru\)<\/option>/);
      const fields = { question: 'Офисный опрос?', answer: ['Да', 'Нет', '', '', '', '', '', ''], max_choices: '', opens_at: '', closes_at: '', results: 'always' };
      const made = await editor.post('/admin/polls', { ...fields, language: 'ru' });
      assert.equal(made.statusCode, 303, made.body);
      const id = Number(/\/admin\/polls\/(\d+)/.exec(String(made.headers.location))?.[1]);
      assert.equal((await getPoll(t.db.handle, id))?.language, 'ru');
      assert.equal((await listAuditEvents(t.db.handle, { limit: 1 }))[0]?.detail, 'Language: ru');
      const refused = await editor.post('/admin/polls', { ...fields, language: 'de' });
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /must be one of the site’s languages: en, ru/);
      const page = await editor.get(`/admin/polls/${id}`);
      assert.match(page.body, /<option value="ru" selected>Русский \(ru\)<\/option>/);
      assert.match(page.body, /<dt>Language<\/dt>\s*<dd>Русский \(ru\)<\/dd>/);
      assert.equal((await editor.post(`/admin/polls/${id}/open`)).statusCode, 303);
      assert.match((await editor.get(`/admin/polls/${id}`)).body, new RegExp(`<a href="/ru/polls/${id}">Public page</a>`));
    });

    test('the Russian pages are valid HTML', async () => {
      const poll = await createPoll(t.db.handle, { question: 'Валидный опрос?', options: ['Да', 'Нет', 'Не знаю'], maxChoices: 2, status: 'open', language: 'ru' });
      await castVote(t.db.handle, poll.id, 'valid-1', [poll.options[0]!.id, poll.options[2]!.id]);
      await castVote(t.db.handle, poll.id, 'valid-2', [poll.options[1]!.id]);
      const open = await createPoll(t.db.handle, { question: 'Открыт для валидации?', options: ['Да', 'Нет'], status: 'open', language: 'ru' });
      await setPollStatus(t.db.handle, poll.id, 'closed');
      t.ctx.contentChanged();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rostrum-ru-polls-'));
      try {
        const files: string[] = [];
        for (const url of ['/ru/polls', `/ru/polls/${poll.id}`, `/ru/polls/${poll.id}/embed`, `/ru/polls/${open.id}`]) {
          const res = await t.app.inject({ url });
          assert.equal(res.statusCode, 200, url);
          const file = path.join(dir, `${files.length}.html`);
          fs.writeFileSync(file, res.body);
          files.push(file);
        }
        const { stdout, stderr } = await promisify(execFile)('java', ['-jar', vnuJar, '--format', 'json', '--exit-zero-always', ...files], { maxBuffer: 10 * 1024 * 1024 });
        const report = JSON.parse(stderr || stdout) as { messages: Array<{ type: string; message: string; extract?: string }> };
        assert.deepEqual(
          report.messages.filter((m) => m.type === 'error').map((m) => `${m.message} ${m.extract ?? ''}`),
          [],
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test('rostrum poll create --language', async () => {
      const env = { ...t.db.cliEnv, PUBLIC_URL: site, ROSTRUM_DEMO: '0' };
      const made = await runCliInProcess(['poll', 'create', '--question', 'Из командной строки?', '--option', 'Да', '--option', 'Нет', '--language', 'ru'], env);
      assert.equal(made.code, 0, made.stderr);
      const id = Number(/Created poll (\d+)/.exec(made.stdout)?.[1]);
      assert.match(made.stdout, new RegExp(`${site}/ru/polls/${id}$`, 'm'));
      assert.equal((await getPoll(t.db.handle, id))?.language, 'ru');
      const refused = await runCliInProcess(['poll', 'create', '--question', 'Refused?', '--option', 'A', '--option', 'B', '--language', 'xx'], env);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /--language must be one of the site’s languages: en, ru/);
    });
  });

  test(`polls made before editions are English (${kind})`, async () => {
    const t = await createTestDatabase(kind, {}, { migrate: false });
    try {
      await migrateToLatest(t.handle, Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0029')));
      const poll = await createPoll(t.handle, { question: 'Older poll?', options: ['A', 'B'] });
      await migrateToLatest(t.handle, migrations);
      assert.equal((await getPoll(t.handle, poll.id))?.language, 'en');
    } finally {
      await t.drop();
    }
  });
}
