import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';

interface Results {
  id: number;
  question: string;
  status: string;
  total: number;
  options: Array<{ id: number; label: string; votes: number; percent: number }>;
}

for (const kind of await databaseKinds()) {
  describe(`polls over HTTP on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    async function makePoll(payload: Record<string, unknown>) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/polls', headers: bearer(t.tokens.editor), payload: { status: 'open', ...payload } });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: number; url: string; options: Array<{ id: number; label: string }> };
    }

    const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0]!;

    test('a reader votes once with JSON, gets the results, and a repeat is a 409 with the results', async () => {
      const poll = await makePoll({ question: 'Will the Caspian pipeline be built?', options: ['Yes', 'No'] });
      assert.match(poll.url, /^http:\/\/rostrum\.test\/polls\/\d+$/);
      const first = await t.app.inject({ method: 'POST', url: `/polls/${poll.id}/vote`, payload: { option: poll.options[0]!.id } });
      assert.equal(first.statusCode, 200, first.body);
      const cookie = cookieOf(first);
      assert.match(cookie, /^rostrum_voter=/);
      assert.match(String(first.headers['set-cookie']), /HttpOnly; SameSite=Lax/);
      const results = first.json() as Results;
      assert.equal(results.total, 1);
      assert.deepEqual(
        results.options.map((o) => [o.votes, o.percent]),
        [
          [1, 100],
          [0, 0],
        ],
      );
      const again = await t.app.inject({ method: 'POST', url: `/polls/${poll.id}/vote`, headers: { cookie }, payload: { option: poll.options[1]!.id } });
      assert.equal(again.statusCode, 409);
      const body = again.json() as { error: { code: string }; results: Results };
      assert.equal(body.error.code, 'repeat');
      assert.equal(body.results.total, 1);
      const forged = await t.app.inject({ method: 'POST', url: `/polls/${poll.id}/vote`, headers: { cookie: `${cookie.slice(0, -3)}abc` }, payload: { option: poll.options[1]!.id } });
      assert.equal(forged.statusCode, 200, 'a cookie with a broken signature is a new reader, not the old one');
      const pub = (await t.app.inject({ url: `/api/v1/public/polls/${poll.id}` })).json() as Results;
      assert.equal(pub.total, 2);
      assert.equal(
        pub.options.reduce((s, o) => s + o.percent, 0),
        100,
      );
    });

    test('the no-JavaScript form answers 303 back to the page it came from', async () => {
      const poll = await makePoll({ question: 'Form?', options: ['A', 'B', 'C'], multiple: true, max_choices: 2 });
      const res = await t.app.inject({
        method: 'POST',
        url: `/polls/${poll.id}/vote`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', referer: 'http://rostrum.test/blogs/x/y' },
        payload: `option=${poll.options[0]!.id}&option=${poll.options[2]!.id}`,
      });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `/blogs/x/y?poll=${poll.id}&vote=counted#poll-${poll.id}`);
      const offsite = await t.app.inject({
        method: 'POST',
        url: `/polls/${poll.id}/vote`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', referer: 'https://evil.example/page' },
        payload: `option=${poll.options[0]!.id}`,
      });
      assert.equal(offsite.headers.location, `/polls/${poll.id}?poll=${poll.id}&vote=counted#poll-${poll.id}`, 'never back to another site');
      const garbled = await t.app.inject({
        method: 'POST',
        url: `/polls/${poll.id}/vote`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', referer: 'http://[broken' },
        payload: `option=${poll.options[1]!.id}`,
      });
      assert.equal(garbled.statusCode, 303, 'a garbled Referer is ignored');
      const tooMany = await t.app.inject({
        method: 'POST',
        url: `/polls/${poll.id}/vote`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: poll.options.map((o) => `option=${o.id}`).join('&'),
      });
      assert.equal(tooMany.statusCode, 303);
      assert.match(String(tooMany.headers.location), /vote=too_many/);
      const pub = (await t.app.inject({ url: `/api/v1/public/polls/${poll.id}` })).json() as Results;
      assert.equal(pub.total, 3);
      assert.deepEqual(
        pub.options.map((o) => o.votes),
        [2, 1, 1],
      );
    });

    test('the form goes back only to a page of this site: hostile Referers fall back to the poll’s page', async () => {
      const poll = await makePoll({ question: 'Where back to?', options: ['A', 'B'] });
      // An empty form changes nothing and is answered, like a vote, with 303 to the page it came from.
      const back = async (referer: string, host?: string) => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/polls/${poll.id}/vote`,
          payload: '',
          headers: { 'content-type': 'application/x-www-form-urlencoded', referer, ...(host && { host }) },
        });
        assert.equal(res.statusCode, 303, referer);
        return String(res.headers.location);
      };
      const fallback = `/polls/${poll.id}?poll=${poll.id}&vote=no_choice#poll-${poll.id}`;
      assert.equal(await back('http://rostrum.test/blogs/x/y'), `/blogs/x/y?poll=${poll.id}&vote=no_choice#poll-${poll.id}`, 'an article page of this site');
      assert.equal(await back('http://rostrum.test/'), `/?poll=${poll.id}&vote=no_choice#poll-${poll.id}`, 'the front page');
      assert.equal(await back('http://rostrum.test/blogs/%D0%B0%D0%B1'), `/blogs/%D0%B0%D0%B1?poll=${poll.id}&vote=no_choice#poll-${poll.id}`, 'a page with an encoded slug');
      const hostile = [
        'http://rostrum.test//evil.example/x',
        'http://rostrum.test/\\evil.example/x',
        'http://rostrum.test/\\/evil.example/x',
        '//evil.example/x',
        '/\\evil.example/x',
        'http://other.site/x',
        'https://rostrum.test.evil.example/blogs/x/y',
        'http://rostrum.test/%2F%2Fevil.example/x',
        'http://rostrum.test/%2fevil.example',
        'http://rostrum.test/%5Cevil.example/x',
        'http://rostrum.test/%5c%5cevil.example',
        'http://rostrum.test/blogs/%00x',
        'http://rostrum.test/%2e%2e/%2e%2e/admin/users',
        'http://rostrum.test/admin/users',
        'http://rostrum.test/api/v1/articles',
        `http://rostrum.test/polls/${poll.id}/vote`,
        `http://rostrum.test/blogs/${'a'.repeat(5000)}`,
        'javascript:alert(1)//rostrum.test/blogs',
        'data:text/html,x',
      ];
      for (const referer of hostile) assert.equal(await back(referer), fallback, referer);
      assert.equal(await back('http://127.0.0.1:8080/blogs/x/y', '127.0.0.1:8080'), `/blogs/x/y?poll=${poll.id}&vote=no_choice#poll-${poll.id}`, 'the site reached by another name');
      for (const referer of ['http://evil.example//evil.example/x', 'http://evil.example/\\evil.example/x', 'http://evil.example/%2F%2Fevil.example']) {
        assert.equal(await back(referer, 'evil.example'), fallback, `a Host header naming another site still gives no path out: ${referer}`);
      }
    });

    test('every refusal has its own answer', async () => {
      const poll = await makePoll({ question: 'Refusals?', options: ['A', 'B'] });
      const vote = (id: number | string, payload: unknown) => t.app.inject({ method: 'POST', url: `/polls/${id}/vote`, payload: payload as Record<string, unknown> });
      assert.equal((await vote(999999, { option: 1 })).statusCode, 404);
      assert.equal((await vote('abc', { option: 1 })).statusCode, 404);
      assert.equal((await vote(poll.id, { option: 999999 })).statusCode, 422);
      assert.equal((await vote(poll.id, { option: [poll.options[0]!.id, poll.options[1]!.id] })).statusCode, 422);
      assert.equal((await vote(poll.id, { option: 'yes' })).statusCode, 422);
      assert.equal((await vote(poll.id, {})).statusCode, 422);
      const closed = await t.app.inject({ method: 'PATCH', url: `/api/v1/polls/${poll.id}`, headers: bearer(t.tokens.editor), payload: { status: 'closed' } });
      assert.equal(closed.statusCode, 200);
      const late = await vote(poll.id, { option: poll.options[0]!.id });
      assert.equal(late.statusCode, 409);
      assert.equal((late.json() as { error: { code: string } }).error.code, 'closed');
      const future = await makePoll({ question: 'Later?', options: ['A', 'B'], opens_at: '2999-01-01T00:00:00Z' });
      const early = await vote(future.id, { option: future.options[0]!.id });
      assert.equal(early.statusCode, 409);
      assert.equal((early.json() as { error: { code: string } }).error.code, 'not_open');
      const draft = await makePoll({ question: 'Draft?', options: ['A', 'B'], status: 'draft' });
      assert.equal((await vote(draft.id, { option: draft.options[0]!.id })).statusCode, 404);
      assert.equal((await t.app.inject({ url: `/api/v1/public/polls/${draft.id}` })).statusCode, 404);
    });

    test('editing a poll: its question, schedule, results policy and limit; its answers only until the first vote', async () => {
      const poll = await makePoll({ question: 'Typo in teh question?', options: ['Yes', 'No'], status: 'draft' });
      const patch = (payload: Record<string, unknown>) => t.app.inject({ method: 'PATCH', url: `/api/v1/polls/${poll.id}`, headers: bearer(t.tokens.editor), payload });
      const edited = await patch({ question: 'Typo in the question?', options: ['Yes', 'No', 'Unsure'], max_choices: 2, results: 'after_close', closes_at: '2999-01-01' });
      assert.equal(edited.statusCode, 200, edited.body);
      const body = edited.json() as Results & { max_choices: number; closes_at: string };
      assert.equal(body.question, 'Typo in the question?');
      assert.deepEqual(
        body.options.map((o) => o.label),
        ['Yes', 'No', 'Unsure'],
      );
      assert.equal(body.max_choices, 2);
      assert.equal(body.closes_at, '2999-01-01T00:00:00.000Z');
      for (const [payload, field] of [
        [{ opens_at: '2999-06-01' }, 'closes_at'],
        [{ max_choices: 4 }, 'max_choices'],
        [{ options: ['Only one'] }, 'options'],
        [{ options: ['Same', 'same'] }, 'options'],
        [{ question: '' }, 'question'],
        [{ title: 'Not a poll field' }, 'title'],
      ] as const) {
        const res = await patch(payload);
        assert.equal(res.statusCode, 422, JSON.stringify(payload));
        assert.equal(res.json().error.field, field);
      }
      assert.equal((await patch({ status: 'open' })).statusCode, 200);
      const options = ((await t.app.inject({ url: `/api/v1/public/polls/${poll.id}` })).json() as Results).options;
      assert.equal((await t.app.inject({ method: 'POST', url: `/polls/${poll.id}/vote`, payload: { option: options[0]!.id } })).statusCode, 200);
      const late = await patch({ options: ['Other', 'Answers'] });
      assert.equal(late.statusCode, 409);
      assert.equal(late.json().error.field, 'options');
      for (const frozen of [{ question: 'Reworded after votes?' }, { max_choices: 1 }]) {
        const res = await patch(frozen);
        assert.equal(res.statusCode, 409, JSON.stringify(frozen));
        assert.equal(res.json().error.field, Object.keys(frozen)[0]);
      }
      assert.equal((await patch({ closes_at: '2998-01-01' })).statusCode, 200, 'the schedule may still move while it runs');
      const after = (await t.app.inject({ url: `/api/v1/public/polls/${poll.id}` })).json() as Results & { results_hidden?: boolean };
      assert.equal(after.question, 'Typo in the question?');
      assert.equal(after.results_hidden, true, 'results wait for the close, as edited');
      assert.equal((await patch({ status: 'closed' })).statusCode, 200);
      const moved = await patch({ closes_at: '2999-01-01' });
      assert.equal(moved.statusCode, 409, 'a closed poll keeps the dates it ran');
      assert.equal(moved.json().error.field, 'closes_at');
    });

    test('votes only from this site: a form on another site is refused, and a form without a choice comes back with a message', async () => {
      const poll = await makePoll({ question: 'From where?', options: ['Here', 'There'] });
      const post = (headers: Record<string, string>, payload: unknown = { option: poll.options[0]!.id }) =>
        t.app.inject({ method: 'POST', url: `/polls/${poll.id}/vote`, headers, payload: payload as Record<string, unknown> });
      for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'https://elsewhere.example' }] as Array<Record<string, string>>) {
        const refused = await post(headers);
        assert.equal(refused.statusCode, 403, JSON.stringify(headers));
      }
      assert.equal((await post({ 'sec-fetch-site': 'same-origin', origin: 'http://rostrum.test' })).statusCode, 200);
      const empty = await t.app.inject({
        method: 'POST',
        url: `/polls/${poll.id}/vote`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', referer: `http://rostrum.test/polls/${poll.id}` },
        payload: '',
      });
      assert.equal(empty.statusCode, 303);
      assert.equal(empty.headers.location, `/polls/${poll.id}?poll=${poll.id}&vote=no_choice#poll-${poll.id}`);
      const page = await t.app.inject({ url: String(empty.headers.location).split('#')[0]! });
      assert.match(page.body, /Please choose an answer\./);
      const faked = await t.app.inject({ url: `/polls/${poll.id}?poll=${poll.id}&vote=counted` });
      assert.doesNotMatch(faked.body, /your vote is counted/, 'a link cannot claim a vote that was never cast');
      const late = await t.app.inject({
        method: 'POST',
        url: '/api/v1/polls',
        headers: bearer(t.tokens.editor),
        payload: { question: 'Already over?', options: ['A', 'B'], status: 'open', closes_at: '2020-01-01' },
      });
      assert.equal(late.json().status, 'closed', 'a poll made past its closing time says so');
    });

    test('making polls is validated and editorial', async () => {
      const bad: Array<[Record<string, unknown>, string]> = [
        [{ question: 'One option?', options: ['Only'] }, 'options'],
        [{ question: 'Many?', options: Array.from({ length: 21 }, (_, i) => `O${i}`) }, 'options'],
        [{ question: '', options: ['A', 'B'] }, 'question'],
        [{ question: 'Q', options: ['A', ''] }, 'options.1'],
        [{ question: 'Q', options: ['A', 'B'], max_choices: 3 }, 'max_choices'],
        [{ question: 'Q', options: ['A', 'B'], opens_at: '2030-01-02', closes_at: '2030-01-01' }, 'closes_at'],
        [{ question: 'Q', options: ['A', 'B'], results: 'never' }, 'results'],
        [{ question: 'Q', options: ['Yes', 'No', ' yes '] }, 'options'],
        [{ question: 'Q', options: ['A', 'B'], wrong: 1 }, 'wrong'],
        [{ question: ['Q'], options: ['A', 'B'] }, 'question'],
      ];
      for (const [payload, field] of bad) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/polls', headers: bearer(t.tokens.editor), payload });
        assert.equal(res.statusCode, 422, JSON.stringify(payload));
        assert.equal((res.json() as { error: { field: string } }).error.field, field);
      }
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/polls', headers: bearer(t.tokens.author), payload: { question: 'Q', options: ['A', 'B'] } })).statusCode, 403);
      const draft = await makePoll({ question: 'A draft to read back', options: ['A', 'B'], status: 'draft', results: 'after_close' });
      const read = await t.app.inject({ url: `/api/v1/polls/${draft.id}`, headers: bearer(t.tokens.editor) });
      assert.equal(read.statusCode, 200);
      assert.deepEqual([read.json().question, read.json().workflow_status, read.json().results, read.json().current], ['A draft to read back', 'draft', 'after_close', false]);
      assert.equal((await t.app.inject({ url: `/api/v1/polls/${draft.id}`, headers: bearer(t.tokens.author) })).statusCode, 403);
      assert.equal((await t.app.inject({ url: `/api/v1/polls/${draft.id}` })).statusCode, 401);
      assert.equal((await t.app.inject({ url: '/api/v1/polls/999999', headers: bearer(t.tokens.editor) })).statusCode, 404);
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/polls', payload: { question: 'Q', options: ['A', 'B'] } })).statusCode, 401);
      const poll = await makePoll({ question: '<script>alert(1)</script>', options: ['<b>A</b>', 'B'] });
      const pub = (await t.app.inject({ url: `/api/v1/public/polls/${poll.id}` })).json() as Results;
      assert.equal(pub.question, '<script>alert(1)</script>', 'JSON carries text as text; pages escape it');
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/polls/${poll.id}`, headers: bearer(t.tokens.author) })).statusCode, 403);
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/polls/${poll.id}`, headers: bearer(t.tokens.admin) })).statusCode, 204);
      assert.equal((await t.app.inject({ url: `/api/v1/public/polls/${poll.id}` })).statusCode, 404);
    });

    test('results can wait until a reader has voted, or until the poll closes', async () => {
      const poll = await makePoll({ question: 'Hidden?', options: ['A', 'B'], results: 'after_vote' });
      const before = (await t.app.inject({ url: `/api/v1/public/polls/${poll.id}` })).json() as { results_hidden?: boolean; total: number | null };
      assert.equal(before.results_hidden, true);
      assert.equal(before.total, null);
      const vote = await t.app.inject({ method: 'POST', url: `/polls/${poll.id}/vote`, payload: { option: poll.options[1]!.id } });
      const mine = (await t.app.inject({ url: `/api/v1/public/polls/${poll.id}`, headers: { cookie: cookieOf(vote) } })).json() as Results;
      assert.equal(mine.total, 1);
    });
  });
}
