import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Db } from '../schema.ts';
import { commandLineContext } from './context.ts';
import { commandLineActor } from '../core/actor.ts';
import { Refusal } from '../core/refusals.ts';
import { refusalMessage } from './refusals.ts';
import { isoDateTime } from '../http/schemas.ts';
import { maxPollAnswers, minPollAnswers, pollAnswerField, pollQuestionField } from '../polls/fields.ts';
import { resultsPolicies } from '../polls/tables.ts';
import { csvText } from '../polls/csv.ts';
import { isSlug } from '../db/slug.ts';
import { getExpertBySlug } from '../experts/store.ts';
import { findArticleId, getArticleById, type Article } from '../articles/store.ts';
import { hasDistinctLabels, pollPathIn, pollResults } from '../polls/present.ts';
import { getSiteSettings } from '../site/store.ts';
import { countVotes, effectiveStatus, getPoll, listPolls, type Poll, type PollChanges, type PollRow } from '../polls/store.ts';
import { closePoll, createPoll, deletePoll, makePollCurrent, openPoll, updatePoll } from '../polls/commands.ts';
import { setArticlePoll } from '../articles/commands.ts';

/** The CLI names the answers by their option, given once per answer. */
const optionCountMessage = {
  min: `must be given at least twice: a poll has ${minPollAnswers} to ${maxPollAnswers} options`,
  max: `must be given at most ${maxPollAnswers} times: a poll has ${minPollAnswers} to ${maxPollAnswers} options`,
};

/** What `rostrum poll` needs from the CLI around it (src/main.ts), so that its errors and options behave like every other command's. */
export interface PollCliContext {
  publicUrl: string;
  /** A usage line for `rostrum poll` as a whole. */
  usage: string;
  withDatabase(work: (handle: Db) => Promise<void>): Promise<void>;
  /** Reads options through a zod schema; the first problem becomes a usage error naming the option. */
  parseOptions<T extends z.ZodTypeAny>(schema: T, values: Record<string, unknown>): z.output<T>;
  /** Bad input: shown as is, exit code 2. */
  usageError(message: string): Error;
}

// ---------------------------------------------------------------------------------------------------
// Options. The rules are those of POST /api/v1/polls (src/polls/routes.tsx, createSchema), built from
// the same field validators, so that the CLI accepts exactly what the API does.

const enumMessage = (values: readonly string[]) => ({ errorMap: () => ({ message: `must be one of ${values.join(', ')}` }) });

/** A whole number typed on the command line; anything else ("3.5", "two", "1e1") is refused rather than coerced. */
const wholeNumber = (min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.preprocess((v) => (typeof v === 'string' && /^\s*\d{1,9}\s*$/.test(v) ? Number(v) : v), z.number({ invalid_type_error: message }).int(message).min(min, message).max(max, message));
};

export const pollCreateOptions = z
  .object({
    question: pollQuestionField,
    // A missing --option reads as none given, so that the message says how many are needed.
    option: z.array(pollAnswerField).min(minPollAnswers, optionCountMessage.min).max(maxPollAnswers, optionCountMessage.max).default([]),
    multiple: z.boolean().optional(),
    'max-choices': wholeNumber(1, maxPollAnswers).optional(),
    'opens-at': isoDateTime.optional(),
    'closes-at': isoDateTime.optional(),
    results: z.enum(resultsPolicies, enumMessage(resultsPolicies)).optional(),
    open: z.boolean().optional(),
    current: z.boolean().optional(),
    // Whether it is one of the site's languages is the command's to say, as for the API.
    language: z.string().optional(),
  })
  .strict()
  .refine((p) => !p['opens-at'] || !p['closes-at'] || p['opens-at'] < p['closes-at'], { message: 'must come after --opens-at', path: ['closes-at'] })
  .refine((p) => hasDistinctLabels(p.option), { message: 'must not name the same answer twice', path: ['option'] })
  .refine(
    (p) => p['max-choices'] === undefined || p['max-choices'] <= p.option.length,
    (p) => ({
      message: `must be at most the number of options (${p.option.length})`,
      path: ['max-choices'],
    }),
  );

/** A time, or "none" to clear it. */
const timeOrNone = z.union([z.literal('none').transform(() => null), isoDateTime]);
export const pollUpdateOptions = z
  .object({
    question: pollQuestionField.optional(),
    option: z.array(pollAnswerField).min(minPollAnswers, optionCountMessage.min).max(maxPollAnswers, optionCountMessage.max).optional(),
    'max-choices': wholeNumber(1, maxPollAnswers).optional(),
    'opens-at': timeOrNone.optional(),
    'closes-at': timeOrNone.optional(),
    results: z.enum(resultsPolicies, enumMessage(resultsPolicies)).optional(),
    language: z.string().optional(),
  })
  .strict();

