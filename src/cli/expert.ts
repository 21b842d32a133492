import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Db } from '../schema.ts';
import { commandLineActor } from '../core/actor.ts';
import { conflict, Refusal } from '../core/refusals.ts';
import { commandLineContext } from './context.ts';
import { requiredText, slugField, textField, trimmed } from '../http/schemas.ts';
import { createExpert } from '../experts/commands.ts';
import { expertPath } from '../experts/present.ts';

/** What `rostrum expert` needs from the CLI around it (src/main.ts), so that its errors and options behave like every other command's. */
export interface ExpertCliContext {
  publicUrl: string;
  /** A usage line for `rostrum expert` as a whole. */
  usage: string;
  withDatabase(work: (handle: Db) => Promise<void>): Promise<void>;
  /** Reads options through a zod schema; the first problem becomes a usage error naming the option. */
  parseOptions<T extends z.ZodTypeAny>(schema: T, values: Record<string, unknown>): z.output<T>;
  /** Bad input: shown as is, exit code 2. */
  usageError(message: string): Error;
}

// Text is trimmed, and an option given as empty text counts as not given. The rules are those of
// POST /api/v1/experts, which the command applies again; here they name the option at fault.
const blank = { blankAsMissing: true };
const expertCreateOptions = z
  .object({
    name: trimmed(requiredText(200), blank),
    slug: trimmed(slugField.optional(), blank),
    title: trimmed(textField(300).optional(), blank),
    affiliation: trimmed(textField(300).optional(), blank),
    bio: trimmed(textField(5000).optional(), blank),
  })
  .strict();

const optionSpec = { name: { type: 'string' }, slug: { type: 'string' }, title: { type: 'string' }, affiliation: { type: 'string' }, bio: { type: 'string' } } as const;

/**
 * Reads `--option value` pairs. An option another command takes (`--email`) is read too, so that the
 * message says it does not apply here rather than that it is unknown.
 */
function readOptions(args: string[], ctx: ExpertCliContext): Record<string, unknown> {
  const { tokens } = parseArgs({ args, options: optionSpec, strict: false, tokens: true, allowPositionals: true });
  const values: Record<string, unknown> = {};
  for (const token of tokens) {
    if (token.kind === 'positional') throw ctx.usageError(`Usage: ${ctx.usage}`);
    if (token.kind !== 'option') continue;
    if (!Object.hasOwn(optionSpec, token.name)) throw ctx.usageError(`--${token.name} does not apply to this command`);
    if (token.value === undefined) throw ctx.usageError(`Option '--${token.name} <value>' argument missing`);
    values[token.name] = token.value;
  }
  return values;
}

/** `rostrum expert create`: a new expert and their blog, through the same command as the API and the office. */
export async function expertCommand(argv: string[], ctx: ExpertCliContext): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'create') throw ctx.usageError(`Usage: ${ctx.usage}`);
  const input = ctx.parseOptions(expertCreateOptions, readOptions(rest, ctx));
  await ctx.withDatabase(async (handle) => {
    // Running servers show the new blog in their listings at once.
    const expert = await createExpert(commandLineContext(handle), commandLineActor('expert create'), input).catch((err: unknown) => {
      const slugTaken = err instanceof Refusal && err.kind === 'conflict' && err.field === 'slug';
      throw slugTaken ? conflict(`an expert with the slug ${input.slug} exists already`, 'slug') : err;
    });
    console.log(`Created expert ${expert.name}: ${ctx.publicUrl}${expertPath(expert.slug)}`);
  });
}
