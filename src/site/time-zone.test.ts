import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { listAuditEvents } from '../audit/store.ts';
import { getArticleById } from '../articles/store.ts';
import { getPoll } from '../polls/store.ts';
import { getSiteSettings } from './store.ts';

/** The site's time zone end to end: the setting, the office's times in it, the readers' dates by its days. */
for (const kind of await databaseKinds()) {
  describe(`the site's time zone on ${kind}`, () => {
    let t: TestApp;
    let admin: OfficeSession;
    let editor: OfficeSession;
    before(async () => {
      t = await startTestApp(kind);
      admin = await officeSessionFor(t.app, t.db.handle, 'admin@rostrum.test');
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      const expert = await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name: 'Hana Mori', slug: 'hana-mori' } });
      assert.equal(expert.statusCode, 201, expert.body);
    });
    after(() => t.close());

    const patchSettings = (payload: unknown, token = t.tokens.admin) =>
      t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: { ...bearer(token), 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
    const setZone = async (zone: string) => {
      const res = await patchSettings({ time_zone: zone });
      assert.equal(res.statusCode, 200, res.body);
    };
    const settingsForm = (fields: Record<string, string> = {}) => ({
      name: 'Rostrum',
      tagline: 'Expert analysis',
      description: 'Analysis and commentary by our experts.',
      brand_color: '#8a1c2b',
      brand_color_picker: '#8a1c2b',
      ...fields,
    });
    const articleCount = async () =>
      Number(
        (
          await t.db.handle.db
            .selectFrom('articles')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    test('the API reads and sets the zone (UTC by default); anything but a zone of the list is a 422 naming the field (as every invalid field is)', async () => {
      const read = await t.app.inject({ url: '/api/v1/settings', headers: bearer(t.tokens.admin) });
      assert.equal(read.statusCode, 200);
      assert.equal((read.json() as { time_zone: string }).time_zone, 'UTC');
      const set = await patchSettings({ time_zone: 'Europe/Berlin' });
      assert.equal(set.statusCode, 200, set.body);
      assert.equal((set.json() as { time_zone: string }).time_zone, 'Europe/Berlin');
      assert.equal((await getSiteSettings(t.db.handle)).timeZone, 'Europe/Berlin');
      const entry = (await listAuditEvents(t.db.handle, { limit: 1 }))[0]!;
      assert.equal(entry.action, 'settings.update');
      assert.match(entry.detail, /time zone/);
      // A current name the ICU lists under an older one is taken too.
      await setZone('Asia/Kolkata');
      assert.equal((await getSiteSettings(t.db.handle)).timeZone, 'Asia/Kolkata');
      await setZone('Europe/Berlin');

      const bad: unknown[] = ['Mars/Olympus_Mons', 'europe/berlin', 'CET ', '', 'x'.repeat(10_000), ...hostileStrings, 42, null, true, ['UTC'], { zone: 'UTC' }];
      for (const zone of bad) {
        const res = await patchSettings({ time_zone: zone });
        assert.equal(res.statusCode, 422, `${JSON.stringify(zone).slice(0, 40)}: ${res.body}`);
        const error = (res.json() as { error: { code: string; field?: string; message: string } }).error;
        assert.equal(error.field, 'time_zone');
        assert.ok(error.message.length > 0);
      }
      for (const token of [t.tokens.editor, t.tokens.author]) assert.equal((await patchSettings({ time_zone: 'UTC' }, token)).statusCode, 403);
      assert.equal((await getSiteSettings(t.db.handle)).timeZone, 'Europe/Berlin', 'nothing refused was written');
      await setZone('UTC');
    });

    test('the settings form offers the zones by region, saves the choice and refuses an unknown one with 422', async () => {
      const page = await admin.get('/admin/settings');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<label for="field-time_zone">Time zone<\/label>/);
      assert.match(page.body, /<select id="field-time_zone" name="time_zone"[^>]*aria-describedby="field-time_zone-hint"/);
      assert.match(page.body, /<option value="UTC" selected[^>]*>UTC \(Coordinated Universal Time\)<\/option>/);
      assert.match(page.body, /<optgroup label="Europe">[\s\S]*?<option value="Europe\/Berlin">Berlin \(UTC\+0[12]:00 today\)<\/option>/);
      assert.match(page.body, /<optgroup label="Pacific">[\s\S]*?<option value="Pacific\/Chatham">Chatham \(UTC\+1[23]:45 today\)<\/option>/);
      assert.match(page.body, /<option value="America\/Argentina\/Buenos_Aires">Argentina \/ Buenos Aires/);

      const saved = await admin.post('/admin/settings', settingsForm({ time_zone: 'Australia/Sydney' }));
      assert.equal(saved.statusCode, 303, saved.body);
      assert.equal((await getSiteSettings(t.db.handle)).timeZone, 'Australia/Sydney');
      assert.match((await admin.get('/admin/settings')).body, /<option value="Australia\/Sydney" selected/);

      for (const zone of ['Atlantis/Capital', hostileStrings[0]!, 'utc']) {
        const refused = await admin.post('/admin/settings', settingsForm({ time_zone: zone }));
        assert.equal(refused.statusCode, 422, zone);
        assert.match(refused.body, /Time zone: must be a time zone name from the list/);
        assert.doesNotMatch(refused.body, /<script>alert/);
      }
      // A form without the field (an older page) leaves the zone as it is.
      assert.equal((await admin.post('/admin/settings', settingsForm())).statusCode, 303);
      assert.equal((await getSiteSettings(t.db.handle)).timeZone, 'Australia/Sydney');
      assert.equal((await editor.post('/admin/settings', settingsForm({ time_zone: 'UTC' }))).statusCode, 403);
      await setZone('UTC');
    });

    test('readers see the day on the site’s clocks: page, citation tags and every reference agree; the cache follows a change', async () => {
      await setZone('UTC');
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'hana-mori', title: 'Late night in Tokyo', lead: 'Published at 23:30 UTC.', body: 'Text.', status: 'published', published_at: '2021-12-17T23:30:00Z' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const { id } = created.json() as { id: number };
      const path = '/blogs/hana-mori/late-night-in-tokyo';

      const utc = await t.app.inject({ url: path });
      assert.equal(utc.statusCode, 200);
      assert.match(utc.body, /<time datetime="2021-12-17T23:30:00Z">December 17, 2021<\/time>/);
      assert.match(utc.body, /<meta name="citation_publication_date" content="2021\/12\/17"/);
      assert.equal((await t.app.inject({ url: path })).headers['x-cache'], 'hit', 'the page is cached');

      await setZone('Asia/Tokyo');
      const tokyo = await t.app.inject({ url: path });
      assert.notEqual(tokyo.headers['x-cache'], 'hit', 'changing the zone drops cached pages');
      assert.match(tokyo.body, /<time datetime="2021-12-18T08:30:00\+09:00">December 18, 2021<\/time>/);
      assert.match(tokyo.body, /<meta name="citation_publication_date" content="2021\/12\/18"/);
      assert.match(tokyo.body, /<meta name="citation_online_date" content="2021\/12\/18"/);
      assert.match(tokyo.body, /<meta name="DC.date" content="2021-12-18"/);
      assert.match(tokyo.body, /"datePublished":"2021-12-17T23:30:00.000Z"/, 'JSON-LD keeps the instant');
      assert.match((await t.app.inject({ url: `${path}/cite.ris` })).body, /DA {2}- 2021\/12\/18\//);
      assert.match((await t.app.inject({ url: `${path}/cite.bib` })).body, /date = \{2021-12-18\}/);
      const csl = (await t.app.inject({ url: `${path}/cite.json` })).json() as Array<{ issued: { 'date-parts': number[][] } }>;
      assert.deepEqual(csl[0]!.issued['date-parts'], [[2021, 12, 18]]);
      assert.match((await t.app.inject({ url: `${path}/print` })).body, /December 18, 2021/);
      assert.match((await t.app.inject({ url: '/blogs/hana-mori' })).body, /December 18, 2021/);
      // The API and the feeds keep the instant in UTC.
      const api = await t.app.inject({ url: `/api/v1/articles/${id}`, headers: bearer(t.tokens.editor) });
      assert.equal((api.json() as { published_at: string }).published_at, '2021-12-17T23:30:00.000Z');
      const feed = await t.app.inject({ url: '/blogs/hana-mori/feed.xml' });
      if (feed.statusCode === 200) assert.match(feed.body, /Fri, 17 Dec 2021 23:30:00 GMT/);

      // West of UTC the same instant is still the 17th.
      await setZone('America/New_York');
      assert.match((await t.app.inject({ url: path })).body, /<time datetime="2021-12-17T18:30:00-05:00">December 17, 2021<\/time>/);
      await setZone('UTC');
    });

    test('the editor takes and shows times in Europe/Berlin, stored as UTC; a skipped time is refused; a repeated one is the earlier', async () => {
      await setZone('Europe/Berlin');
      const fields = (over: Record<string, string>) => ({ expert: 'author-expert', title: 'Berlin time', lead: 'Lead.', body: 'Body.', editorial_fields: '1', action: 'publish', ...over });

      const res = await editor.post('/admin/articles/new', fields({ published_at: '2030-07-01T12:00' }));
      assert.equal(res.statusCode, 303, res.body);
      const id = Number(/\/admin\/articles\/(\d+)/.exec(String(res.headers.location))?.[1]);
      assert.equal((await getArticleById(t.db.handle, id))!.publishedAt, '2030-07-01T10:00:00.000Z');
      const page = (await editor.get(`/admin/articles/${id}`)).body;
      assert.match(page, /name="published_at"[^>]*value="2030-07-01T12:00"|value="2030-07-01T12:00"[^>]*name="published_at"/);
      assert.match(page, /Times are in Europe\/Berlin\./);
      assert.match(page, /Scheduled for July 1, 2030, 12:00 UTC\+02:00/);
      assert.match((await editor.get('/admin')).body, /appears July 1, 2030, 12:00 UTC\+02:00/);

      // Sent back unchanged, the form keeps the instant.
      const again = await editor.post(`/admin/articles/${id}`, fields({ id: String(id), published_at: '2030-07-01T12:00', action: 'save', title: 'Berlin time, kept' }));
      assert.equal(again.statusCode, 303, again.body);
      assert.equal((await getArticleById(t.db.handle, id))!.publishedAt, '2030-07-01T10:00:00.000Z');

      // Across the spring change: the day before is UTC+01:00, the day after UTC+02:00.
      for (const [local, stored] of [
        ['2030-03-30T12:00', '2030-03-30T11:00:00.000Z'],
        ['2030-03-31T12:00', '2030-03-31T10:00:00.000Z'],
        ['2030-10-27T02:30', '2030-10-27T00:30:00.000Z'],
      ] as const) {
        const moved = await editor.post(`/admin/articles/${id}`, fields({ id: String(id), published_at: local, action: 'save' }));
        assert.equal(moved.statusCode, 303, `${local}: ${moved.body.slice(0, 300)}`);
        assert.equal((await getArticleById(t.db.handle, id))!.publishedAt, stored, local);
        assert.match((await editor.get(`/admin/articles/${id}`)).body, new RegExp(`value="${local}"`));
      }
      assert.match((await editor.get(`/admin/articles/${id}`)).body, /Scheduled for October 27, 2030, 02:30 UTC\+02:00/, 'the earlier 02:30 says so by its offset');

      const before = await articleCount();
      const gap = await editor.post('/admin/articles/new', fields({ title: 'In the gap', published_at: '2030-03-31T02:30' }));
      assert.equal(gap.statusCode, 422);
      assert.match(gap.body, /must be a time that exists in Europe\/Berlin: on March 31, 2030 its clocks jump from 02:00 to 03:00 \(UTC\+01:00 to UTC\+02:00\), so there is no 02:30 that day/);
      assert.match(gap.body, /value="2030-03-31T02:30"/, 'the form keeps what was typed');
      assert.equal(await articleCount(), before, 'nothing is saved');

      // The autosave reads the field as the Save button does, on a draft.
      const draft = await editor.json('POST', '/admin/articles/autosave', {
        expert: 'author-expert',
        title: 'Autosaved in Berlin',
        lead: '',
        body: 'B',
        editorial_fields: '1',
        published_at: '2030-12-24T18:00',
      });
      assert.equal(draft.statusCode, 201, draft.body);
      const draftId = (draft.json() as { id: number }).id;
      assert.equal((await getArticleById(t.db.handle, draftId))!.publishedAt, '2030-12-24T17:00:00.000Z');
      const autosave = await editor.json('POST', '/admin/articles/autosave', {
        id: draftId,
        expert: 'author-expert',
        title: 'Autosaved in Berlin',
        lead: '',
        body: 'B',
        editorial_fields: '1',
        published_at: '2030-03-31T02:30',
      });
      assert.equal(autosave.statusCode, 422, autosave.body);
      const error = (autosave.json() as { error: { field?: string; message: string } }).error;
      assert.equal(error.field, 'published_at');
      assert.match(error.message, /no 02:30 that day/);
      assert.equal((await getArticleById(t.db.handle, draftId))!.publishedAt, '2030-12-24T17:00:00.000Z', 'a refused autosave changes nothing');

      // The later 02:30 of the night the clocks go back (set through the API) survives a save of the unchanged form.
      const later = await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${id}`, headers: bearer(t.tokens.editor), payload: { published_at: '2030-10-27T01:30:00Z' } });
      assert.equal(later.statusCode, 200, later.body);
      const laterPage = (await editor.get(`/admin/articles/${id}`)).body;
      assert.match(laterPage, /value="2030-10-27T02:30"/);
      assert.match(laterPage, /Scheduled for October 27, 2030, 02:30 UTC\+01:00/);
      const kept = await editor.post(`/admin/articles/${id}`, fields({ id: String(id), published_at: '2030-10-27T02:30', action: 'save', title: 'Berlin time, the later 02:30' }));
      assert.equal(kept.statusCode, 303, kept.body);
      const keptArticle = (await getArticleById(t.db.handle, id))!;
      assert.deepEqual([keptArticle.title, keptArticle.publishedAt], ['Berlin time, the later 02:30', '2030-10-27T01:30:00.000Z']);

      // The API keeps speaking ISO 8601 with its offset, whatever the site's zone.
      const api = await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${id}`, headers: bearer(t.tokens.editor), payload: { published_at: '2030-03-31T02:30:00+01:00' } });
      assert.equal(api.statusCode, 200, api.body);
      assert.equal((await getArticleById(t.db.handle, id))!.publishedAt, '2030-03-31T01:30:00.000Z');
      await setZone('UTC');
    });

    test('polls open and close on the site’s clocks', async () => {
      await setZone('America/New_York');
      const answers = ['Yes', 'No', '', '', '', '', '', ''];
      const form = (over: Record<string, string>) => ({ question: 'Will it pass?', answer: answers, max_choices: '', results: 'always', opens_at: '', closes_at: '', ...over });
      const created = await editor.post('/admin/polls', form({ opens_at: '2030-03-09T09:00', closes_at: '2030-03-11T09:00' }));
      assert.equal(created.statusCode, 303, created.body);
      const id = Number(/\/admin\/polls\/(\d+)/.exec(String(created.headers.location))?.[1]);
      const poll = (await getPoll(t.db.handle, id))!;
      assert.equal(poll.opensAt, '2030-03-09T14:00:00.000Z', 'before the change: UTC−05:00');
      assert.equal(poll.closesAt, '2030-03-11T13:00:00.000Z', 'after it: UTC−04:00');
      const page = (await editor.get(`/admin/polls/${id}`)).body;
      assert.match(page, /value="2030-03-09T09:00"/);
      assert.match(page, /value="2030-03-11T09:00"/);
      assert.match(page, /Times are in America\/New_York\./);
      assert.match((await editor.get('/admin/polls')).body, /set to open March 9, 2030, 09:00 UTC−05:00/);

      const gap = await editor.post(`/admin/polls/${id}`, form({ opens_at: '2030-03-10T02:30', closes_at: '2030-03-11T09:00' }));
      assert.equal(gap.statusCode, 422);
      assert.match(gap.body, /Opens at: must be a time that exists in America\/New_York/);
      assert.equal((await getPoll(t.db.handle, id))!.opensAt, '2030-03-09T14:00:00.000Z', 'nothing is written');

      const resaved = await editor.post(`/admin/polls/${id}`, form({ question: 'Will it pass at all?', opens_at: '2030-03-09T09:00', closes_at: '2030-03-11T09:00' }));
      assert.equal(resaved.statusCode, 303, resaved.body);
      const kept = (await getPoll(t.db.handle, id))!;
      assert.deepEqual([kept.question, kept.opensAt, kept.closesAt], ['Will it pass at all?', '2030-03-09T14:00:00.000Z', '2030-03-11T13:00:00.000Z']);
      await setZone('UTC');
    });

    test('the audit log shows its times on the site’s clocks, with the offset and the exact instant', async () => {
      await setZone('Pacific/Chatham');
      const log = await admin.get('/admin/audit');
      assert.equal(log.statusCode, 200);
      assert.match(log.body, /Times are in Pacific\/Chatham, with their offset from UTC\./);
      const entry = (await listAuditEvents(t.db.handle, { limit: 1 }))[0]!;
      const at = new Date(entry.at);
      const shown = new RegExp(`<time datetime="${entry.at.replace(/[.+]/g, '\\$&')}">[A-Z][a-z]+ \\d{1,2}, \\d{4}, \\d\\d:\\d\\d UTC\\+1[23]:45</time>`);
      assert.match(log.body, shown);
      // 12:45 or 13:45 ahead of UTC: the minutes shown are the instant's plus 45.
      assert.match(log.body, new RegExp(`, \\d\\d:${String((at.getUTCMinutes() + 45) % 60).padStart(2, '0')} UTC\\+1[23]:45</time>`));
      await setZone('UTC');
      assert.match((await admin.get('/admin/audit')).body, /\d\d:\d\d UTC<\/time>/);
    });

    test('the export carries the zone', async () => {
      await setZone('Asia/Kolkata');
      const { exportSite } = await import('../cli/export.ts');
      let text = '';
      await exportSite(
        t.db.handle,
        (chunk) => void (text += chunk),
        () => ({ tick() {}, stop() {} }),
      );
      assert.match(text.slice(0, 2000), /"time_zone":"Asia\/Kolkata"/);
      await setZone('UTC');
    });
  });
}
