import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import type { UserActor } from '../core/actor.ts';
import { allowOrRefuse, noticeFrom, officeActor, redirectAfterPost } from '../office/guard.ts';
import { sendOfficePage } from '../office/layout.tsx';
import type { FieldErrors } from '../office/forms.tsx';
import { pollPolicy } from './policies.ts';
import { findPoll, pollChangeProblem, pollResults } from './present.ts';
import { countVotes, createPoll, deletePoll, listPolls, PollHasVotes, setCurrentPoll, setPollStatus, updatePoll, type Poll, type PollChanges } from './store.ts';
import { sameMinute } from '../views/format.ts';
import { emptyPollValues, parsePollForm, valuesForUpdate, valuesOfForm, valuesOfPoll, withMoreAnswerSlots, type PollFormValues, type PollSettings } from './admin-form.tsx';
import { NewPollPage, PollEditPage, PollListPage } from './admin-views.tsx';

const notices = {
  created: 'Poll created as a draft. Open it when readers should see it.',
  saved: 'Poll saved.',
  opened: 'Poll opened.',
  closed: 'Poll closed.',
  current: 'This is now the site’s current poll.',
  deleted: 'Poll deleted.',
};

const refusal = 'Polls are run by editors and administrators.';

/** The body of an office form: fields by name, a list where a name came more than once. */
const formOf = (request: FastifyRequest): Record<string, unknown> => (request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {});

/** Only what the form changes: untouched fields are left out, so a poll readers voted in can still get new dates. */
export function changesFrom(poll: Poll, settings: PollSettings): PollChanges {
  const sameAnswers = settings.options.length === poll.options.length && settings.options.every((label, i) => label === poll.options[i]!.label);
  // Forms give times to the minute: a time stored with seconds is unchanged if it reads the same.
  return {
    ...(settings.question !== poll.question && { question: settings.question }),
    ...(!sameAnswers && { options: settings.options }),
    ...((settings.maxChoices !== poll.maxChoices || !sameAnswers) && { maxChoices: settings.maxChoices }),
    ...(!sameMinute(settings.opensAt, poll.opensAt) && { opensAt: settings.opensAt }),
    ...(!sameMinute(settings.closesAt, poll.closesAt) && { closesAt: settings.closesAt }),
    ...(settings.resultsPolicy !== poll.resultsPolicy && { resultsPolicy: settings.resultsPolicy }),
  };
}

const changeWords: Record<keyof PollChanges, string> = {
  question: 'question', options: 'answers', maxChoices: 'choices per reader', opensAt: 'opening time', closesAt: 'closing time', resultsPolicy: 'results shown',
};