const resultFormats = ['text', 'csv', 'json'] as const;
export const pollResultsOptions = z.object({ format: z.enum(resultFormats, enumMessage(resultFormats)).default('text') }).strict();
export const pollDeleteOptions = z.object({ yes: z.boolean().optional() }).strict();
export const pollNoOptions = z.object({}).strict();
/** An article named by its id or as EXPERT/SLUG, the two halves of its address. */
const articleReference = z
  .string()
  .trim()
  .transform((text, ctx) => {
    if (/^\d{1,10}$/.test(text) && Number(text) >= 1 && Number(text) <= 2_147_483_647) return { id: Number(text) };
    const [expert, slug, ...more] = text.split('/');
    if (expert && slug && more.length === 0 && isSlug(expert) && isSlug(slug)) return { expert, slug };
    ctx.addIssue({ code: 'custom', message: 'must be an article id or EXPERT/SLUG, as in its address /blogs/EXPERT/SLUG' });
    return z.NEVER;
  });
export const pollArticleOptions = z.object({ article: articleReference }).strict();

/** Every option any `poll` subcommand takes; each subcommand's schema then refuses those that do not apply to it. */
const argumentSpec = {
  question: { type: 'string' },
  option: { type: 'string', multiple: true },
  multiple: { type: 'boolean' },
  'max-choices': { type: 'string' },
  'opens-at': { type: 'string' },
  'closes-at': { type: 'string' },
  results: { type: 'string' },
  open: { type: 'boolean' },
  current: { type: 'boolean' },
  yes: { type: 'boolean' },
  format: { type: 'string' },
  article: { type: 'string' },
  language: { type: 'string' },
} as const;

// ---------------------------------------------------------------------------------------------------
// Printing. Questions and labels are whatever an editor typed, through the API as well as here: they are
// shown so that they cannot drive the terminal.

/** Control characters (C0, DEL, C1) and the invisible marks that reorder a line (bidirectional overrides and isolates). */
const unprintable = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const escapeCode = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Text from the database on one terminal line: runs of white space become one space, other unprintable characters \uXXXX escapes. */
export function printable(text: string): string {
  return text.replace(/[\t\n\r]+/g, ' ').replace(unprintable, escapeCode);
}

/** At most `max` characters (code points, so that no emoji is cut in half), with an ellipsis when cut. */
function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** A user's argument inside a message: quoted, with anything unprintable escaped. */
const quoted = (text: string) => JSON.stringify(text).replace(unprintable, escapeCode);

/** A poll's public address, in its language's edition (`/ru/polls/12` for a Russian poll beside English). */
async function publicAddress(ctx: PollCliContext, handle: Db, poll: Pick<Poll, 'id' | 'language'>): Promise<string> {
  const { languages } = await getSiteSettings(handle);
  return `${ctx.publicUrl}${pollPathIn({ languages }, poll)}`;
}

/** Rows as columns two spaces apart; the last column is not padded. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => Array.from(r[i]!).length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - Array.from(cell).length))).join('  ')).join('\n');
}

export function formatPollList(polls: PollRow[]): string {
  const header = ['ID', 'STATUS', 'CURRENT', 'VOTERS', 'QUESTION'];
  return table([header, ...polls.map((p) => [String(p.id), effectiveStatus(p), p.isCurrent ? '*' : '', String(p.voters), truncate(printable(p.question), 60)])]);
}

type PollResults = ReturnType<typeof pollResults>;

/** "33 (31%)" per option, aligned, then the number of voters. */
export function formatResultsText(results: PollResults): string {
  const labels = results.options.map((o) => printable(o.label));
  const width = Math.max(...labels.map((l) => Array.from(l).length));
  const lines = [`Poll ${results.id}: ${printable(results.question)}`, `Status: ${results.status}`];
  results.options.forEach((o, i) => lines.push(`  ${labels[i]}${' '.repeat(width - Array.from(labels[i]!).length)}  ${o.votes} (${o.percent}%)`));
  lines.push(`Total voters: ${results.total}`);
  if (results.max_choices > 1) {
    const choices = results.options.reduce((sum, o) => sum + o.votes, 0);
    lines.push(`Each voter could choose up to ${results.max_choices} options; percentages are shares of all ${choices} choices.`);
  }
  return lines.join('\n');
}

