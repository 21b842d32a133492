import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { databaseKinds } from '../../test/databases.ts';
import { runCli, runCliInProcess, type CliResult } from '../../test/cli.ts';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { castVote, getPoll, type Poll } from '../polls/store.ts';

type ListRow = Record<'ID' | 'STATUS' | 'CURRENT' | 'VOTERS' | 'QUESTION', string>;

/** `rostrum poll list` as rows keyed by column title; columns are found by the header's offsets, since CURRENT is often blank. */
function parseTable(stdout: string): ListRow[] {
  const [header, ...lines] = stdout.trimEnd().split('\n');
  const titles = header!.split(/\s{2,}/);
  const starts = titles.map((title) => header!.indexOf(title));
  return lines.map((line) => Object.fromEntries(titles.map((title, i) => [title, line.slice(starts[i], starts[i + 1]).trim()])) as ListRow);
}

const sum = (numbers: number[]) => numbers.reduce((a, b) => a + b, 0);

/** Runs commands one after another, in this process: what they do with their arguments is what is tested. */
async function runAll(commands: string[][], env: Record<string, string>): Promise<CliResult[]> {
  const results: CliResult[] = [];
  for (const args of commands) results.push(await runCliInProcess(args, env));
  return results;
}

test('help lists the poll commands', async () => {
  const r = await runCliInProcess(['help'], {});
  assert.equal(r.code, 0);
  for (const command of [
    'poll create',
    '--max-choices',
    '--results always|after_vote|after_close',
    'poll list',
    'poll open ID',
    'poll close ID',
    'poll current ID',
    'poll delete ID --yes',
    'poll results ID [--format text|csv|json]',
    'poll attach ID --article',
    'poll detach --article',
    'poll update ID',
  ]) {
    assert.ok(r.stdout.includes(command), command);
  }
});

