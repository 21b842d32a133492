import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestContext, type AppContext } from '../context.ts';
import type { UserActor } from '../core/actor.ts';
import { requirePermission } from '../core/policy.ts';
import { noticeFrom, officeActor, redirectAfterPost } from '../office/guard.ts';
import { sendOfficePage } from '../office/layout.tsx';
import type { FieldErrors } from '../office/forms.tsx';
import { formProblem } from '../office/refusals.ts';
import { pollPermissions } from './policies.ts';
import { findPoll, pollIdParam, pollResults } from './present.ts';
import { countVotes, listPolls, type Poll, type PollChanges } from './store.ts';
import { closePoll, createPoll, deletePoll, makePollCurrent, openPoll, updatePoll } from './commands.ts';
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

/** The body of an office form: fields by name, a list where a name came more than once. */
const formOf = (request: FastifyRequest): Record<string, unknown> => (request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {});

/** Only what the form changes: untouched fields are left out, so a poll readers voted in can still get new dates. */
export function changesFrom(poll: Poll, settings: PollSettings, zone = 'UTC'): PollChanges {
  const sameAnswers = settings.options.length === poll.options.length && settings.options.every((label, i) => label === poll.options[i]!.label);
  // Forms give times to the minute: a time stored with seconds is unchanged if it reads the same.
  return {
    ...(settings.question !== poll.question && { question: settings.question }),
    ...(!sameAnswers && { options: settings.options }),
    ...((settings.maxChoices !== poll.maxChoices || !sameAnswers) && { maxChoices: settings.maxChoices }),
    ...(!sameMinute(settings.opensAt, poll.opensAt, zone) && { opensAt: settings.opensAt }),
    ...(!sameMinute(settings.closesAt, poll.closesAt, zone) && { closesAt: settings.closesAt }),
    ...(settings.resultsPolicy !== poll.resultsPolicy && { resultsPolicy: settings.resultsPolicy }),
    ...(settings.language !== undefined && settings.language !== poll.language && { language: settings.language }),
  };
}

/** Polls in the editorial office: the list, a new poll, and one poll's settings, state and results. */
export async function pollOffice(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { handle } = ctx;

  /** The signed-in person, once the table lets them see polls as editors do: forms sent back show the poll. */
  function reader(request: FastifyRequest): UserActor {
    const actor = officeActor(request);
    requirePermission(pollPermissions, actor, 'read');
    return actor;
  }

  async function sendEditPage(reply: FastifyReply, request: FastifyRequest, poll: Poll, form: { values?: PollFormValues; errors?: FieldErrors; deleteError?: string } = {}, status = 200) {
    const site = await ctx.siteView();
    const page = (
      <PollEditPage
        site={site}
        actor={officeActor(request)}
        notice={status === 200 ? noticeFrom(request, notices) : undefined}
        poll={poll}
        results={pollResults(poll, await countVotes(handle, poll.id))}
        values={form.values ?? valuesOfPoll(poll, site.locale.timeZone)}
        errors={form.errors ?? {}}
        deleteError={form.deleteError}
      />
    );
    return sendOfficePage(reply, page, status);
  }

  app.get('/admin/polls', async (request, reply) => {
    const actor = officeActor(request);
    requirePermission(pollPermissions, actor, 'list');
    return sendOfficePage(reply, <PollListPage site={await ctx.siteView()} actor={actor} notice={noticeFrom(request, notices)} polls={await listPolls(handle)} />);
  });

  app.get('/admin/polls/new', async (request, reply) => {
    const actor = reader(request);
    const site = await ctx.siteView();
    return sendOfficePage(reply, <NewPollPage site={site} actor={actor} values={emptyPollValues(site.locale.editions.languages[0])} errors={{}} />);
  });

  app.post('/admin/polls', async (request, reply) => {
    const actor = reader(request);
    const body = formOf(request);
    const values = valuesOfForm(body);
    const again = async (shown: PollFormValues, errors: FieldErrors, status: number) =>
      sendOfficePage(reply, <NewPollPage site={await ctx.siteView()} actor={actor} values={shown} errors={errors} />, status);
    if (body.more !== undefined) return again(withMoreAnswerSlots(values), {}, 200);
    const parsed = parsePollForm(values, (await ctx.siteView()).locale.timeZone);
    if (!parsed.ok) return again(values, parsed.errors, 422);
    try {
      const poll = await createPoll(requestContext(ctx, request), actor, { ...parsed.settings, status: 'draft' });
      return redirectAfterPost(reply, `/admin/polls/${poll.id}`, 'created');
    } catch (err) {
      const problem = formProblem(err);
      if (!problem) throw err;
      return again(values, problem.errors, problem.status);
    }
  });

  app.get('/admin/polls/:id', async (request, reply) => {
    reader(request);
    return sendEditPage(reply, request, await findPoll(handle, request.params));
  });

  app.post('/admin/polls/:id', async (request, reply) => {
    const actor = reader(request);
    const poll = await findPoll(handle, request.params);
    const body = formOf(request);
    // The form's times are on the clocks of the site's zone.
    const zone = (await ctx.siteView()).locale.timeZone;
    const values = valuesForUpdate(poll, body, zone);
    if (body.more !== undefined && poll.voters === 0) return sendEditPage(reply, request, poll, { values: withMoreAnswerSlots(values) });
    const parsed = parsePollForm(values, zone);
    if (!parsed.ok) return sendEditPage(reply, request, poll, { values, errors: parsed.errors }, 422);
    try {
      await updatePoll(requestContext(ctx, request), actor, poll.id, { changes: changesFrom(poll, parsed.settings, zone) });
    } catch (err) {
      const problem = formProblem(err);
      if (!problem) throw err;
      // Shown on the poll as it is now: a reader may have voted since the form was read.
      const fresh = await findPoll(handle, request.params);
      return sendEditPage(reply, request, fresh, { values: valuesForUpdate(fresh, body, zone), errors: problem.errors }, problem.status);
    }
    return redirectAfterPost(reply, `/admin/polls/${poll.id}`, 'saved');
  });

  /** A one-button change of a poll's state: open, close, make current. */
  function stateChange(path: string, notice: keyof typeof notices, change: typeof openPoll) {
    app.post(`/admin/polls/:id/${path}`, async (request, reply) => {
      const poll = await change(requestContext(ctx, request), officeActor(request), pollIdParam(request.params));
      return redirectAfterPost(reply, `/admin/polls/${poll.id}`, notice);
    });
  }
  stateChange('open', 'opened', openPoll);
  stateChange('close', 'closed', closePoll);
  stateChange('current', 'current', makePollCurrent);

  app.post('/admin/polls/:id/delete', async (request, reply) => {
    const actor = reader(request);
    const pollId = pollIdParam(request.params);
    if (formOf(request).confirm !== '1') {
      return sendEditPage(reply, request, await findPoll(handle, request.params), { deleteError: 'Tick the box to confirm that the poll and its votes should go.' }, 422);
    }
    await deletePoll(requestContext(ctx, request), actor, pollId);
    return redirectAfterPost(reply, '/admin/polls', 'deleted');
  });
}