export function formatResultsCsv(results: PollResults): string {
  const rows = [['option', 'votes', 'percent'], ...results.options.map((o) => [o.label, o.votes, o.percent])];
  return csvText(rows);
}

/** What JSON.stringify leaves raw in strings that a terminal acts on or reorders: C1 controls, bidirectional marks, line separators. */
const rawInJson = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The object GET /api/v1/public/polls/:id answers, with those characters escaped as well (which is still the same JSON). */
export function formatResultsJson(results: PollResults): string {
  return JSON.stringify(results, null, 2).replace(rawInJson, escapeCode);
}

// ---------------------------------------------------------------------------------------------------
// Commands.

interface Invocation {
  ctx: PollCliContext;
  values: Record<string, unknown>;
  positionals: string[];
}

interface Subcommand {
  synopsis: string;
  run(invocation: Invocation): Promise<void>;
}

const maxId = 2_147_483_647;

/** The one ID argument a subcommand takes. */
function pollIdArgument({ ctx, positionals }: Invocation, synopsis: string): number {
  if (positionals.length === 0) throw ctx.usageError(`ID is required: ${synopsis}`);
  if (positionals.length > 1) throw ctx.usageError(`unexpected argument ${quoted(positionals[1]!)}: ${synopsis}`);
  const text = positionals[0]!;
  const id = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(id >= 1 && id <= maxId)) throw ctx.usageError(`ID must be a poll id (a positive whole number), not ${quoted(text)}`);
  return id;
}

function noArguments({ ctx, positionals }: Invocation, synopsis: string): void {
  if (positionals.length > 0) throw ctx.usageError(`unexpected argument ${quoted(positionals[0]!)}: ${synopsis}`);
}

async function requirePoll(ctx: PollCliContext, handle: Db, id: number): Promise<Poll> {
  const poll = await getPoll(handle, id);
  if (!poll) throw ctx.usageError(`no poll with id ${id}`);
  return poll;
}

/** How a poll that readers are not asked now stands, in words; undefined while it is open. */
function notOpenState(poll: Poll): string | undefined {
  switch (effectiveStatus(poll)) {
    case 'draft':
      return `poll ${poll.id} is a draft (rostrum poll open ${poll.id} opens it)`;
    case 'scheduled':
      return `poll ${poll.id} does not open before ${poll.opensAt}`;
    case 'closed':
      return poll.status === 'closed' ? `poll ${poll.id} is closed` : `poll ${poll.id} is past its closing time, ${poll.closesAt}`;
    case 'open':
      return undefined;
  }
}

const warn = (message: string) => console.error(`rostrum: warning: ${message}`);

/**
 * Changes go through the polls' commands (src/polls/commands.ts), as the API's and the office's do:
 * the audit log names the command line and the command ("command line: rostrum poll close"), and
 * running servers hear of the change through NOTIFY.
 */
const actorFor = (subcommand: string) => commandLineActor(`poll ${subcommand}`);

/**
 * A command's refusal in this command's words: the API's field names become its options (`options` is
 * given as --option, one per answer), and a poll that is not there is named by the ID given.
 */
const refusedAs =
  (ctx: PollCliContext, pollId?: number) =>
  (err: unknown): never => {
    if (!(err instanceof Refusal)) throw err;
    if (err.kind === 'not_found' && pollId !== undefined) throw ctx.usageError(`no poll with id ${pollId}`);
    throw ctx.usageError(refusalMessage(err, { options: '--option', poll: 'ID' }).replace('opens_at', '--opens-at'));
  };

const create: Subcommand = {
  synopsis:
    'rostrum poll create --question Q --option A --option B [--option ...] [--multiple] [--max-choices N] [--opens-at ISO] [--closes-at ISO] [--results always|after_vote|after_close] [--language LANG] [--open] [--current]',
  async run(invocation) {
    const { ctx, values } = invocation;
    const input = ctx.parseOptions(pollCreateOptions, values);
    noArguments(invocation, this.synopsis);
    // As the API: --multiple alone lets a reader choose every option; --max-choices sets the limit.
    const maxChoices = input['max-choices'] ?? (input.multiple ? input.option.length : 1);
    await ctx.withDatabase(async (handle) => {
      const poll = await createPoll(commandLineContext(handle), actorFor('create'), {
        question: input.question,
        options: input.option,
        maxChoices,
        status: input.open ? 'open' : 'draft',
        resultsPolicy: input.results,
        opensAt: input['opens-at'],
        closesAt: input['closes-at'],
        language: input.language,
        current: input.current,
      }).catch(refusedAs(ctx));
      console.log(`Created poll ${poll.id} (${effectiveStatus(poll)}${input.current ? ', current' : ''}): ${await publicAddress(ctx, handle, poll)}`);
      console.log('Options:');
      console.log(table(poll.options.map((o) => [`  ${o.id}`, printable(o.label)])));
      const state = notOpenState(poll);
      if (state && input.current) warn(`${state}, so the site shows no current poll for now`);
      else if (state) console.log(`Note: ${state}, so readers are not asked it now.`);
    });
  },
};