for (const kind of await databaseKinds()) {
  describe(`rostrum poll on ${kind}`, () => {
    let t: TestApp;
    let env: Record<string, string>;
    before(async () => {
      t = await startTestApp(kind);
      env = { ...t.db.cliEnv, PUBLIC_URL: 'http://rostrum.test', ROSTRUM_DEMO: '0' };
    });
    after(() => t.close());

    /** Runs `rostrum poll <args>`, in this process unless `run` says otherwise, and expects it to succeed. */
    async function poll(args: string[], run = runCliInProcess): Promise<CliResult> {
      const r = await run(['poll', ...args], env);
      assert.equal(r.code, 0, `poll ${args.join(' ')}: ${r.stderr}`);
      return r;
    }

    /** Makes a poll through the CLI and gives back the stored poll. */
    async function created(args: string[], run = runCliInProcess): Promise<{ poll: Poll; output: CliResult }> {
      const output = await poll(['create', ...args], run);
      const id = Number(/^Created poll (\d+) /.exec(output.stdout)?.[1]);
      const stored = await getPoll(t.db.handle, id);
      assert.ok(stored, output.stdout);
      return { poll: stored, output };
    }

    async function vote(p: Poll, ballots: number[][]): Promise<void> {
      for (const [i, choice] of ballots.entries())
        await castVote(
          t.db.handle,
          p.id,
          `voter-${p.id}-${i}`,
          choice.map((index) => p.options[index]!.id),
        );
    }

    const pollCount = async () =>
      (
        await t.db.handle.db
          .selectFrom('polls')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;

    test('create with every option stores what was asked and prints the id, the URL and the option ids', async () => {
      const { poll: p, output } = await created([
        '--question',
        '  Will the Caspian pipeline be built by 2030?  ',
        '--option',
        'Yes',
        '--option',
        'No',
        '--option',
        'Too early to say',
        '--multiple',
        '--max-choices',
        '2',
        '--opens-at',
        '2021-12-17',
        '--closes-at',
        '2099-01-01T12:00:00+02:00',
        '--results',
        'after_vote',
        '--open',
        '--current',
      ]);
      assert.equal(p.question, 'Will the Caspian pipeline be built by 2030?', 'trimmed, as the API does');
      assert.deepEqual(
        p.options.map((o) => o.label),
        ['Yes', 'No', 'Too early to say'],
      );
      assert.equal(p.maxChoices, 2);
      assert.equal(p.status, 'open');
      assert.equal(p.resultsPolicy, 'after_vote');
      assert.equal(new Date(p.opensAt!).toISOString(), '2021-12-17T00:00:00.000Z');
      assert.equal(new Date(p.closesAt!).toISOString(), '2099-01-01T10:00:00.000Z');
      assert.equal(p.isCurrent, 1);
      assert.match(output.stdout, new RegExp(`^Created poll ${p.id} \\(open, current\\): http://rostrum\\.test/polls/${p.id}\\n`));
      for (const o of p.options) assert.match(output.stdout, new RegExp(`^\\s+${o.id}\\s+${o.label}$`, 'm'));
      assert.equal(output.stderr, '');

      // The defaults are the API's: a single-choice draft, results always shown, not current.
      const { poll: plain, output: plainOutput } = await created(['--question', 'Plain?', '--option', 'A', '--option', 'B']);
      assert.deepEqual([plain.status, plain.maxChoices, plain.resultsPolicy, plain.opensAt, plain.closesAt, plain.isCurrent], ['draft', 1, 'always', null, null, 0]);
      assert.match(plainOutput.stdout, /^Created poll \d+ \(draft\): /);
      assert.match(plainOutput.stdout, new RegExp(`Note: poll ${plain.id} is a draft \\(rostrum poll open ${plain.id} opens it\\)`));

      // --multiple alone lets a reader choose every option; a new --current poll takes the mark from the old one.
      const { poll: multiple } = await created(['--question', 'Which?', '--option', 'A', '--option', 'B', '--option', 'C', '--multiple', '--open', '--current']);
      assert.equal(multiple.maxChoices, 3);
      assert.equal((await getPoll(t.db.handle, p.id))!.isCurrent, 0);
      assert.equal((await getPoll(t.db.handle, multiple.id))!.isCurrent, 1);
    });

    test('list shows every poll newest first with its effective status, the current mark, voters and a shortened question', async () => {
      const { poll: draft } = await created(['--question', 'A draft?', '--option', 'A', '--option', 'B']);
      const { poll: scheduled } = await created(['--question', 'Later?', '--option', 'A', '--option', 'B', '--open', '--opens-at', '2098-01-01']);
      const { poll: lapsed } = await created(['--question', 'Lapsed?', '--option', 'A', '--option', 'B', '--open', '--opens-at', '2001-01-01', '--closes-at', '2002-01-01']);
      const long = `Should the ${'very '.repeat(40)}long question be cut?`;
      const { poll: open } = await created(['--question', long, '--option', 'A', '--option', 'B', '--open', '--current']);
      await vote(open, [[0], [1], [1]]);

      const rows = parseTable((await poll(['list'])).stdout);
      const ids = rows.map((r) => Number(r.ID));
      assert.deepEqual(
        ids,
        [...ids].sort((a, b) => b - a),
        'newest first',
      );
      const row = (id: number) => rows.find((r) => Number(r.ID) === id)!;
      assert.deepEqual([row(draft.id).STATUS, row(scheduled.id).STATUS, row(lapsed.id).STATUS, row(open.id).STATUS], ['draft', 'scheduled', 'closed', 'open']);
      assert.equal(row(open.id).CURRENT, '*');
      assert.deepEqual(
        rows.filter((r) => r.CURRENT === '*').map((r) => Number(r.ID)),
        [open.id],
        'one current poll',
      );
      assert.equal(row(open.id).VOTERS, '3');
      assert.equal(row(draft.id).VOTERS, '0');
      assert.equal(row(draft.id).QUESTION, 'A draft?');
      assert.equal(Array.from(row(open.id).QUESTION).length, 60);
      assert.ok(row(open.id).QUESTION.endsWith('…') && long.startsWith(row(open.id).QUESTION.slice(0, -1)));
    });

    test('open, close and current change the poll as the API does, with a warning when readers will not see it', async () => {
      const { poll: p } = await created(['--question', 'Open me?', '--option', 'A', '--option', 'B']);
      const opened = await poll(['open', String(p.id)]);
      assert.match(opened.stdout, new RegExp(`^Poll ${p.id} is set to open: http://rostrum\\.test/polls/${p.id}$`, 'm'));
      assert.equal(opened.stderr, '');
      assert.equal((await getPoll(t.db.handle, p.id))!.status, 'open');

      const current = await poll(['current', String(p.id)]);
      assert.match(current.stdout, new RegExp(`Poll ${p.id} is now the current poll`));
      assert.equal(current.stderr, '', 'no warning for an open poll');
      assert.equal((await getPoll(t.db.handle, p.id))!.isCurrent, 1);

      const closed = await poll(['close', String(p.id)]);
      assert.match(closed.stdout, new RegExp(`Poll ${p.id} is closed`));
      assert.equal((await getPoll(t.db.handle, p.id))!.status, 'closed');

      // The API lets any poll be made current; the CLI does too, and says that readers will not see it.
      const { poll: draft } = await created(['--question', 'Current draft?', '--option', 'A', '--option', 'B']);
      const currentDraft = await poll(['current', String(draft.id)]);
      assert.match(currentDraft.stderr, new RegExp(`warning: poll ${draft.id} is a draft .*no current poll`));
      assert.equal((await getPoll(t.db.handle, draft.id))!.isCurrent, 1);
      assert.equal((await getPoll(t.db.handle, p.id))!.isCurrent, 0);
      const currentClosed = await poll(['current', String(p.id)]);
      assert.match(currentClosed.stderr, new RegExp(`warning: poll ${p.id} is closed, so the site shows no current poll`));

      const { poll: later } = await created(['--question', 'Later?', '--option', 'A', '--option', 'B', '--opens-at', '2098-01-01']);
      const openedLater = await poll(['open', String(later.id)]);
      assert.match(openedLater.stderr, new RegExp(`warning: poll ${later.id} does not open before 2098-01-01T00:00:00.000Z`));
    });

    test('results in text, CSV and JSON, percentages adding up to 100; JSON is what the public API answers', async () => {
      const { poll: p } = await created(['--question', 'Is the "energy transition", on track?', '--option', 'Yes', '--option', '=SUM(A1:A9)', '--option', 'No, "not" at all', '--open']);
      // 7, 5 and 3 of 15: 46.67, 33.33 and 20 round to 47, 33 and 20.
      await vote(p, [...Array(7).fill([0]), ...Array(5).fill([1]), ...Array(3).fill([2])]);

      const text = (await poll(['results', String(p.id)])).stdout;
      assert.match(text, new RegExp(`^Poll ${p.id}: Is the "energy transition", on track\\?\\nStatus: open\\n`));
      assert.match(text, /^ {2}Yes\s+7 \(47%\)$/m);
      assert.match(text, /^ {2}=SUM\(A1:A9\)\s+5 \(33%\)$/m);
      assert.match(text, /^ {2}No, "not" at all\s+3 \(20%\)$/m);
      assert.match(text, /^Total voters: 15$/m);
      assert.equal(sum([...text.matchAll(/\((\d+)%\)/g)].map((m) => Number(m[1]))), 100);
      assert.deepEqual(text, (await poll(['results', String(p.id), '--format', 'text'])).stdout, 'text is the default');

      const csv = (await poll(['results', String(p.id), '--format', 'csv'])).stdout;
      assert.equal(csv, `option,votes,percent\r\nYes,7,47\r\n'=SUM(A1:A9),5,33\r\n"No, ""not"" at all",3,20\r\n`);

      const json = JSON.parse((await poll(['results', String(p.id), '--format', 'json'])).stdout) as { options: Array<{ percent: number }> };
      const api = await t.app.inject({ url: `/api/v1/public/polls/${p.id}` });
      assert.equal(api.statusCode, 200);
      assert.deepEqual(json, api.json());
      assert.equal(sum(json.options.map((o) => o.percent)), 100);

      // Multiple choice: shares of all choices, still adding up to 100; the voters are counted once each.
      const { poll: m } = await created(['--question', 'Which regions?', '--option', 'North', '--option', 'South', '--option', 'East', '--multiple', '--open']);
      await vote(m, [[0, 1], [0, 2], [1], [0, 1, 2]]);
      const multiple = JSON.parse((await poll(['results', String(m.id), '--format', 'json'])).stdout) as { total: number; max_choices: number; options: Array<{ votes: number; percent: number }> };
      assert.equal(multiple.total, 4);
      assert.equal(multiple.max_choices, 3);
      assert.deepEqual(
        multiple.options.map((o) => o.votes),
        [3, 3, 2],
      );
      assert.equal(sum(multiple.options.map((o) => o.percent)), 100);
      const multipleText = (await poll(['results', String(m.id)])).stdout;
      assert.match(multipleText, /Total voters: 4\nEach voter could choose up to 3 options; percentages are shares of all 8 choices\./);

      // A poll nobody answered: zeros, not NaN.
      const { poll: empty } = await created(['--question', 'Nobody?', '--option', 'A', '--option', 'B']);
      assert.match((await poll(['results', String(empty.id)])).stdout, /A\s+0 \(0%\)\n {2}B\s+0 \(0%\)\nTotal voters: 0/);
    });

    test('attach and detach a poll to an article by id or by EXPERT/SLUG; unknown articles and malformed references exit 2', async () => {
      const made = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'author-expert', title: 'An article to poll', lead: 'L', body: 'B', status: 'published' },
      });
      const article = made.json() as { id: number; slug: string };
      const { poll: p } = await created(['--question', 'Attached?', '--option', 'A', '--option', 'B', '--open']);
      const attached = await poll(['attach', String(p.id), '--article', `author-expert/${article.slug}`]);
      assert.match(attached.stdout, new RegExp(`Poll ${p.id} is attached to article ${article.id}, "An article to poll"`));
      const stored = async () => (await t.db.handle.db.selectFrom('articles').select('pollId').where('id', '=', article.id).executeTakeFirstOrThrow()).pollId;
      assert.equal(await stored(), p.id);
      assert.match((await t.app.inject({ url: `/blogs/author-expert/${article.slug}` })).body, new RegExp(`action="/polls/${p.id}/vote"`));
      await poll(['detach', '--article', String(article.id)]);
      assert.equal(await stored(), null);
      for (const [args, message] of [
        [['attach', String(p.id), '--article', 'author-expert/no-such-article'], /no article at \/blogs\/author-expert\/no-such-article/],
        [['attach', String(p.id), '--article', '999999'], /no article with id 999999/],
        [['attach', String(p.id), '--article', '../etc/passwd'], /--article must be an article id or EXPERT\/SLUG/],
        [['attach', String(p.id)], /--article/],
        [['attach', '999999', '--article', String(article.id)], /no poll with id 999999/],
      ] as const) {
        const r = await runCliInProcess(['poll', ...args], env);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
        assert.match(r.stderr, message);
      }
      assert.equal(await stored(), null, 'nothing was attached by the refused commands');
    });

    test('update edits a poll as the API does; its answers only until someone votes', async () => {
      const { poll: p } = await created(['--question', 'Teh typo?', '--option', 'A', '--option', 'B']);
      const done = await poll([
        'update',
        String(p.id),
        '--question',
        'The typo?',
        '--option',
        'Yes',
        '--option',
        'No',
        '--option',
        'Maybe',
        '--max-choices',
        '2',
        '--closes-at',
        '2999-01-01',
        '--results',
        'after_vote',
      ]);
      assert.match(done.stdout, new RegExp(`Poll ${p.id} is updated`));
      const edited = (await getPoll(t.db.handle, p.id))!;
      assert.deepEqual(
        [edited.question, edited.options.map((o) => o.label), edited.maxChoices, edited.closesAt, edited.resultsPolicy],
        ['The typo?', ['Yes', 'No', 'Maybe'], 2, '2999-01-01T00:00:00.000Z', 'after_vote'],
      );
      await poll(['update', String(p.id), '--closes-at', 'none']);
      assert.equal((await getPoll(t.db.handle, p.id))!.closesAt, null);
      await poll(['open', String(p.id)]);
      await vote((await getPoll(t.db.handle, p.id))!, [[0]]);
      for (const [args, message] of [
        [['update', String(p.id), '--option', 'X', '--option', 'Y'], /--option: readers have voted on the poll as it stands/],
        [['update', String(p.id), '--max-choices', '1'], /--max-choices: readers have voted on the poll as it stands/],
        [['update', String(p.id), '--question', 'Reworded?'], /--question: readers have voted on the poll as it stands/],
        [['update', String(p.id), '--opens-at', '2999-02-01', '--closes-at', '2999-01-01'], /--closes-at must come after --opens-at/],
        [['update', String(p.id)], /say what to change/],
        [['update', '999999', '--question', 'Q?'], /no poll with id 999999/],
      ] as const) {
        const r = await runCliInProcess(['poll', ...args], env);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
        assert.match(r.stderr, message);
      }
      assert.deepEqual(
        (await getPoll(t.db.handle, p.id))!.options.map((o) => o.label),
        ['Yes', 'No', 'Maybe'],
        'the refused edits changed nothing',
      );
    });

    test('delete refuses without --yes and with it removes the poll and its votes', async () => {
      const { poll: p } = await created(['--question', 'Delete me?', '--option', 'A', '--option', 'B', '--open']);
      await vote(p, [[0], [1]]);
      const refused = await runCliInProcess(['poll', 'delete', String(p.id)], env);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, new RegExp(`deletes poll ${p.id} and its 2 votes for good; add --yes to confirm`));
      assert.ok(await getPoll(t.db.handle, p.id), 'still there');

      const deleted = await poll(['delete', String(p.id), '--yes']);
      assert.match(deleted.stdout, new RegExp(`Deleted poll ${p.id} and its 2 votes\\.`));
      assert.equal(await getPoll(t.db.handle, p.id), undefined);
      const ballots = await t.db.handle.db.selectFrom('pollBallots').select('id').where('pollId', '=', p.id).execute();
      assert.equal(ballots.length, 0);
    });

    test('bad arguments and unknown polls exit 2 with a message naming the option or argument, and write nothing', async () => {
      const { poll: p } = await created(['--question', 'Target?', '--option', 'A', '--option', 'B']);
      const before = await pollCount();
      const valid = ['--question', 'Q?', '--option', 'A', '--option', 'B'];
      const options = (n: number) => Array.from({ length: n }, (_, i) => ['--option', `Option ${i}`]).flat();
      const cases: Array<[string[], RegExp]> = [
        [['create', '--option', 'A', '--option', 'B'], /--question is required/],
        [['create', '--question', '   ', '--option', 'A', '--option', 'B'], /--question must not be empty/],
        [['create', '--question', 'Q'.repeat(501), '--option', 'A', '--option', 'B'], /--question must be at most 500 characters/],
        [['create', '--question', 'Bell\u0007?', '--option', 'A', '--option', 'B'], /--question must not contain control characters/],
        [['create', '--question', 'Q?'], /--option must be given at least twice/],
        [['create', '--question', 'Q?', '--option', 'A'], /--option must be given at least twice/],
        [['create', '--question', 'Q?', ...options(21)], /--option must be given at most 20 times/],
        [['create', '--question', 'Q?', '--option', 'A', '--option', 'O'.repeat(301)], /--option must be at most 300 characters/],
        [['create', '--question', 'Q?', '--option', 'A', '--option', ' '], /--option must not be empty/],
        [[...['create', ...valid], '--max-choices', '3'], /--max-choices must be at most the number of options \(2\)/],
        [[...['create', ...valid], '--max-choices', '0'], /--max-choices must be a whole number from 1 to 20/],
        [[...['create', ...valid], '--max-choices', 'two'], /--max-choices must be a whole number from 1 to 20/],
        [[...['create', ...valid], '--max-choices', '1.5'], /--max-choices must be a whole number from 1 to 20/],
        [[...['create', ...valid], '--opens-at', 'tomorrow'], /--opens-at must be an ISO 8601 date/],
        [[...['create', ...valid], '--closes-at', '2030-02-30'], /--closes-at must be an ISO 8601 date/],
        [[...['create', ...valid], '--opens-at', '2030-01-02', '--closes-at', '2030-01-01'], /--closes-at must come after --opens-at/],
        [[...['create', ...valid], '--opens-at', '2030-01-01', '--closes-at', '2030-01-01'], /--closes-at must come after --opens-at/],
        [[...['create', ...valid], '--results', 'never'], /--results must be one of always, after_vote, after_close/],
        [['create', '--question', 'Q?', '--option', 'Yes', '--option', 'YES'], /--option must not name the same answer twice/],
        [[...['create', ...valid], '--yes'], /--yes does not apply to this command/],
        [[...['create', ...valid], '--format', 'csv'], /--format does not apply to this command/],
        [[...['create', ...valid], '--bogus'], /Unknown option '--bogus'/],
        [[...['create', ...valid], '--open=yes'], /--open' does not take an argument/],
        [[...['create', ...valid], 'stray'], /unexpected argument "stray"/],
        [['list', '--question', 'Q'], /--question does not apply/],
        [['list', '7'], /unexpected argument "7"/],
        [['results', String(p.id), '--format', 'xml'], /--format must be one of text, csv, json/],
        [['open', '--yes', String(p.id)], /--yes does not apply/],
        [['open'], /ID is required: rostrum poll open ID/],
        [['close', String(p.id), String(p.id)], /unexpected argument/],
        [['frobnicate'], /Usage: rostrum poll create\|list\|open/],
        [[], /Usage: rostrum poll create\|list\|open/],
        ...(['open', 'close', 'current', 'results'] as const).flatMap((sub): Array<[string[], RegExp]> => [
          [[sub, 'abc'], /ID must be a poll id \(a positive whole number\), not "abc"/],
          [[sub, '0'], /ID must be a poll id/],
          [[sub, '1.5'], /ID must be a poll id/],
          [[sub, '99999999999'], /ID must be a poll id/],
          [[sub, '999999'], /^rostrum: no poll with id 999999$/m],
        ]),
        [['delete', '999999', '--yes'], /^rostrum: no poll with id 999999$/m],
        [['delete', '999999'], /^rostrum: no poll with id 999999$/m],
        [['delete', 'x1', '--yes'], /ID must be a poll id/],
        // A hostile argument is named, not replayed raw into the terminal.
        [['open', '\u001b[2J'], /not "\\u001b\[2J"/],
      ];
      const results = await runAll(
        cases.map(([args]) => ['poll', ...args]),
        env,
      );
      cases.forEach(([args, message], i) => {
        const r = results[i]!;
        assert.equal(r.code, 2, `poll ${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, message, `poll ${args.join(' ')}`);
        assert.equal(r.stdout, '', `poll ${args.join(' ')}`);
      });
      assert.equal(await pollCount(), before, 'nothing was written');
      const target = (await getPoll(t.db.handle, p.id))!;
      assert.deepEqual([target.status, target.isCurrent], ['draft', 0], 'the target poll is untouched');
    });

    test('hostile questions and labels are stored as given and printed so that they cannot drive the terminal', async () => {
      const tricky = [...hostileStrings, 'Right-to-left \u202eevil\u202c mark', 'Two\nlines', 'C1 \u009b31m control', '=HYPERLINK("http://evil.test","click")'];
      const rawControls = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;
      const made = await runAll(
        tricky.map((question) => ['poll', 'create', '--question', question, '--option', question, '--option=-1+1', '--open']),
        env,
      );
      const polls: Poll[] = [];
      for (const [i, output] of made.entries()) {
        assert.equal(output.code, 0, output.stderr);
        assert.doesNotMatch(output.stdout, rawControls, 'create output');
        const p = (await getPoll(t.db.handle, Number(/^Created poll (\d+) /.exec(output.stdout)?.[1])))!;
        assert.equal(p.question, tricky[i], 'stored as given');
        assert.deepEqual(
          p.options.map((o) => o.label),
          [tricky[i], '-1+1'],
        );
        await vote(p, [[0]]);
        polls.push(p);
      }

      const list = (await poll(['list'])).stdout;
      assert.doesNotMatch(list, rawControls);
      const shown = (text: string) => text.replace('\n', ' ').replace(/[\u007f-\u009f\u202a-\u202e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      for (const p of polls) {
        const line = list.split('\n').find((l) => l.startsWith(`${p.id} `));
        assert.ok(line?.includes(shown(p.question).slice(0, 40)), `one line for poll ${p.id}, its question escaped`);
      }

      const formats = ['text', 'json', 'csv'];
      const outputs = await runAll(
        polls.flatMap((p) => formats.map((format) => ['poll', 'results', String(p.id), '--format', format])),
        env,
      );
      polls.forEach((p, i) => {
        const [text, json, csv] = outputs.slice(i * 3, i * 3 + 3).map((r) => {
          assert.equal(r.code, 0, r.stderr);
          return r.stdout;
        }) as [string, string, string];
        assert.doesNotMatch(text, rawControls);
        assert.equal(text.split('\n').length, 6, 'a line per option: a line break in a label does not start a line of its own');

        assert.doesNotMatch(json, /[\u007f-\u009f\u202a-\u202e]/);
        const parsed = JSON.parse(json) as { question: string; options: Array<{ label: string }> };
        assert.equal(parsed.question, p.question, 'JSON gives back the exact text');
        assert.equal(parsed.options[0]!.label, p.question);

        const rows = csv.slice('option,votes,percent\r\n'.length);
        assert.ok(rows.endsWith(`'-1+1,0,0\r\n`), 'a cell a spreadsheet would compute is neutralised');
        if (p.question.startsWith('=')) assert.ok(rows.startsWith(`"'=HYPERLINK(""http://evil.test"",""click"")",1,100\r\n`), rows);
        if (p.question.includes('\n')) assert.ok(rows.startsWith('"Two\nlines",1,100\r\n'), 'a line break stays inside a quoted cell');
      });
    });

    test('running servers see what the CLI changes', { timeout: 60_000 }, async () => {
      const question = 'Should the CLI reach running servers?';
      const page = () => t.app.inject({ url: '/' });
      assert.equal((await page()).statusCode, 200);
      assert.equal((await page()).headers['x-cache'], 'hit', 'the home page is cached');
      assert.doesNotMatch((await page()).body, new RegExp(question.replace('?', '\\?')));

      const waitFor = async (seen: (body: string) => boolean, what: string) => {
        for (let i = 0; i < 100; i++) {
          if (seen((await page()).body)) return;
          await sleep(100);
        }
        assert.fail(what);
      };
      // Real processes: what is tested is how a change made by another process reaches this one.
      const { poll: p } = await created(['--question', question, '--option', 'Yes', '--option', 'No', '--open', '--current'], runCli);
      await waitFor((body) => body.includes(question), 'the new current poll appears on the cached home page');
      await poll(['close', String(p.id)], runCli);
      await waitFor((body) => /Poll conducted/.test(body) && body.includes(question) && !/name="option"/.test(body), 'the closed poll is shown as conducted');
      await poll(['delete', String(p.id), '--yes'], runCli);
      await waitFor((body) => !body.includes(question), 'the deleted poll is gone');
    });
  });
}
