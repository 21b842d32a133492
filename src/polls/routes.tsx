import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestContext, type AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { fromRefusal, wantsJson } from '../http/errors.ts';
import { forbidden, fromZod, parseInput } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { isoDateTime, positiveId } from '../http/schemas.ts';
import { maxPollAnswers, pollAnswerListField, pollQuestionField } from './fields.ts';
import { pollPermissions } from './policies.ts';
import { findPoll, findPublicPoll, hasDistinctLabels, pollIdParam, pollPathIn, pollResults, resultsVisible } from './present.ts';
import { countVotes, effectiveStatus, getPoll, hasVoted, type Poll, type PollCounts } from './store.ts';
import { memoPerGenerationByKey } from '../http/generation-memo.ts';
import { BallotRefused, castVote, createPoll, deletePoll, updatePoll } from './commands.ts';
import { resultsPolicies } from './tables.ts';
import { voteRateLimiter } from './rate-limit.ts';
import { ensureVoter, voterKeyOf, votedCookieHeader, votedPollIds } from './voter.ts';
import { signingSecrets } from '../site/store.ts';
import { rateLimitKey, type SigningSecrets } from '../site/secrets.ts';
import { fromAnotherSite } from '../http/csrf.ts';
import { readerPagePath } from '../http/paths.ts';
import { requestedEdition } from '../http/editions.ts';
import { pollExportRoutes } from './exports.ts';

const optionsField = pollAnswerListField('options');
/** Any text here: whether it is one of the site's languages is the command's to say (422, field `language`). */
const languageField = z.string({ invalid_type_error: 'must be one of the site’s languages, such as "en"' }).max(100);
const choiceLimitField = z.number().int().min(1).max(maxPollAnswers);
const createSchema = z
  .object({
    question: pollQuestionField,
    options: optionsField,
    multiple: z.boolean().optional(),
    max_choices: choiceLimitField.optional(),
    opens_at: isoDateTime.nullable().optional(),
    closes_at: isoDateTime.nullable().optional(),
    results: z.enum(resultsPolicies).optional(),
    status: z.enum(['draft', 'open']).optional(),
    language: languageField.optional(),
  })
  .strict()
  .refine((p) => !p.opens_at || !p.closes_at || p.opens_at < p.closes_at, { message: 'must come after opens_at', path: ['closes_at'] })
  .refine((p) => hasDistinctLabels(p.options), { message: 'two options read the same', path: ['options'] });
const updateSchema = z
  .object({
    status: z.enum(['draft', 'open', 'closed']).optional(),
    current: z.literal(true).optional(),
    question: pollQuestionField.optional(),
    options: optionsField.optional(),
    max_choices: choiceLimitField.optional(),
    opens_at: isoDateTime.nullable().optional(),
    closes_at: isoDateTime.nullable().optional(),
    results: z.enum(resultsPolicies).optional(),
    language: languageField.optional(),
  })
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'the body names no field to change');
// A form sends option=<id> once per choice; JSON sends {"option": id} or {"options": [ids]}.
const ballotSchema = z.union([
  z.object({ option: z.union([positiveId, z.array(positiveId).max(maxPollAnswers)]) }).strict(),
  z.object({ options: z.array(positiveId).min(1).max(maxPollAnswers) }).strict(),
]);

