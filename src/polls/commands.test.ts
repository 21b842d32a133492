import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { runCliInProcess } from '../../test/cli.ts';
import { listAuditEvents, type AuditEntry } from '../audit/store.ts';
import { BallotRefused, castVote } from './commands.ts';
import { castVote as castStoredVote, createPoll, getPoll, setPollStatus } from './store.ts';

type Fields = Record<string, string | string[]>;
type Entry = 'API' | 'office' | 'CLI';

/** A poll form as a browser sends it, the empty answer boxes too. */
function pollForm(question: string, answers = ['Yes', 'No']): Fields {
  return { question, answer: [...answers, ...Array<string>(8 - answers.length).fill('')], max_choices: '', opens_at: '', closes_at: '', results: 'always' };
}

const editorLabel = 'editor@rostrum.test';
const commandLine = (subcommand: string) => `command line: rostrum poll ${subcommand}`;

for (const kind of await databaseKinds()) {
  describe(`every poll change is one command, audited once whatever its entry point, on ${kind}`, () => {
    let t: TestApp;
    let editor: OfficeSession;
    let author: OfficeSession;
    let env: Record<string, string>;
    let articleId: number;
    let made = 0;
    before(async () => {
      t = await startTestApp(kind);
      editor = await officeSessionFor(t.app, t.db.handle, editorLabel);
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
      env = { ...t.db.cliEnv, PUBLIC_URL: 'http://rostrum.test', ROSTRUM_DEMO: '0' };
      const article = await api(t.tokens.editor, 'POST', '/api/v1/articles', { expert: 'author-expert', title: 'An article with a poll', lead: 'L', body: 'B', status: 'published' });
      assert.equal(article.statusCode, 201, article.body);
      articleId = article.json().id;
    });
    after(() => t.close());

    function api(token: string, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>) {
      return t.app.inject({ method, url, headers: bearer(token), ...(payload && { payload }) });
    }
    async function expectStatus(response: Promise<{ statusCode: number; body: string }>, status: number) {
      const res = await response;
      assert.equal(res.statusCode, status, res.body);
    }
    async function cli(args: string[], code = 0) {
      const r = await runCliInProcess(['poll', ...args], env);
      assert.equal(r.code, code, `poll ${args.join(' ')}: ${r.stderr}`);
    }
    /** A poll made in the store, past every command: it leaves nothing in the log. */
    async function fixture(status: 'draft' | 'open' = 'draft') {
      return (await createPoll(t.db.handle, { question: `Fixture poll ${++made}?`, options: ['Yes', 'No'], status })).id;
    }
    const latestId = async () => (await listAuditEvents(t.db.handle, { limit: 1 }))[0]?.id ?? 0;
    /** The audit entries a change leaves, oldest first. */
    async function entriesOf(change: () => Promise<unknown>): Promise<AuditEntry[]> {
      const mark = await latestId();
      await change();
      return (await listAuditEvents(t.db.handle, { limit: 50 })).filter((e) => e.id > mark).reverse();
    }
    const pollCount = async () =>
      Number(
        (
          await t.db.handle.db
            .selectFrom('polls')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const revisionCount = async () =>
      Number(
        (
          await t.db.handle.db
            .selectFrom('articleRevisions')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('articleId', '=', articleId)
            .executeTakeFirstOrThrow()
        ).n,
      );

    interface Case {
      change: string;
      entry: Entry;
      /** The poll the change is made to, when it is made to one. */
      setup?: () => Promise<number>;
      run: (pollId: number) => Promise<void>;
      actions: string[];
      actor: string;
      subject?: 'poll' | 'article';
    }

    const cases: Case[] = [
      {
        change: 'create',
        entry: 'API',
        run: () => expectStatus(api(t.tokens.editor, 'POST', '/api/v1/polls', { question: 'Made by the API?', options: ['Yes', 'No'] }), 201),
        actions: ['poll.create'],
        actor: editorLabel,
      },
      { change: 'create', entry: 'office', run: () => expectStatus(editor.post('/admin/polls', pollForm('Made in the office?')), 303), actions: ['poll.create'], actor: editorLabel },
      {
        change: 'create',
        entry: 'CLI',
        run: () => cli(['create', '--question', 'Made on the command line?', '--option', 'A', '--option', 'B']),
        actions: ['poll.create'],
        actor: commandLine('create'),
      },
      {
        change: 'create --current',
        entry: 'CLI',
        run: () => cli(['create', '--question', 'Current at once?', '--option', 'A', '--option', 'B', '--open', '--current']),
        actions: ['poll.create', 'poll.current'],
        actor: commandLine('create'),
      },

      {
        change: 'update',
        entry: 'API',
        setup: fixture,
        run: (id) => expectStatus(api(t.tokens.editor, 'PATCH', `/api/v1/polls/${id}`, { question: 'Edited by the API?', options: ['Up', 'Down'] }), 200),
        actions: ['poll.update'],
        actor: editorLabel,
      },
      {
        change: 'update',
        entry: 'office',
        setup: fixture,
        run: (id) => expectStatus(editor.post(`/admin/polls/${id}`, pollForm('Edited in the office?', ['Up', 'Down'])), 303),
        actions: ['poll.update'],
        actor: editorLabel,
      },
      {
        change: 'update',
        entry: 'CLI',
        setup: fixture,
        run: (id) => cli(['update', String(id), '--question', 'Edited on the command line?', '--option', 'Up', '--option', 'Down']),
        actions: ['poll.update'],
        actor: commandLine('update'),
      },

      {
        change: 'open',
        entry: 'API',
        setup: fixture,
        run: (id) => expectStatus(api(t.tokens.editor, 'PATCH', `/api/v1/polls/${id}`, { status: 'open' }), 200),
        actions: ['poll.open'],
        actor: editorLabel,
      },
      { change: 'open', entry: 'office', setup: fixture, run: (id) => expectStatus(editor.post(`/admin/polls/${id}/open`), 303), actions: ['poll.open'], actor: editorLabel },
      { change: 'open', entry: 'CLI', setup: fixture, run: (id) => cli(['open', String(id)]), actions: ['poll.open'], actor: commandLine('open') },

      {
        change: 'close',
        entry: 'API',
        setup: () => fixture('open'),
        run: (id) => expectStatus(api(t.tokens.editor, 'PATCH', `/api/v1/polls/${id}`, { status: 'closed' }), 200),
        actions: ['poll.close'],
        actor: editorLabel,
      },
      { change: 'close', entry: 'office', setup: () => fixture('open'), run: (id) => expectStatus(editor.post(`/admin/polls/${id}/close`), 303), actions: ['poll.close'], actor: editorLabel },
      { change: 'close', entry: 'CLI', setup: () => fixture('open'), run: (id) => cli(['close', String(id)]), actions: ['poll.close'], actor: commandLine('close') },

      {
        change: 'make current',
        entry: 'API',
        setup: () => fixture('open'),
        run: (id) => expectStatus(api(t.tokens.editor, 'PATCH', `/api/v1/polls/${id}`, { current: true }), 200),
        actions: ['poll.current'],
        actor: editorLabel,
      },
      {
        change: 'make current',
        entry: 'office',
        setup: () => fixture('open'),
        run: (id) => expectStatus(editor.post(`/admin/polls/${id}/current`), 303),
        actions: ['poll.current'],
        actor: editorLabel,
      },
      { change: 'make current', entry: 'CLI', setup: () => fixture('open'), run: (id) => cli(['current', String(id)]), actions: ['poll.current'], actor: commandLine('current') },

      { change: 'delete', entry: 'API', setup: fixture, run: (id) => expectStatus(api(t.tokens.editor, 'DELETE', `/api/v1/polls/${id}`), 204), actions: ['poll.delete'], actor: editorLabel },
      { change: 'delete', entry: 'office', setup: fixture, run: (id) => expectStatus(editor.post(`/admin/polls/${id}/delete`, { confirm: '1' }), 303), actions: ['poll.delete'], actor: editorLabel },
      { change: 'delete', entry: 'CLI', setup: fixture, run: (id) => cli(['delete', String(id), '--yes']), actions: ['poll.delete'], actor: commandLine('delete') },

      // Attaching changes the article: its save is what the log records, as for any other edit of it.
      {
        change: 'attach',
        entry: 'API',
        setup: fixture,
        run: (id) => expectStatus(api(t.tokens.editor, 'PATCH', `/api/v1/articles/${articleId}`, { poll: id }), 200),
        actions: ['article.save'],
        actor: editorLabel,
        subject: 'article',
      },
      {
        change: 'attach',
        entry: 'CLI',
        setup: fixture,
        run: (id) => cli(['attach', String(id), '--article', String(articleId)]),
        actions: ['article.save'],
        actor: commandLine('attach'),
        subject: 'article',
      },
      {
        change: 'detach',
        entry: 'API',
        run: () => expectStatus(api(t.tokens.editor, 'PATCH', `/api/v1/articles/${articleId}`, { poll: null }), 200),
        actions: ['article.save'],
        actor: editorLabel,
        subject: 'article',
      },
      { change: 'detach', entry: 'CLI', run: () => cli(['detach', '--article', String(articleId)]), actions: ['article.save'], actor: commandLine('detach'), subject: 'article' },
    ];

    for (const c of cases) {
      test(`${c.change} from the ${c.entry}: ${c.actions.join(', ')} by ${c.actor}`, async () => {
        const pollId = c.setup ? await c.setup() : 0;
        const entries = await entriesOf(() => c.run(pollId));
        assert.deepEqual(
          entries.map((e) => e.action),
          c.actions,
        );
        for (const entry of entries) {
          assert.equal(entry.actorLabel, c.actor);
          assert.equal(entry.subjectKind, c.subject ?? 'poll');
          if (c.subject === 'article') assert.equal(entry.subjectId, articleId);
          else if (c.setup) assert.equal(entry.subjectId, pollId);
          else assert.ok(await getPoll(t.db.handle, entry.subjectId!), 'the entry names the poll made');
        }
      });
    }

    test('the audit entry says what changed, in the same words from every entry point', async () => {
      const viaApi = await fixture();
      const viaCli = await fixture();
      const [fromApi] = await entriesOf(() => expectStatus(api(t.tokens.editor, 'PATCH', `/api/v1/polls/${viaApi}`, { question: 'Reworded?', closes_at: '2999-01-01' }), 200));
      const [fromCli] = await entriesOf(() => cli(['update', String(viaCli), '--question', 'Reworded?', '--closes-at', '2999-01-01']));
      assert.equal(fromApi!.detail, 'Changed: question, closing time');
      assert.equal(fromCli!.detail, fromApi!.detail);
      assert.equal(fromCli!.subjectLabel, 'Reworded?');
      assert.equal(fromCli!.userId, null, 'the command line is no person');
    });

    test('attaching and detaching from the command line saves the article: a revision each, and readers see it', async () => {
      const pollId = await fixture('open');
      const before = await revisionCount();
      await cli(['attach', String(pollId), '--article', String(articleId)]);
      await cli(['detach', '--article', String(articleId)]);
      assert.equal(await revisionCount(), before + 2);
      const article = await t.db.handle.db.selectFrom('articles').select('pollId').where('id', '=', articleId).executeTakeFirstOrThrow();
      assert.equal(article.pollId, null);
    });

    test('a refused change leaves no audit entry and no data: an author, or input the rules refuse', async () => {
      const target = await fixture('open');
      await castStoredVote(t.db.handle, target, 'voted-reader', [(await getPoll(t.db.handle, target))!.options[0]!.id]);
      const { question } = (await getPoll(t.db.handle, target))!;
      const polls = await pollCount();
      const refusals: Array<[string, () => Promise<void>]> = [
        ['an author creates through the API', () => expectStatus(api(t.tokens.author, 'POST', '/api/v1/polls', { question: 'Mine?', options: ['A', 'B'] }), 403)],
        ['an author creates in the office', () => expectStatus(author.post('/admin/polls', pollForm('Mine?')), 403)],
        ['an author edits through the API', () => expectStatus(api(t.tokens.author, 'PATCH', `/api/v1/polls/${target}`, { status: 'closed' }), 403)],
        ['an author closes in the office', () => expectStatus(author.post(`/admin/polls/${target}/close`), 403)],
        ['an author deletes through the API', () => expectStatus(api(t.tokens.author, 'DELETE', `/api/v1/polls/${target}`), 403)],
        ['an author deletes in the office', () => expectStatus(author.post(`/admin/polls/${target}/delete`, { confirm: '1' }), 403)],
        ['an author attaches through the API', () => expectStatus(api(t.tokens.author, 'PATCH', `/api/v1/articles/${articleId}`, { poll: target }), 403)],
        ['more choices than answers, through the API', () => expectStatus(api(t.tokens.editor, 'POST', '/api/v1/polls', { question: 'Q?', options: ['A', 'B'], max_choices: 3 }), 422)],
        ['an empty question, in the office', () => expectStatus(editor.post('/admin/polls', pollForm('   ')), 422)],
        ['one answer, on the command line', () => cli(['create', '--question', 'Q?', '--option', 'A'], 2)],
        ['new answers once readers voted, through the API', () => expectStatus(api(t.tokens.editor, 'PATCH', `/api/v1/polls/${target}`, { options: ['X', 'Y'] }), 409)],
        ['new answers once readers voted, in the office', () => expectStatus(editor.post(`/admin/polls/${target}`, pollForm(question, ['X', 'Y'])), 409)],
        ['new answers once readers voted, on the command line', () => cli(['update', String(target), '--option', 'X', '--option', 'Y'], 2)],
        ['a closing time before the opening time, on the command line', () => cli(['update', String(target), '--opens-at', '2999-02-01', '--closes-at', '2999-01-01'], 2)],
        ['an unknown poll, on the command line', () => cli(['close', '999999'], 2)],
        ['an unknown article, on the command line', () => cli(['attach', String(target), '--article', '999999'], 2)],
      ];
      for (const [what, refused] of refusals) assert.deepEqual(await entriesOf(refused), [], what);
      assert.equal(await pollCount(), polls, 'no poll was made');
      const after = (await getPoll(t.db.handle, target))!;
      assert.deepEqual([after.status, after.options.map((o) => o.label), after.closesAt], ['open', ['Yes', 'No'], null], 'the poll is as it was');
      const article = await t.db.handle.db.selectFrom('articles').select('pollId').where('id', '=', articleId).executeTakeFirstOrThrow();
      assert.notEqual(article.pollId, target, 'nothing was attached');
    });

    test('votes are counted without an audit entry each', async () => {
      const poll = (await getPoll(t.db.handle, await fixture('open')))!;
      const entries = await entriesOf(async () => {
        for (let i = 0; i < 3; i++) {
          await expectStatus(t.app.inject({ method: 'POST', url: `/polls/${poll.id}/vote`, remoteAddress: `198.51.100.${i + 1}`, payload: { option: poll.options[0]!.id } }), 200);
        }
      });
      assert.deepEqual(entries, []);
      assert.equal((await getPoll(t.db.handle, poll.id))!.voters, 3);
    });

    test('castVote refuses over the rate limit before anything else, then a poll not open, then choices the poll does not allow', async () => {
      const poll = (await getPoll(t.db.handle, await fixture('open')))!;
      let voterAsked = false;
      const ballot = (optionIds: number[], target = poll) => ({ poll: target, optionIds, ip: '203.0.113.1', voter: async () => ((voterAsked = true), 'command-test-reader') });
      const refusedWith = (code: string, kind: string) => (err: unknown) => err instanceof BallotRefused && err.code === code && err.kind === kind;
      const limited = { handle: t.db.handle, allowVoteFrom: async () => ({ allowed: false, retryAfterSeconds: 42 }) };
      await assert.rejects(castVote(limited, ballot([poll.options[0]!.id])), (err) => refusedWith('rate_limited', 'rate_limited')(err) && (err as BallotRefused).retryAfterSeconds === 42);
      assert.equal(voterAsked, false, 'a ballot over the limit gets no voter key');
      const allowed = { handle: t.db.handle, allowVoteFrom: async () => ({ allowed: true, retryAfterSeconds: 1 }) };
      await assert.rejects(castVote(allowed, ballot([poll.options[0]!.id, poll.options[1]!.id])), refusedWith('too_many', 'invalid'));
      await assert.rejects(castVote(allowed, ballot([])), refusedWith('no_choice', 'invalid'));
      await assert.rejects(castVote(allowed, ballot([999999])), refusedWith('unknown_option', 'invalid'));
      await setPollStatus(t.db.handle, poll.id, 'closed');
      const closed = (await getPoll(t.db.handle, poll.id))!;
      await assert.rejects(castVote(allowed, ballot([poll.options[0]!.id], closed)), refusedWith('closed', 'conflict'));
      assert.equal((await getPoll(t.db.handle, poll.id))!.voters, 0, 'no refused ballot was counted');
    });
  });
}
