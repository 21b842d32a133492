import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';

const body = `The opening paragraph.[^1]

## A section

More text.

[^1]: A source.`;
const russianBody = `Первый абзац.[^1]

## Раздел

Продолжение текста.

[^1]: Источник.`;

/** The `<link rel="alternate" hreflang>` pairs of a page, as hreflang → absolute address. */
function hreflangs(html: string): Record<string, string> {
  return Object.fromEntries([...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"\/?>/g)].map((m) => [m[1]!, m[2]!]));
}

for (const kind of await databaseKinds()) {
  describe(`language editions and linked translations on ${kind}`, () => {
    let t: TestApp;
    let expertSlug: string;
    before(async () => {
      t = await startTestApp(kind);
      const expert = await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name: 'Ingrid Solheim' } });
      expertSlug = (expert.json() as { slug: string }).slug;
    });
    after(() => t.close());

    const setLanguages = async (languages: string[]) => {
      const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: bearer(t.tokens.admin), payload: { languages } });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { languages: string[] };
    };
    const createArticle = async (payload: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: expertSlug, lead: 'A lead.', body, status: 'published', published_at: '2021-12-17T10:00:00Z', ...payload },
      });
    const get = (url: string) => t.app.inject({ url });

    test('a site with one language has no editions: /ru leads to the plain addresses, and pages carry no switcher or hreflang', async () => {
      const created = await createArticle({ title: 'Alone in English' });
      assert.equal(created.statusCode, 201, created.body);
      const page = await get(new URL((created.json() as { url: string }).url).pathname);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<html lang="en" data-time-zone="UTC">/);
      assert.doesNotMatch(page.body, /hreflang|language-switcher/);
      assert.equal((await get('/ru')).headers.location, '/');
      assert.equal((await get('/ru/blogs')).headers.location, '/blogs');
      const post = await t.app.inject({ method: 'POST', url: '/ru/polls/1/vote', payload: { option: '1' } });
      assert.equal(post.statusCode, 404, 'only reads are sent on');
    });

    test('languages are set through the API: known codes, each once, the default first', async () => {
      for (const languages of [[], ['en', 'en'], ['xx'], 'en', ['en', '<script>']]) {
        const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: bearer(t.tokens.admin), payload: { languages } });
        assert.equal(res.statusCode, 422, `${JSON.stringify(languages)}: ${res.body}`);
      }
      const denied = await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: bearer(t.tokens.editor), payload: { languages: ['en', 'ru'] } });
      assert.equal(denied.statusCode, 403);
      assert.deepEqual((await setLanguages(['en', 'ru'])).languages, ['en', 'ru']);
      const texts = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/settings',
        headers: bearer(t.tokens.admin),
        payload: { translations: { ru: { name: 'Институт Ренфилд', tagline: 'Экспертная аналитика' } } },
      });
      assert.equal(texts.statusCode, 200, texts.body);
    });

    test('the Russian edition lives under /ru: its own front page, words, dates and addresses', async () => {
      await setLanguages(['en', 'ru']);
      const front = await get('/ru');
      assert.equal(front.statusCode, 200);
      assert.match(front.body, /<html lang="ru" data-time-zone="UTC">/);
      assert.match(front.body, /Институт Ренфилд/);
      assert.match(front.body, /Перейти к содержанию/);
      assert.match(front.body, /href="\/ru\/blogs"/);
      assert.match(front.body, /action="\/ru\/search"/);
      // The switcher leads to the same page in English; hreflang names both and x-default.
      assert.deepEqual(hreflangs(front.body), { en: 'http://rostrum.test/', ru: 'http://rostrum.test/ru', 'x-default': 'http://rostrum.test/' });
      assert.equal((await get('/ru/')).headers.location, '/ru');
      assert.equal((await get('/en/blogs')).headers.location, '/blogs', 'the default edition has no prefix');
      for (const url of ['/ru/admin', '/ru/api/v1/public/articles', '/de', '/ru/no-such-page', '/ru/sitemap.xml', '/ru/robots.txt']) assert.equal((await get(url)).statusCode, 404, url);
    });

    test('a translation is linked by translation_of, has its own transliterated slug, and each version points at the other', async () => {
      const english = await createArticle({ title: 'Undercurrents in the Caspian' });
      assert.equal(english.statusCode, 201, english.body);
      const original = english.json() as { id: number; url: string };
      const russian = await createArticle({ title: 'Подводные течения', lead: 'Зачем следить за тихим морем.', body: russianBody, language: 'ru', translation_of: original.id });
      assert.equal(russian.statusCode, 201, russian.body);
      const translation = russian.json() as { id: number; slug: string; url: string; translation_of: number; translations: Array<{ id: number; language: string }> };
      assert.equal(translation.slug, 'podvodnye-techeniya');
      assert.equal(translation.url, `http://rostrum.test/ru/blogs/${expertSlug}/podvodnye-techeniya`);
      assert.equal(translation.translation_of, original.id);
      assert.deepEqual(translation.translations, [{ id: original.id, language: 'en', status: 'published' }]);

      const englishPage = await get(new URL(original.url).pathname);
      const russianPage = await get(new URL(translation.url).pathname);
      assert.equal(russianPage.statusCode, 200, russianPage.body);
      const pair = { en: original.url, ru: translation.url, 'x-default': original.url };
      assert.deepEqual(hreflangs(englishPage.body), pair);
      assert.deepEqual(hreflangs(russianPage.body), pair);
      // Readers: the switcher and the "also in" line lead to the other version.
      assert.match(englishPage.body, new RegExp(`<a href="/ru/blogs/${expertSlug}/podvodnye-techeniya" hreflang="ru" lang="ru"`));
      assert.match(russianPage.body, new RegExp(`<a href="/blogs/${expertSlug}/undercurrents-in-the-caspian" hreflang="en" lang="en"`));
      // Machines: Open Graph, citation and JSON-LD.
      assert.match(russianPage.body, /<meta property="og:locale" content="ru_RU"\/>/);
      assert.match(russianPage.body, /<meta property="og:locale:alternate" content="en_US"\/>/);
      assert.match(russianPage.body, /<meta name="citation_language" content="ru"\/>/);
      const jsonLd = (html: string) => JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!) as Record<string, unknown>;
      assert.equal((jsonLd(russianPage.body).translationOfWork as { url: string }).url, original.url);
      assert.deepEqual(
        (jsonLd(englishPage.body).workTranslation as Array<{ url: string; inLanguage: string }>).map((w) => [w.url, w.inLanguage]),
        [[translation.url, 'ru']],
      );
      assert.equal(jsonLd(russianPage.body).inLanguage, 'ru');
      // The page speaks Russian: words, plural-free labels and the long date.
      assert.match(russianPage.body, /<html lang="ru" data-time-zone="UTC">/);
      assert.match(russianPage.body, /17 декабря 2021 г\./);
      assert.match(russianPage.body, /Версия для печати/);
      assert.match(russianPage.body, /Поделиться статьёй/);
      assert.match(russianPage.body, /Ingrid Solheim — блог эксперта/);
    });

    test('an article asked for under the other edition is sent to its own address', async () => {
      const english = await get(`/ru/blogs/${expertSlug}/undercurrents-in-the-caspian`);
      assert.equal(english.statusCode, 301);
      assert.equal(english.headers.location, `/blogs/${expertSlug}/undercurrents-in-the-caspian`);
      const russian = await get(`/blogs/${expertSlug}/podvodnye-techeniya/print`);
      assert.equal(russian.statusCode, 301);
      assert.equal(russian.headers.location, `/ru/blogs/${expertSlug}/podvodnye-techeniya/print`);
      const print = await get(`/ru/blogs/${expertSlug}/podvodnye-techeniya/print`);
      assert.equal(print.statusCode, 200);
      assert.match(print.body, /<html lang="ru">/);
    });

    test('each edition lists its own articles, and the page cache never serves one edition to the other', async () => {
      const [english, russian] = await Promise.all([get('/'), get('/ru')]);
      assert.match(english.body, /Undercurrents in the Caspian/);
      assert.doesNotMatch(english.body, /Подводные течения/);
      assert.match(russian.body, /Подводные течения/);
      assert.doesNotMatch(russian.body, /Undercurrents in the Caspian/);
      for (const url of [`/blogs/${expertSlug}`, `/ru/blogs/${expertSlug}`, '/blogs', '/ru/blogs']) {
        const first = await get(url);
        const again = await get(url);
        assert.equal(again.body, first.body, `${url} from the cache is the page itself`);
        assert.match(first.body, url.startsWith('/ru') ? /<html lang="ru" data-time-zone="UTC">/ : /<html lang="en" data-time-zone="UTC">/, url);
      }
      assert.ok(t.pageCache.get('/ru/blogs'), 'the Russian listing is kept under its own address');
      assert.match(t.pageCache.get('/ru/blogs')!.body.toString(), /<html lang="ru" data-time-zone="UTC">/);
      assert.match(t.pageCache.get('/blogs')!.body.toString(), /<html lang="en" data-time-zone="UTC">/);
    });

    test('feeds follow the edition: /ru/feed.xml is in Russian and lists the Russian articles', async () => {
      const feed = await get('/ru/feed.xml');
      assert.equal(feed.statusCode, 200);
      assert.match(feed.body, /<language>ru<\/language>/);
      assert.match(feed.body, /Подводные течения/);
      assert.doesNotMatch(feed.body, /Undercurrents in the Caspian/);
      assert.match(feed.body, /http:\/\/rostrum\.test\/ru\/blogs\//);
      const english = await get('/feed.xml');
      assert.doesNotMatch(english.body, /Подводные течения/);
    });

    test('the sitemap lists each version with its alternates, and each listing in both editions', async () => {
      const sitemap = (await get('/sitemap.xml')).body;
      assert.match(sitemap, /xmlns:xhtml="http:\/\/www\.w3\.org\/1999\/xhtml"/);
      const entry = (loc: string) => new RegExp(`<url><loc>${loc.replace(/[.?]/g, '\\$&')}</loc>.*?</url>`).exec(sitemap)?.[0] ?? '';
      const russian = entry(`http://rostrum.test/ru/blogs/${expertSlug}/podvodnye-techeniya`);
      assert.match(russian, new RegExp(`<xhtml:link rel="alternate" hreflang="en" href="http://rostrum.test/blogs/${expertSlug}/undercurrents-in-the-caspian"/>`));
      assert.match(russian, /hreflang="x-default"/);
      assert.match(entry('http://rostrum.test/ru/polls'), /hreflang="en" href="http:\/\/rostrum\.test\/polls"/);
    });

    test('translation links keep their integrity: one version per language, a real source, another language', async () => {
      const source = (await (await createArticle({ title: 'A second piece' })).json()) as { id: number };
      const ru = await createArticle({ title: 'Вторая статья', language: 'ru', translation_of: source.id });
      assert.equal(ru.statusCode, 201, ru.body);
      const second = await createArticle({ title: 'Ещё одна версия', language: 'ru', translation_of: source.id });
      assert.equal(second.statusCode, 409, second.body);
      assert.equal((second.json() as { error: { field: string } }).error.field, 'translation_of');
      const sameLanguage = await createArticle({ title: 'Same language', translation_of: source.id });
      assert.equal(sameLanguage.statusCode, 409, sameLanguage.body);
      for (const bad of [999_999, -1, 'x', 1.5]) {
        const res = await createArticle({ title: 'Bad link', language: 'ru', translation_of: bad });
        assert.equal(res.statusCode, 422, `${String(bad)}: ${res.body}`);
      }
      // A version may not change into a language its group already has.
      const russianId = (ru.json() as { id: number }).id;
      const clash = await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${russianId}`, headers: bearer(t.tokens.editor), payload: { language: 'en' } });
      assert.equal(clash.statusCode, 409, clash.body);
      // Deleting one version leaves the other without translations.
      const deleted = await t.app.inject({ method: 'DELETE', url: `/api/v1/articles/${source.id}`, headers: bearer(t.tokens.admin) });
      assert.equal(deleted.statusCode, 204);
      const left = (await t.app.inject({ url: `/api/v1/articles/${russianId}`, headers: bearer(t.tokens.editor) })).json() as { translation_of: number | null; translations: unknown[] };
      assert.deepEqual([left.translation_of, left.translations], [null, []]);
      // It can join another group, and leave it again.
      const other = (await (await createArticle({ title: 'A third piece' })).json()) as { id: number };
      const joined = await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${russianId}`, headers: bearer(t.tokens.editor), payload: { translation_of: other.id } });
      assert.equal(joined.statusCode, 200, joined.body);
      assert.equal((joined.json() as { translation_of: number }).translation_of, other.id);
      const leftAgain = await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${russianId}`, headers: bearer(t.tokens.editor), payload: { translation_of: null } });
      assert.deepEqual((leftAgain.json() as { translations: unknown[] }).translations, []);
      const otherNow = (await t.app.inject({ url: `/api/v1/articles/${other.id}`, headers: bearer(t.tokens.editor) })).json() as { translations: unknown[] };
      assert.deepEqual(otherNow.translations, []);
    });

    test('a slug chosen by hand may be Cyrillic: the address carries it percent-encoded', async () => {
      const created = await createArticle({ title: 'Средний коридор', slug: 'средний-коридор', language: 'ru' });
      assert.equal(created.statusCode, 201, created.body);
      const { url } = created.json() as { url: string };
      assert.equal(url, `http://rostrum.test/ru/blogs/${expertSlug}/${encodeURIComponent('средний-коридор')}`);
      const page = await get(new URL(url).pathname);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1 class="article-title">Средний коридор<\/h1>/);
      const upper = await createArticle({ title: 'Bad', slug: 'Средний' });
      assert.equal(upper.statusCode, 422);
    });

    test('the public API filters by language and names each article’s language and translations', async () => {
      const list = (await get('/api/v1/public/articles?language=ru')).json() as { items: Array<{ language: string; url: string }> };
      assert.ok(list.items.length >= 2);
      assert.ok(list.items.every((a) => a.language === 'ru' && a.url.includes('/ru/blogs/')));
      assert.equal((await get('/api/v1/public/articles?language=<b>')).statusCode, 422);
    });
  });
}