/** Polls in the editorial office: the list, a new poll, and one poll's settings, state and results. */
export async function pollOffice(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { handle } = ctx;

  function editor(request: FastifyRequest): UserActor {
    const actor = officeActor(request);
    allowOrRefuse(pollPolicy.read(actor), refusal);
    return actor;
  }

  async function sendEditPage(reply: FastifyReply, request: FastifyRequest, poll: Poll, form: { values?: PollFormValues; errors?: FieldErrors; deleteError?: string } = {}, status = 200) {
    const page = (
      <PollEditPage
        site={await ctx.siteView()}
        actor={officeActor(request)}
        notice={status === 200 ? noticeFrom(request, notices) : undefined}
        poll={poll}
        results={pollResults(poll, await countVotes(handle, poll.id))}
        values={form.values ?? valuesOfPoll(poll)}
        errors={form.errors ?? {}}
        deleteError={form.deleteError}
      />
    );
    return sendOfficePage(reply, page, status);
  }

  const audit = (request: FastifyRequest, actor: UserActor, action: string, poll: { id: number; question: string }, detail?: string) =>
    ctx.audit(actor, { action, subject: { kind: 'poll', id: poll.id, label: poll.question }, detail }, request);

  app.get('/admin/polls', async (request, reply) => {
    const actor = editor(request);
    return sendOfficePage(reply, <PollListPage site={await ctx.siteView()} actor={actor} notice={noticeFrom(request, notices)} polls={await listPolls(handle)} />);
  });

  app.get('/admin/polls/new', async (request, reply) => {
    const actor = editor(request);
    return sendOfficePage(reply, <NewPollPage site={await ctx.siteView()} actor={actor} values={emptyPollValues()} errors={{}} />);
  });

  app.post('/admin/polls', async (request, reply) => {
    const actor = officeActor(request);
    allowOrRefuse(pollPolicy.create(actor), refusal);
    const body = formOf(request);
    const values = valuesOfForm(body);
    const again = async (shown: PollFormValues, errors: FieldErrors, status: number) =>
      sendOfficePage(reply, <NewPollPage site={await ctx.siteView()} actor={actor} values={shown} errors={errors} />, status);
    if (body.more !== undefined) return again(withMoreAnswerSlots(values), {}, 200);
    const parsed = parsePollForm(values);
    if (!parsed.ok) return again(values, parsed.errors, 422);
    const { options, ...settings } = parsed.settings;
    const poll = await createPoll(handle, { ...settings, options, status: 'draft' });
    await audit(request, actor, 'poll.create', poll);
    ctx.contentChanged();
    return redirectAfterPost(reply, `/admin/polls/${poll.id}`, 'created');
  });

  app.get('/admin/polls/:id', async (request, reply) => {
    editor(request);
    return sendEditPage(reply, request, await findPoll(handle, request.params));
  });

  app.post('/admin/polls/:id', async (request, reply) => {
    const actor = officeActor(request);
    allowOrRefuse(pollPolicy.update(actor), refusal);
    const poll = await findPoll(handle, request.params);
    const body = formOf(request);
    const values = valuesForUpdate(poll, body);
    if (body.more !== undefined && poll.voters === 0) return sendEditPage(reply, request, poll, { values: withMoreAnswerSlots(values) });
    const parsed = parsePollForm(values);
    if (!parsed.ok) return sendEditPage(reply, request, poll, { values, errors: parsed.errors }, 422);
    const changes = changesFrom(poll, parsed.settings);
    const problem = pollChangeProblem(poll, changes);
    if (problem) return sendEditPage(reply, request, poll, { values, errors: { [problem.field]: problem.message } }, problem.conflict ? 409 : 422);
    if (Object.keys(changes).length > 0) {
      try {
        await updatePoll(handle, poll.id, changes);
      } catch (err) {
        if (!(err instanceof PollHasVotes)) throw err;
        const fresh = await findPoll(handle, request.params);
        return sendEditPage(reply, request, fresh, { errors: { options: 'a reader voted just now; the answers can no longer be replaced' } }, 409);
      }
      const changed = (Object.keys(changes) as Array<keyof PollChanges>).map((key) => changeWords[key]).join(', ');
      await audit(request, actor, 'poll.update', { id: poll.id, question: changes.question ?? poll.question }, `Changed: ${changed}`);
      ctx.contentChanged();
    }
    return redirectAfterPost(reply, `/admin/polls/${poll.id}`, 'saved');
  });

  /** A one-button change of a poll's state: open, close, make current. */
  function stateChange(path: string, action: string, notice: keyof typeof notices, change: (poll: Poll) => Promise<unknown>) {
    app.post(`/admin/polls/:id/${path}`, async (request, reply) => {
      const actor = officeActor(request);
      allowOrRefuse(pollPolicy.update(actor), refusal);
      const poll = await findPoll(handle, request.params);
      await change(poll);
      await audit(request, actor, action, poll);
      ctx.contentChanged();
      return redirectAfterPost(reply, `/admin/polls/${poll.id}`, notice);
    });
  }
  stateChange('open', 'poll.open', 'opened', (poll) => setPollStatus(handle, poll.id, 'open'));
  stateChange('close', 'poll.close', 'closed', (poll) => setPollStatus(handle, poll.id, 'closed'));
  stateChange('current', 'poll.current', 'current', (poll) => setCurrentPoll(handle, poll.id));

  app.post('/admin/polls/:id/delete', async (request, reply) => {
    const actor = officeActor(request);
    allowOrRefuse(pollPolicy.delete(actor), refusal);
    const poll = await findPoll(handle, request.params);
    if (formOf(request).confirm !== '1') {
      return sendEditPage(reply, request, poll, { deleteError: 'Tick the box to confirm that the poll and its votes should go.' }, 422);
    }
    await deletePoll(handle, poll.id);
    await audit(request, actor, 'poll.delete', poll, `${poll.voters} ${poll.voters === 1 ? 'vote' : 'votes'} removed`);
    ctx.contentChanged();
    return redirectAfterPost(reply, '/admin/polls', 'deleted');
  });
}