const list: Subcommand = {
  synopsis: 'rostrum poll list',
  async run(invocation) {
    invocation.ctx.parseOptions(pollNoOptions, invocation.values);
    noArguments(invocation, this.synopsis);
    await invocation.ctx.withDatabase(async (handle) => {
      const polls = await listPolls(handle);
      console.log(polls.length ? formatPollList(polls) : 'There are no polls yet; make one with: rostrum poll create');
    });
  },
};

/** `open` and `close`: the status a poll is set to, as PATCH /api/v1/polls/:id {status} does. */
function statusCommand(status: 'open' | 'closed', verb: string): Subcommand {
  const change = status === 'open' ? openPoll : closePoll;
  return {
    synopsis: `rostrum poll ${verb} ID`,
    async run(invocation) {
      const { ctx } = invocation;
      ctx.parseOptions(pollNoOptions, invocation.values);
      const id = pollIdArgument(invocation, this.synopsis);
      await ctx.withDatabase(async (handle) => {
        const poll = await change(commandLineContext(handle), actorFor(verb), id).catch(refusedAs(ctx, id));
        console.log(`Poll ${id} is ${status === 'open' ? 'set to open' : 'closed'}: ${await publicAddress(ctx, handle, poll)}`);
        const state = status === 'open' ? notOpenState(poll) : undefined;
        if (state) warn(`${state}, so readers are not asked it now`);
      });
    },
  };
}

const current: Subcommand = {
  synopsis: 'rostrum poll current ID',
  async run(invocation) {
    const { ctx } = invocation;
    ctx.parseOptions(pollNoOptions, invocation.values);
    const id = pollIdArgument(invocation, this.synopsis);
    await ctx.withDatabase(async (handle) => {
      // As the API's PATCH {current: true}: any poll may be made current; readers are asked it only while it is open.
      const poll = await makePollCurrent(commandLineContext(handle), actorFor('current'), id).catch(refusedAs(ctx, id));
      console.log(`Poll ${id} is now the current poll.`);
      const state = notOpenState(poll);
      if (state) warn(`${state}, so the site shows no current poll for now`);
    });
  },
};

const remove: Subcommand = {
  synopsis: 'rostrum poll delete ID --yes',
  async run(invocation) {
    const { ctx } = invocation;
    const { yes } = ctx.parseOptions(pollDeleteOptions, invocation.values);
    const id = pollIdArgument(invocation, this.synopsis);
    await ctx.withDatabase(async (handle) => {
      await requirePoll(ctx, handle, id);
      const { voters } = await countVotes(handle, id);
      const what = `poll ${id} and its ${voters} vote${voters === 1 ? '' : 's'}`;
      if (!yes) throw ctx.usageError(`this deletes ${what} for good; add --yes to confirm: rostrum poll delete ${id} --yes`);
      await deletePoll(commandLineContext(handle), actorFor('delete'), id).catch(refusedAs(ctx, id));
      console.log(`Deleted ${what}.`);
    });
  },
};

const results: Subcommand = {
  synopsis: 'rostrum poll results ID [--format text|csv|json]',
  async run(invocation) {
    const { ctx } = invocation;
    const { format } = ctx.parseOptions(pollResultsOptions, invocation.values);
    const id = pollIdArgument(invocation, this.synopsis);
    await ctx.withDatabase(async (handle) => {
      const poll = await requirePoll(ctx, handle, id);
      // The operator sees every poll's counts, drafts and hidden results included: the API's public view with nothing withheld.
      const answer = pollResults(poll, await countVotes(handle, id));
      const formatted = format === 'json' ? formatResultsJson(answer) : format === 'csv' ? formatResultsCsv(answer) : formatResultsText(answer);
      // Through console.log like every other command's output (which ends the last line), so tests can capture it in-process.
      console.log(formatted.endsWith('\n') ? formatted.slice(0, -1) : formatted);
    });
  },
};

