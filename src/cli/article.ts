import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Db } from '../schema.ts';
import { commandLineActor } from '../core/actor.ts';
import { invalid, Refusal } from '../core/refusals.ts';
import { slugField, trimmed } from '../http/schemas.ts';
import { getExpertBySlug } from '../experts/store.ts';
import { editionLanguageCodes, type EditionLanguage } from '../views/i18n/languages.ts';
import { importDocx, maxDocxBytes } from '../importers/word/import-docx.ts';
import { commandLineContext } from './context.ts';

/** What `rostrum article` needs from the CLI around it (src/main.ts), so that its errors and options behave like every other command's. */
export interface ArticleCliContext {
  publicUrl: string;
  usage: string;
  withDatabase(work: (handle: Db) => Promise<void>): Promise<void>;
  parseOptions<T extends z.ZodTypeAny>(schema: T, values: Record<string, unknown>): z.output<T>;
  /** Bad input: shown as is, exit code 2. */
  usageError(message: string): Error;
}

const blank = { blankAsMissing: true };
const importOptions = z
  .object({
    expert: trimmed(slugField, blank),
    language: trimmed(z.enum(editionLanguageCodes as [EditionLanguage, ...EditionLanguage[]]).optional(), blank),
  })
  .strict();

/**
 * `rostrum article import-docx FILE --expert SLUG [--language L]`: a Word document made a draft on the expert's
 * blog, by the same command as the office and the API. Prints the draft's editor address, then what was not
 * carried over, one line each. A refused file is a usage error (exit code 2) that says why.
 */
export async function articleCommand(argv: string[], ctx: ArticleCliContext): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'import-docx') throw ctx.usageError(`Usage: ${ctx.usage}`);
  const { values, positionals } = parseArgs({ args: rest, options: { expert: { type: 'string' }, language: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw ctx.usageError(`Usage: ${ctx.usage}`);
  const file = positionals[0]!;
  const options = ctx.parseOptions(importOptions, values);
  const bytes = await readDocument(file, ctx);
  await ctx.withDatabase(async (handle) => {
    const expert = await getExpertBySlug(handle, options.expert);
    if (!expert) throw invalid(`there is no expert with the slug ${options.expert}`, 'expert');
    const actor = commandLineActor('article import-docx');
    const fileName = path.basename(file);
    const { article, notCarried } = await importDocx(commandLineContext(handle), actor, { file: bytes, expertId: expert.id, fileName, language: options.language }).catch((err: unknown) => {
      // The file is the command's argument, not an option: its refusal names it.
      if (err instanceof Refusal && err.field === 'file') throw ctx.usageError(`${file} ${err.reason}`);
      throw err;
    });
    console.log(`Created draft "${article.title}" (article ${article.id}) on ${expert.name}'s blog.`);
    if (notCarried.length > 0) {
      console.log('Not carried over:');
      for (const note of notCarried) console.log(`- ${note}`);
    }
    console.log(`${ctx.publicUrl}/admin/articles/${article.id}`);
  });
}

async function readDocument(file: string, ctx: ArticleCliContext): Promise<Buffer> {
  const info = await stat(file).catch(() => undefined);
  if (!info) throw ctx.usageError(`${file}: there is no such file`);
  if (!info.isFile()) throw ctx.usageError(`${file} is not a file`);
  if (info.size > maxDocxBytes) throw ctx.usageError(`${file} is larger than ${maxDocxBytes / 1024 / 1024} MB`);
  return readFile(file);
}
