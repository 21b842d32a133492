import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';
import { castVote, createPoll, setPollStatus, type NewPoll } from './store.ts';
import { csvField, csvText } from './csv.ts';

const hostileLabels = ['=HYPERLINK("http://evil.example","click")', '"quoted, text"', '<script>alert(1)</script>'];

test('CSV fields follow RFC 4180 and never start a formula', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a, b'), '"a, b"');
  assert.equal(csvField('say "no"'), '"say ""no"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('cr\rhere'), '"cr\rhere"');
  assert.equal(csvField('=1+2'), "'=1+2");
  assert.equal(csvField('+44 20'), "'+44 20");
  assert.equal(csvField('-5'), "'-5", 'text that looks like a negative number is still text from a person');
  assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvField('\tcmd'), "'\tcmd");
  assert.equal(csvField('=A1,"x"'), `"'=A1,""x"""`);
  assert.equal(csvField(-5), '-5', 'numbers are written as numbers');
  assert.equal(csvField('a=b'), 'a=b', 'only a leading sign is a formula');
  assert.equal(
    csvText([
      ['a', 'b'],
      [1, 2],
    ]),
    'a,b\r\n1,2\r\n',
  );
  assert.equal(csvText([]), '');
});

for (const kind of await databaseKinds()) {
  describe(`poll exports on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    let voterNumber = 0;
    /** A ballot cast at the given moment (tests write history after the fact). */
    async function voteAt(pollId: number, castAt: string, optionIds: number[]) {
      const voter = `export-voter-${++voterNumber}`;
      await castVote(t.db.handle, pollId, voter, optionIds, castAt);
    }

    async function pollWithHistory(input: Partial<NewPoll> = {}) {
      const poll = await createPoll(t.db.handle, { question: 'Should "the Union", or states, fund it?', options: ['Yes', ...hostileLabels], status: 'open', ...input });
      const [yes, link, quoted, script] = poll.options.map((o) => o.id) as [number, number, number, number];
      // Two ballots on March 1 (one a millisecond before midnight UTC), one at midnight on March 2,
      // none on March 3, three on March 4.
      await voteAt(poll.id, '2025-03-01T09:15:00.000Z', [yes]);
      await voteAt(poll.id, '2025-03-01T23:59:59.999Z', [yes]);
      await voteAt(poll.id, '2025-03-02T00:00:00.000Z', [link]);
      await voteAt(poll.id, '2025-03-04T12:00:00.000Z', [quoted]);
      await voteAt(poll.id, '2025-03-04T13:00:00.000Z', [script]);
      await voteAt(poll.id, '2025-03-04T14:00:00.000Z', [yes]);
      return { poll, ids: { yes, link, quoted, script } };
    }

    test('results as CSV: exact text, guarded labels, download headers', async () => {
      const { poll, ids } = await pollWithHistory();
      const res = await t.app.inject({ url: `/polls/${poll.id}/results.csv` });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
      assert.equal(res.headers['content-disposition'], `attachment; filename="poll-${poll.id}-results.csv"`);
      assert.equal(res.headers['cache-control'], 'no-store');
      // Wilson 95% for 3/6: 18.76–81.24%; for 1/6: 3.01–56.35%; the ends rounded outward.
      assert.equal(
        res.body,
        'option_id,option,votes,percent,ci95_low,ci95_high\r\n' +
          `${ids.yes},Yes,3,50.0,18.7,81.3\r\n` +
          `${ids.link},"'=HYPERLINK(""http://evil.example"",""click"")",1,16.7,3.0,56.4\r\n` +
          `${ids.quoted},"""quoted, text""",1,16.7,3.0,56.4\r\n` +
          `${ids.script},<script>alert(1)</script>,1,16.7,3.0,56.4\r\n`,
      );
    });

    test('votes per day as CSV: UTC days, a day without votes as zeros, cumulative voters, a column per option', async () => {
      const { poll } = await pollWithHistory();
      const res = await t.app.inject({ url: `/polls/${poll.id}/votes-per-day.csv` });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
      assert.equal(res.headers['content-disposition'], `attachment; filename="poll-${poll.id}-votes-per-day.csv"`);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(
        res.body,
        `day,voters,cumulative_voters,Yes,"'=HYPERLINK(""http://evil.example"",""click"")","""quoted, text""",<script>alert(1)</script>\r\n` +
          '2025-03-01,2,2,2,0,0,0\r\n' +
          '2025-03-02,1,3,0,1,0,0\r\n' +
          '2025-03-03,0,3,0,0,0,0\r\n' +
          '2025-03-04,3,6,1,0,1,1\r\n',
      );
    });

    test('the JSON exports carry the poll, its counts and days, and nothing about any reader', async () => {
      const { poll, ids } = await pollWithHistory({ maxChoices: 2 });
      const results = await t.app.inject({ url: `/polls/${poll.id}/results.json` });
      assert.equal(results.statusCode, 200, results.body);
      assert.match(String(results.headers['content-type']), /^application\/json/);
      assert.equal(results.headers['cache-control'], 'no-store');
      assert.deepEqual(results.json(), {
        poll: { id: poll.id, question: 'Should "the Union", or states, fund it?', status: 'open', opens_at: null, closes_at: null, total: 6, max_choices: 2 },
        options: [
          { id: ids.yes, label: 'Yes', votes: 3, percent: 50, ci95_low: 18.7, ci95_high: 81.3 },
          { id: ids.link, label: hostileLabels[0], votes: 1, percent: 16.7, ci95_low: 3, ci95_high: 56.4 },
          { id: ids.quoted, label: hostileLabels[1], votes: 1, percent: 16.7, ci95_low: 3, ci95_high: 56.4 },
          { id: ids.script, label: hostileLabels[2], votes: 1, percent: 16.7, ci95_low: 3, ci95_high: 56.4 },
        ],
      });
      const days = await t.app.inject({ url: `/polls/${poll.id}/votes-per-day.json` });
      assert.equal(days.statusCode, 200, days.body);
      assert.equal(days.headers['cache-control'], 'no-store');
      const body = days.json() as { poll: { total: number }; days: unknown[] };
      assert.equal(body.poll.total, 6);
      assert.deepEqual(body.days, [
        {
          day: '2025-03-01',
          voters: 2,
          cumulative_voters: 2,
          options: [
            { id: ids.yes, votes: 2 },
            { id: ids.link, votes: 0 },
            { id: ids.quoted, votes: 0 },
            { id: ids.script, votes: 0 },
          ],
        },
        {
          day: '2025-03-02',
          voters: 1,
          cumulative_voters: 3,
          options: [
            { id: ids.yes, votes: 0 },
            { id: ids.link, votes: 1 },
            { id: ids.quoted, votes: 0 },
            { id: ids.script, votes: 0 },
          ],
        },
        {
          day: '2025-03-03',
          voters: 0,
          cumulative_voters: 3,
          options: [
            { id: ids.yes, votes: 0 },
            { id: ids.link, votes: 0 },
            { id: ids.quoted, votes: 0 },
            { id: ids.script, votes: 0 },
          ],
        },
        {
          day: '2025-03-04',
          voters: 3,
          cumulative_voters: 6,
          options: [
            { id: ids.yes, votes: 1 },
            { id: ids.link, votes: 0 },
            { id: ids.quoted, votes: 1 },
            { id: ids.script, votes: 1 },
          ],
        },
      ]);
      const ballots = await t.db.handle.db.selectFrom('pollBallots').select(['id', 'voter']).where('pollId', '=', poll.id).execute();
      for (const text of [results.body, days.body, (await t.app.inject({ url: `/polls/${poll.id}/votes-per-day.csv` })).body]) {
        assert.doesNotMatch(text, /"voter"|voter_key|ballot|T\d\d:\d\d/i, 'no voter, no ballot, no time of day');
        for (const b of ballots) assert.ok(!text.includes(b.voter), 'no voter key');
      }
    });

    test('a multiple-choice poll: shares are of voters, so they may add up to more than 100', async () => {
      const poll = await createPoll(t.db.handle, { question: 'Which?', options: ['A', 'B', 'C'], maxChoices: 3, status: 'open' });
      const [a, b, c] = poll.options.map((o) => o.id) as [number, number, number];
      await voteAt(poll.id, '2025-06-10T10:00:00.000Z', [a, b]);
      await voteAt(poll.id, '2025-06-10T11:00:00.000Z', [a, b, c]);
      await voteAt(poll.id, '2025-06-11T10:00:00.000Z', [a]);
      await voteAt(poll.id, '2025-06-11T10:30:00.000Z', [b]);
      const csv = (await t.app.inject({ url: `/polls/${poll.id}/results.csv` })).body;
      // n = 4 voters: A 3/4 (30.1–95.5%), B 3/4, C 1/4 (4.5–69.9%).
      assert.equal(csv, `option_id,option,votes,percent,ci95_low,ci95_high\r\n${a},A,3,75.0,30.0,95.5\r\n${b},B,3,75.0,30.0,95.5\r\n${c},C,1,25.0,4.5,70.0\r\n`);
      const days = (await t.app.inject({ url: `/polls/${poll.id}/votes-per-day.csv` })).body;
      assert.equal(days, 'day,voters,cumulative_voters,A,B,C\r\n2025-06-10,2,2,2,2,1\r\n2025-06-11,2,4,1,1,0\r\n');
    });

    test('a poll without votes exports headers, empty shares and no days', async () => {
      const poll = await createPoll(t.db.handle, { question: 'Quiet?', options: ['Yes', 'No'], status: 'open' });
      const [yes, no] = poll.options.map((o) => o.id);
      assert.equal((await t.app.inject({ url: `/polls/${poll.id}/results.csv` })).body, `option_id,option,votes,percent,ci95_low,ci95_high\r\n${yes},Yes,0,,,\r\n${no},No,0,,,\r\n`);
      assert.equal((await t.app.inject({ url: `/polls/${poll.id}/votes-per-day.csv` })).body, 'day,voters,cumulative_voters,Yes,No\r\n');
      const json = (await t.app.inject({ url: `/polls/${poll.id}/results.json` })).json() as { poll: { total: number }; options: Array<{ percent: unknown; ci95_low: unknown }> };
      assert.equal(json.poll.total, 0);
      assert.deepEqual(
        json.options.map((o) => [o.percent, o.ci95_low]),
        [
          [null, null],
          [null, null],
        ],
      );
      assert.deepEqual((await t.app.inject({ url: `/polls/${poll.id}/votes-per-day.json` })).json().days, []);
    });

    const exportsOf = (id: number | string) => ['results.csv', 'results.json', 'votes-per-day.csv', 'votes-per-day.json'].map((f) => `/polls/${id}/${f}`);

    test('unknown, draft and malformed polls are a JSON 404, even for a browser', async () => {
      const draft = await createPoll(t.db.handle, { question: 'Draft?', options: ['Yes', 'No'] });
      for (const id of [draft.id, 999999, 'abc', 0, -1, '1.5']) {
        for (const url of exportsOf(id)) {
          const res = await t.app.inject({ url, headers: { accept: 'text/html' } });
          assert.equal(res.statusCode, 404, url);
          assert.match(String(res.headers['content-type']), /^application\/json/, url);
          assert.equal((res.json() as { error: { code: string } }).error.code, 'not_found', url);
        }
      }
    });

    test('results hidden by the poll’s policy are a JSON 403 until they may be shown', async () => {
      const afterClose = await createPoll(t.db.handle, { question: 'Later?', options: ['Yes', 'No'], status: 'open', resultsPolicy: 'after_close' });
      await voteAt(afterClose.id, '2025-03-01T10:00:00.000Z', [afterClose.options[0]!.id]);
      for (const url of exportsOf(afterClose.id)) {
        const res = await t.app.inject({ url, headers: { accept: 'text/csv' } });
        assert.equal(res.statusCode, 403, url);
        const { error } = res.json() as { error: { code: string; message: string } };
        assert.equal(error.code, 'forbidden');
        assert.match(error.message, /public when it closes/);
        assert.doesNotMatch(res.body, /Yes/, 'nothing of the results leaks');
      }
      await setPollStatus(t.db.handle, afterClose.id, 'closed');
      for (const url of exportsOf(afterClose.id)) assert.equal((await t.app.inject({ url })).statusCode, 200, url);

      const afterVote = await createPoll(t.db.handle, { question: 'After voting?', options: ['Yes', 'No'], status: 'open', resultsPolicy: 'after_vote' });
      for (const url of exportsOf(afterVote.id)) {
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 403, url);
        assert.match((res.json() as { error: { message: string } }).error.message, /readers who have voted/);
      }
      const vote = await t.app.inject({ method: 'POST', url: `/polls/${afterVote.id}/vote`, payload: { option: afterVote.options[1]!.id } });
      assert.equal(vote.statusCode, 200, vote.body);
      const cookie = String(vote.headers['set-cookie']).split(';')[0]!;
      for (const url of exportsOf(afterVote.id)) assert.equal((await t.app.inject({ url, headers: { cookie } })).statusCode, 200, url);
      const csv = await t.app.inject({ url: `/polls/${afterVote.id}/results.csv`, headers: { cookie } });
      assert.match(csv.body, new RegExp(`\\r\\n${afterVote.options[1]!.id},No,1,100\\.0,`));
      assert.equal((await t.app.inject({ url: exportsOf(afterVote.id)[0]! })).statusCode, 403, 'another reader still waits');
    });

    test('the exports follow the votes as they come: nothing is cached', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/polls', headers: bearer(t.tokens.editor), payload: { question: 'Live?', options: ['Yes', 'No'], status: 'open' } });
      const poll = res.json() as { id: number; options: Array<{ id: number }> };
      const before = (await t.app.inject({ url: `/polls/${poll.id}/results.json` })).json() as { poll: { total: number } };
      assert.equal(before.poll.total, 0);
      await t.app.inject({ method: 'POST', url: `/polls/${poll.id}/vote`, payload: { option: poll.options[0]!.id } });
      const afterVote = await t.app.inject({ url: `/polls/${poll.id}/results.json` });
      assert.notEqual(afterVote.headers['x-cache'], 'hit');
      assert.equal((afterVote.json() as { poll: { total: number } }).poll.total, 1);
      const today = new Date().toISOString().slice(0, 10);
      assert.equal((await t.app.inject({ url: `/polls/${poll.id}/votes-per-day.csv` })).body, `day,voters,cumulative_voters,Yes,No\r\n${today},1,1,1,0\r\n`);
    });
  });
}