const update: Subcommand = {
  synopsis:
    'rostrum poll update ID [--question Q] [--option A --option B ...] [--max-choices N] [--opens-at ISO|none] [--closes-at ISO|none] [--results always|after_vote|after_close] [--language LANG]',
  async run(invocation) {
    const { ctx } = invocation;
    const input = ctx.parseOptions(pollUpdateOptions, invocation.values);
    const id = pollIdArgument(invocation, this.synopsis);
    const edits: PollChanges = {
      ...(input.question !== undefined && { question: input.question }),
      ...(input.option !== undefined && { options: input.option }),
      ...(input['max-choices'] !== undefined && { maxChoices: input['max-choices'] }),
      ...(input.results !== undefined && { resultsPolicy: input.results }),
      ...(input['opens-at'] !== undefined && { opensAt: input['opens-at'] }),
      ...(input['closes-at'] !== undefined && { closesAt: input['closes-at'] }),
      ...(input.language !== undefined && { language: input.language }),
    };
    if (Object.keys(edits).length === 0) throw ctx.usageError(`say what to change: ${this.synopsis}`);
    await ctx.withDatabase(async (handle) => {
      const poll = await updatePoll(commandLineContext(handle), actorFor('update'), id, { changes: edits }).catch(refusedAs(ctx, id));
      console.log(`Poll ${id} is updated: ${await publicAddress(ctx, handle, poll)}`);
    });
  },
};

type ArticleReference = z.output<typeof articleReference>;

async function requireArticle(ctx: PollCliContext, handle: Db, ref: ArticleReference): Promise<Article> {
  let id: number | undefined;
  if ('id' in ref) id = ref.id;
  else {
    const expert = await getExpertBySlug(handle, ref.expert);
    id = expert && (await findArticleId(handle, expert.id, ref.slug));
  }
  const article = id === undefined ? undefined : await getArticleById(handle, id);
  if (!article) throw ctx.usageError(`no article ${'id' in ref ? `with id ${ref.id}` : `at /blogs/${ref.expert}/${ref.slug}`}`);
  return article;
}

/** `attach` and `detach`: the poll an article shows in place of the current poll, as PATCH /api/v1/articles/:id {poll} sets it. */
const attach: Subcommand = {
  synopsis: 'rostrum poll attach ID --article ARTICLE_ID|EXPERT/SLUG',
  async run(invocation) {
    const { ctx } = invocation;
    const { article: ref } = ctx.parseOptions(pollArticleOptions, invocation.values);
    const id = pollIdArgument(invocation, this.synopsis);
    await ctx.withDatabase(async (handle) => {
      const poll = await requirePoll(ctx, handle, id);
      const article = await requireArticle(ctx, handle, ref);
      // The article changes: through the articles' save, with a revision, as the API's {poll} does.
      await setArticlePoll(commandLineContext(handle), actorFor('attach'), { articleId: article.id, pollId: poll.id }).catch(refusedAs(ctx));
      console.log(`Poll ${poll.id} is attached to article ${article.id}, ${quoted(printable(article.title))}.`);
      const state = notOpenState(poll);
      if (state && effectiveStatus(poll) !== 'closed') warn(`${state}, so the article shows the current poll until it opens`);
    });
  },
};

const detach: Subcommand = {
  synopsis: 'rostrum poll detach --article ARTICLE_ID|EXPERT/SLUG',
  async run(invocation) {
    const { ctx } = invocation;
    const { article: ref } = ctx.parseOptions(pollArticleOptions, invocation.values);
    noArguments(invocation, this.synopsis);
    await ctx.withDatabase(async (handle) => {
      const article = await requireArticle(ctx, handle, ref);
      await setArticlePoll(commandLineContext(handle), actorFor('detach'), { articleId: article.id, pollId: null }).catch(refusedAs(ctx));
      console.log(`Article ${article.id} has no poll of its own now; it shows the current poll.`);
    });
  },
};

const subcommands: Record<string, Subcommand> = {
  create,
  list,
  open: statusCommand('open', 'open'),
  close: statusCommand('closed', 'close'),
  current,
  delete: remove,
  results,
  update,
  attach,
  detach,
};

/** `rostrum poll <subcommand> ...`: argv is what follows "poll". */
export async function pollCommand(argv: string[], ctx: PollCliContext): Promise<void> {
  const [name, ...rest] = argv;
  const subcommand = name !== undefined && Object.hasOwn(subcommands, name) ? subcommands[name]! : undefined;
  if (!subcommand) throw ctx.usageError(`Usage: ${ctx.usage}`);
  const { values, positionals } = parseArgs({ args: rest, options: argumentSpec, strict: true, allowPositionals: true });
  await subcommand.run({ ctx, values, positionals });
}
