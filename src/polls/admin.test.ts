import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { listAuditEvents } from '../audit/store.ts';
import { getPoll } from './store.ts';

type Fields = Record<string, string | string[]>;

/** A poll form as a browser sends it: eight answer boxes, the empty ones too. */
function pollForm(fields: Fields & { answers?: string[] } = {}): Fields {
  const { question = 'Will the strait stay open?', answers = ['Yes', 'No'], ...rest } = fields;
  const boxes = [...answers, ...Array<string>(Math.max(0, 8 - answers.length)).fill('')];
  return { question, answer: boxes, max_choices: '', opens_at: '', closes_at: '', results: 'always', ...rest };
}

const pollIdOf = (location: unknown) => Number(/^\/admin\/polls\/(\d+)\?notice=created$/.exec(String(location))?.[1]);

for (const kind of await databaseKinds()) {
  describe(`polls in the editorial office on ${kind}`, () => {
    let t: TestApp;
    let editor: OfficeSession;
    let author: OfficeSession;
    let admin: OfficeSession;
    before(async () => {
      t = await startTestApp(kind);
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
      admin = await officeSessionFor(t.app, t.db.handle, 'admin@rostrum.test');
    });
    after(() => t.close());

    async function createPoll(session: OfficeSession, fields: Fields = pollForm()): Promise<number> {
      const res = await session.post('/admin/polls', fields);
      assert.equal(res.statusCode, 303, res.body);
      const id = pollIdOf(res.headers.location);
      assert.ok(id > 0, String(res.headers.location));
      return id;
    }

    async function lastAudit() {
      return (await listAuditEvents(t.db.handle, { limit: 1 }))[0]!;
    }

    test('an editor creates a poll from the form; it is a draft, listed, audited', async () => {
      const id = await createPoll(
        editor,
        pollForm({
          question: 'Is the treaty worth signing?',
          answers: ['Yes', 'No', 'Too early to say'],
          multiple: '1',
          max_choices: '2',
          opens_at: '2030-01-01T09:00',
          closes_at: '2030-02-01T09:00',
          results: 'after_vote',
        }),
      );
      const poll = await getPoll(t.db.handle, id);
      assert.equal(poll?.status, 'draft');
      assert.deepEqual(
        poll?.options.map((o) => o.label),
        ['Yes', 'No', 'Too early to say'],
      );
      assert.equal(poll?.maxChoices, 2);
      assert.equal(poll?.opensAt, '2030-01-01T09:00:00.000Z');
      assert.equal(poll?.closesAt, '2030-02-01T09:00:00.000Z');
      assert.equal(poll?.resultsPolicy, 'after_vote');
      const page = await editor.get(`/admin/polls/${id}?notice=created`);
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.match(page.body, /Poll created as a draft/);
      assert.match(page.body, /value="2030-01-01T09:00"/);
      assert.match(page.body, />Open poll</);
      const list = await editor.get('/admin/polls');
      assert.match(list.body, /Is the treaty worth signing\?[\s\S]*Draft[\s\S]*set to open January 1, 2030, 09:00 UTC/);
      const entry = await lastAudit();
      assert.equal(entry.action, 'poll.create');
      assert.equal(entry.subjectId, id);
      assert.equal(entry.actorLabel, 'editor@rostrum.test');
      const all = await createPoll(admin, pollForm({ answers: ['A', 'B', 'C'], multiple: '1' }));
      assert.equal((await getPoll(t.db.handle, all))?.maxChoices, 3, 'multiple choice with no limit lets readers choose every answer');
    });

    test('the form refuses what the API refuses, and shows what was typed with status 422', async () => {
      const cases: Array<[Fields, RegExp]> = [
        [pollForm({ answers: ['Only one'] }), /a poll needs at least 2 answers/],
        [pollForm({ answers: ['Yes', ' yes '] }), /two answers read the same/],
        [pollForm({ opens_at: '2030-02-01T09:00', closes_at: '2030-01-01T09:00' }), /Closes at: must come after the opening time/],
        [pollForm({ multiple: '1', max_choices: '3' }), /must be at most the number of answers \(2\)/],
        [pollForm({ max_choices: 'many', multiple: '1' }), /must be a whole number/],
        [pollForm({ opens_at: 'next tuesday' }), /must be a date and time/],
        [pollForm({ opens_at: '2030-02-30T09:00' }), /must be a date and time/],
        [pollForm({ question: '   ' }), /Question: must not be empty/],
        [pollForm({ question: 'x'.repeat(501) }), /must be at most 500 characters/],
        [pollForm({ answers: ['Yes', 'y'.repeat(301)] }), /Answer 2: must be at most 300 characters/],
        [pollForm({ question: ['one', 'two'] }), /Question: must not be empty/],
        [pollForm({ answer: 'Lonely', answers: [] }), /a poll needs at least 2 answers/],
        [pollForm({ results: 'never' }), /choose when readers see the results/],
        [pollForm({ answers: ['Yes', 'No\u0007'] }), /must not contain control characters/],
        [{ question: 'Nothing else' }, /a poll needs at least 2 answers/],
      ];
      for (const [fields, message] of cases) {
        const res = await editor.post('/admin/polls', fields);
        assert.equal(res.statusCode, 422, JSON.stringify(fields).slice(0, 200));
        assert.match(res.body, message);
        assert.match(res.body, /There is a problem/);
      }
      const typed = await editor.post('/admin/polls', pollForm({ question: 'Kept as typed', answers: ['Alpha'] }));
      assert.match(typed.body, /value="Kept as typed"/);
      assert.match(typed.body, /value="Alpha"/);
      const twenty = Array.from({ length: 21 }, (_, i) => `Answer number ${i}`);
      const tooMany = await editor.post('/admin/polls', pollForm({ answers: twenty }));
      assert.equal(tooMany.statusCode, 422);
      assert.match(tooMany.body, /a poll has at most 20 answers/);
    });

    test('"More answers" shows more boxes and keeps what was typed, without saving', async () => {
      const before = (await editor.get('/admin/polls')).body.match(/<tr>/g)?.length ?? 0;
      const res = await editor.post('/admin/polls', pollForm({ question: 'Many answers?', answers: ['One', 'Two'], more: '1' }));
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /for="field-answer-12">Answer 12</);
      assert.doesNotMatch(res.body, /Answer 13</);
      assert.match(res.body, /value="Many answers\?"/);
      const after = (await editor.get('/admin/polls')).body.match(/<tr>/g)?.length ?? 0;
      assert.equal(after, before);
      const full = await editor.post('/admin/polls', pollForm({ answers: Array.from({ length: 20 }, (_, i) => `A${i}`), more: '1' }));
      assert.doesNotMatch(full.body, />More answers</, 'twenty boxes are the most a poll can use');
      const made = await createPoll(editor, pollForm({ answers: Array.from({ length: 12 }, (_, i) => `Choice ${i + 1}`) }));
      assert.equal((await getPoll(t.db.handle, made))?.options.length, 12);
    });

    test('hostile text in the question and answers comes out escaped', async () => {
      const id = await createPoll(editor, pollForm({ question: hostileStrings[0]!, answers: [hostileStrings[1]!, hostileStrings[3]!, hostileStrings[4]!] }));
      for (const url of ['/admin/polls', `/admin/polls/${id}`]) {
        const page = await editor.get(url);
        assert.equal(page.statusCode, 200);
        assert.doesNotMatch(page.body, /<script>alert/);
        assert.doesNotMatch(page.body, /<img src=x/);
        assert.doesNotMatch(page.body, /<svg onload/);
        assert.match(page.body, /&lt;script>alert/);
      }
      const refused = await editor.post('/admin/polls', pollForm({ question: hostileStrings[1]!, answers: [hostileStrings[0]!] }));
      assert.equal(refused.statusCode, 422);
      assert.doesNotMatch(refused.body, /<script>alert|<img src=x/);
    });

    test('an editor edits a poll; once readers vote its question and answers are read-only', async () => {
      const id = await createPoll(editor, pollForm({ question: 'First wording', answers: ['Up', 'Down'] }));
      const saved = await editor.post(`/admin/polls/${id}`, pollForm({ question: 'Second wording', answers: ['Up', 'Down', 'Flat'], results: 'after_close' }));
      assert.equal(saved.statusCode, 303, saved.body);
      assert.equal(saved.headers.location, `/admin/polls/${id}?notice=saved`);
      let poll = (await getPoll(t.db.handle, id))!;
      assert.equal(poll.question, 'Second wording');
      assert.deepEqual(
        poll.options.map((o) => o.label),
        ['Up', 'Down', 'Flat'],
      );
      assert.equal(poll.resultsPolicy, 'after_close');
      assert.equal((await lastAudit()).action, 'poll.update');
      assert.match((await lastAudit()).detail, /question, answers/);

      assert.equal((await editor.post(`/admin/polls/${id}/open`)).headers.location, `/admin/polls/${id}?notice=opened`);
      assert.equal((await lastAudit()).action, 'poll.open');
      const vote = await t.app.inject({ method: 'POST', url: `/polls/${id}/vote`, payload: { option: poll.options[0]!.id } });
      assert.equal(vote.statusCode, 200, vote.body);

      const page = await editor.get(`/admin/polls/${id}`);
      assert.match(page.body, /Readers have voted on this poll/);
      assert.doesNotMatch(page.body, /name="question"/);
      assert.match(page.body, /1 reader has voted/);
      const dates = await editor.post(`/admin/polls/${id}`, { closes_at: '2031-05-01T12:30', opens_at: '', results: 'always' });
      assert.equal(dates.statusCode, 303, dates.body);
      poll = (await getPoll(t.db.handle, id))!;
      assert.equal(poll.closesAt, '2031-05-01T12:30:00.000Z');
      assert.equal(poll.question, 'Second wording');
      const frozen = await editor.post(`/admin/polls/${id}`, pollForm({ question: 'Third wording', answers: ['Up', 'Down', 'Flat'] }));
      assert.equal(frozen.statusCode, 409);
      assert.match(frozen.body, /readers have voted on the poll as it stands/);
      const sameAnswers = await editor.post(`/admin/polls/${id}`, pollForm({ question: 'Second wording', answers: ['Up', 'Down', 'Flat'], closes_at: '2031-05-01T12:30' }));
      assert.equal(sameAnswers.statusCode, 303, 'a form sent back unchanged is not a change');
      assert.equal((await getPoll(t.db.handle, id))!.question, 'Second wording');
    });

    test('open, close, make current and delete, each audited; a closed poll keeps its dates', async () => {
      const id = await createPoll(editor, pollForm({ question: 'Run me' }));
      assert.equal((await editor.post(`/admin/polls/${id}/open`)).statusCode, 303);
      assert.equal((await getPoll(t.db.handle, id))!.status, 'open');
      const current = await editor.post(`/admin/polls/${id}/current`);
      assert.equal(current.headers.location, `/admin/polls/${id}?notice=current`);
      assert.equal((await getPoll(t.db.handle, id))!.isCurrent, 1);
      assert.equal((await lastAudit()).action, 'poll.current');
      assert.match((await editor.get('/admin/polls')).body, /Run me[\s\S]*Open[\s\S]*Current/);
      assert.equal((await editor.post(`/admin/polls/${id}/close`)).statusCode, 303);
      assert.equal((await lastAudit()).action, 'poll.close');
      const closed = await editor.get(`/admin/polls/${id}`);
      assert.match(closed.body, /A closed poll keeps the dates it ran/);
      assert.doesNotMatch(closed.body, /name="closes_at"/);
      const results = await editor.post(`/admin/polls/${id}`, { question: 'Run me', answer: ['Yes', 'No'], max_choices: '', results: 'after_close' });
      assert.equal(results.statusCode, 303, 'the closing time set by closing, to the millisecond, is not a change');
      const moved = await editor.post(`/admin/polls/${id}`, { question: 'Run me', answer: ['Yes', 'No'], results: 'after_close', closes_at: '2040-01-01T00:00' });
      assert.equal(moved.statusCode, 409);
      assert.match(moved.body, /a closed poll keeps the dates it ran/);

      const unconfirmed = await editor.post(`/admin/polls/${id}/delete`);
      assert.equal(unconfirmed.statusCode, 422);
      assert.match(unconfirmed.body, /Tick the box to confirm/);
      assert.ok(await getPoll(t.db.handle, id));
      const deleted = await editor.post(`/admin/polls/${id}/delete`, { confirm: '1' });
      assert.equal(deleted.headers.location, '/admin/polls?notice=deleted');
      assert.equal(await getPoll(t.db.handle, id), undefined);
      const entry = await lastAudit();
      assert.equal(entry.action, 'poll.delete');
      assert.equal(entry.subjectLabel, 'Run me');
      assert.equal((await editor.get(`/admin/polls/${id}`)).statusCode, 404);
    });

    test('unknown and malformed ids are 404 on every page and action', async () => {
      for (const url of ['/admin/polls/99999', '/admin/polls/abc', '/admin/polls/0', '/admin/polls/1e3']) assert.equal((await editor.get(url)).statusCode, 404, url);
      for (const action of ['', '/open', '/close', '/current', '/delete']) {
        assert.equal((await editor.post(`/admin/polls/99999${action}`, { ...pollForm(), confirm: '1' })).statusCode, 404, action);
      }
    });

    test('authors are refused every poll page and action; a form without the CSRF token is refused', async () => {
      const id = await createPoll(editor);
      for (const url of ['/admin/polls', '/admin/polls/new', `/admin/polls/${id}`]) assert.equal((await author.get(url)).statusCode, 403, url);
      for (const [url, fields] of [
        ['/admin/polls', pollForm()],
        [`/admin/polls/${id}`, pollForm({ question: 'Mine now' })],
        [`/admin/polls/${id}/open`, {}],
        [`/admin/polls/${id}/close`, {}],
        [`/admin/polls/${id}/current`, {}],
        [`/admin/polls/${id}/delete`, { confirm: '1' }],
      ] as const) {
        assert.equal((await author.post(url, fields)).statusCode, 403, url);
      }
      const poll = (await getPoll(t.db.handle, id))!;
      assert.equal(poll.status, 'draft');
      assert.equal(poll.question, 'Will the strait stay open?');
      const forged = await editor.post(`/admin/polls/${id}/delete`, { confirm: '1' }, { csrf: false });
      assert.equal(forged.statusCode, 403);
      const crossSite = await editor.post(`/admin/polls/${id}/open`, {}, { headers: { 'sec-fetch-site': 'cross-site' } });
      assert.equal(crossSite.statusCode, 403);
      assert.ok(await getPoll(t.db.handle, id));
      assert.equal((await getPoll(t.db.handle, id))!.status, 'draft');
      const anonymous = await t.app.inject({ method: 'GET', url: '/admin/polls' });
      assert.equal(anonymous.statusCode, 303);
      assert.match(String(anonymous.headers.location), /^\/admin\/login\?next=/);
      const nav = await author.get('/admin');
      assert.doesNotMatch(nav.body, /href="\/admin\/polls"/);
    });
  });
}