export async function pollRoutes(app: FastifyInstance, ctx: AppContext) {
  const { handle } = ctx;
  const secureCookies = ctx.config.secureCookies;
  // Keyed apart from the signing secrets, so that a rotation neither resets the counts nor splits them between processes.
  const ballots = { handle, allowVoteFrom: voteRateLimiter(handle, await rateLimitKey(handle), ctx.config.voteRateLimit) };
  /** What a change needs from the request it came with: the audit log notes the address. */

  /** Notes the poll in the reader's list of answered polls, so that cached pages with its form pass them by. */
  function rememberVote(request: FastifyRequest, reply: FastifyReply, pollId: number, secrets: SigningSecrets) {
    const ids = [pollId, ...votedPollIds(request.headers.cookie, secrets).filter((id) => id !== pollId)].slice(0, 50);
    reply.header('set-cookie', votedCookieHeader(ids, secrets, secureCookies));
  }

  let warnedAboutProxy = false;
  /** Behind an untrusted proxy every reader seems to come from one address, and the rate limit would hold back everyone. */
  function warnIfProxied(request: FastifyRequest) {
    if (warnedAboutProxy || ctx.config.voteRateLimit === 0 || ctx.config.trustProxy || !request.headers['x-forwarded-for']) return;
    warnedAboutProxy = true;
    request.log.warn('Votes arrive with X-Forwarded-For from a proxy that is not trusted: set ROSTRUM_TRUST_PROXY, or every reader shares one vote rate limit');
  }

  const siteOrigin = new URL(ctx.config.publicUrl).origin;
  /**
   * The page a form was sent from, when it is a reader's page of this site. The Referer is the reader's
   * (or an attacker's) to write: only an absolute http(s) address counts (a relative one could name
   * another host: `//evil.example`), at our public origin or the one this request was sent to (a site
   * reached by another name, as in tests); only its path is used, once it has passed readerPagePath
   * (no `//`, `/\`, encoded separators, office or API addresses).
   */
  function formPage(request: FastifyRequest): string | undefined {
    const referer = request.headers.referer;
    if (!referer || referer.length > 2048 || !URL.canParse(referer)) return undefined;
    const url = new URL(referer);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    if (url.origin !== siteOrigin && url.origin !== `${request.protocol}://${request.host}`) return undefined;
    const path = readerPagePath(url.pathname);
    // A vote's own address is no page to go back to, under an edition's prefix (`/ru/polls/12/vote`) or not.
    return path && !/^(?:\/[a-z]{2})?\/polls\/[^/]+\/vote$/.test(path) ? path : undefined;
  }

  /**
   * A form goes back where it came from (on this site, in the edition it was read in); the page then shows
   * the results or the refusal in its language. Without a page to go back to, the poll's own page, in its edition.
   */
  async function backTo(request: FastifyRequest, reply: FastifyReply, poll: Poll, outcome: string) {
    const target = formPage(request) ?? pollPathIn((await ctx.siteView(requestedEdition(request))).locale.editions, poll);
    return reply.status(303).header('location', `${target}?poll=${poll.id}&vote=${outcome}#poll-${poll.id}`).header('cache-control', 'no-store').send();
  }

  /**
   * The poll a ballot names, read once per content generation rather than once per vote (a query per
   * vote was a good part of a vote's cost): every poll command moves the generation on, here at once and
   * in other processes within a second or so. The copy only vets the ballot; the ballot box checks in
   * its transaction that the poll still takes votes, and options that are gone fail their foreign key.
   */
  const pollForBallots = memoPerGenerationByKey((id: number) => getPoll(handle, id), 1000);

  app.post('/polls/:id/vote', async (request, reply) => {
    const poll = await findPublicPoll(handle, request.params, (id) => pollForBallots(request.cacheGeneration, id));
    if (fromAnotherSite(request, ctx.config.publicUrl)) throw forbidden('Votes are taken only from this site’s own pages');
    const parsed = ballotSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      // A form sent without a valid choice comes back to its page with a message, like any refusal.
      if (!wantsJson(request)) return backTo(request, reply, poll, 'no_choice');
      throw fromZod(parsed.error);
    }
    const body = parsed.data;
    warnIfProxied(request);
    const optionIds = 'options' in body ? body.options : Array.isArray(body.option) ? body.option : [body.option];
    let secrets: SigningSecrets | undefined;
    const voter = async () => {
      // Read per request: the list changes, without a restart, when the secret is rotated.
      secrets = await signingSecrets(handle);
      return ensureVoter(request, reply, secrets, secureCookies);
    };
    let counts: PollCounts;
    try {
      counts = await castVote(ballots, { poll, optionIds, ip: request.ip, voter });
    } catch (err) {
      if (!(err instanceof BallotRefused)) throw err;
      return refusedBallot(request, reply, poll, err, secrets);
    }
    rememberVote(request, reply, poll.id, secrets!);
    // No cache drop per vote: results are read fresh (no-store), so a flood of votes leaves cached pages alone.
    if (!wantsJson(request)) return backTo(request, reply, poll, 'counted');
    return reply.header('cache-control', 'no-store').send(resultsVisible(poll, true) ? pollResults(poll, counts) : { id: poll.id, voted: true });
  });

  /** A refused ballot: a form goes back to its page, which says why; JSON gets the refusal's code, and a repeat the results. */
  async function refusedBallot(request: FastifyRequest, reply: FastifyReply, poll: Poll, refusal: BallotRefused, secrets: SigningSecrets | undefined) {
    if (refusal.retryAfterSeconds !== undefined) reply.header('retry-after', String(refusal.retryAfterSeconds));
    if (refusal.code === 'repeat' && secrets) rememberVote(request, reply, poll.id, secrets);
    if (!wantsJson(request)) return backTo(request, reply, poll, refusal.code);
    const results = refusal.code === 'repeat' && resultsVisible(poll, true) ? { results: pollResults(poll, await countVotes(handle, poll.id)) } : {};
    const error = { code: refusal.code, message: refusal.message, ...(refusal.field && { field: refusal.field }) };
    return reply.status(fromRefusal(refusal).status).send({ error, ...results });
  }

  app.get('/api/v1/public/polls/:id', async (request, reply) => {
    const poll = await findPublicPoll(handle, request.params);
    const voter = voterKeyOf(request, await signingSecrets(handle));
    const voted = voter ? await hasVoted(handle, poll.id, voter) : false;
    reply.header('cache-control', 'no-store');
    if (!resultsVisible(poll, voted)) {
      const { options, ...rest } = pollResults(poll, { voters: 0, byOption: new Map() });
      return { ...rest, total: null, results_hidden: true, options: options.map(({ id, label }) => ({ id, label })) };
    }
    return pollResults(poll, await countVotes(handle, poll.id));
  });

  app.post('/api/v1/polls', async (request, reply) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    const input = parseInput(createSchema, request.body);
    const poll = await createPoll(requestContext(ctx, request), actor, {
      question: input.question,
      options: input.options,
      // `multiple` alone lets a reader choose every option.
      maxChoices: input.max_choices ?? (input.multiple ? input.options.length : 1),
      status: input.status,
      resultsPolicy: input.results,
      opensAt: input.opens_at,
      closesAt: input.closes_at,
      language: input.language,
    });
    const { editions } = (await ctx.siteView()).locale;
    return reply.status(201).send({ id: poll.id, url: ctx.config.publicUrl + pollPathIn(editions, poll), status: effectiveStatus(poll), language: poll.language, options: poll.options });
  });

  app.patch('/api/v1/polls/:id', async (request) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    const pollId = pollIdParam(request.params);
    const { status, current, ...edits } = parseInput(updateSchema, request.body);
    const poll = await updatePoll(requestContext(ctx, request), actor, pollId, {
      changes: {
        ...(edits.question !== undefined && { question: edits.question }),
        ...(edits.options !== undefined && { options: edits.options }),
        ...(edits.max_choices !== undefined && { maxChoices: edits.max_choices }),
        ...(edits.results !== undefined && { resultsPolicy: edits.results }),
        ...(edits.opens_at !== undefined && { opensAt: edits.opens_at }),
        ...(edits.closes_at !== undefined && { closesAt: edits.closes_at }),
        ...(edits.language !== undefined && { language: edits.language }),
      },
      status,
      current,
    });
    return pollResults(poll, await countVotes(handle, poll.id));
  });

  app.get('/api/v1/polls/:id', async (request) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    requirePermission(pollPermissions, actor, 'read');
    const poll = await findPoll(handle, request.params);
    return {
      ...pollResults(poll, await countVotes(handle, poll.id)),
      workflow_status: poll.status,
      results: poll.resultsPolicy,
      current: poll.isCurrent === 1,
      created_at: poll.createdAt,
      updated_at: poll.updatedAt,
    };
  });

  app.delete('/api/v1/polls/:id', async (request, reply) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    await deletePoll(requestContext(ctx, request), actor, pollIdParam(request.params));
    return reply.status(204).send();
  });
  await pollExportRoutes(app, ctx);
}
