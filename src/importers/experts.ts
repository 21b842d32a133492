import { withTransaction } from '../db/transaction.ts';
import { createExpert } from '../experts/commands.ts';
import { getExpertById, getExpertBySlug } from '../experts/store.ts';
import { expertPath } from '../experts/present.ts';
import { isSlug, slugCore } from '../db/slug.ts';
import { recordMove } from '../redirects/store.ts';
import { fingerprintOf, recordImportSource } from './sources.ts';
import type { ImportRun } from './context.ts';
import type { imageImporter, SourceImage } from './media.ts';

/** An author of the old site, as its export names them. */
export interface SourceAuthor {
  /** Their login or slug on the old site: what items name them by. */
  login: string;
  name: string;
  bio?: string;
  /** Their picture on the old site, brought over as the expert's portrait. */
  portrait?: SourceImage;
  /** Where their archive was on the old site (`/author/login/`): it leads to their blog here. */
  oldAddresses: string[];
}

/**
 * Finds the expert who writes an author's items here, once per author per run: the one `--expert-for`
 * names, the one an earlier run made, or a new expert with the author's name (their login as the slug
 * when it is free). A dry run makes nobody and answers 0.
 */
export function expertFinder(run: ImportRun, authors: Map<string, SourceAuthor>, chosen: Map<string, number>, images?: ReturnType<typeof imageImporter>) {
  const found = new Map<string, Promise<number>>();
  return (login: string): Promise<number> => {
    let id = found.get(login);
    if (!id) found.set(login, (id = expertFor(run, authors.get(login) ?? { login, name: login, oldAddresses: [] }, chosen.get(login), images)));
    return id;
  };
}

async function expertFor(run: ImportRun, author: SourceAuthor, chosenId: number | undefined, images?: ReturnType<typeof imageImporter>): Promise<number> {
  const key = `author ${author.login}`;
  const label = `author ${author.login} “${author.name}”`;
  if (chosenId !== undefined) {
    run.report.record('author', 'unchanged', label);
    await keepAuthorAddresses(run, chosenId, author);
    return chosenId;
  }
  const earlier = run.known.get(key);
  if (earlier && (await getExpertById(run.ctx.handle, earlier.targetId))) {
    run.report.record('author', 'unchanged', label);
    // Made again if a run was stopped between the expert and its redirects (each is kept once).
    await keepAuthorAddresses(run, earlier.targetId, author);
    return earlier.targetId;
  }
  if (run.dryRun) {
    run.report.record('author', 'imported', label);
    return 0;
  }
  const portrait = author.portrait && images ? await images(author.portrait, 'image') : undefined;
  const loginSlug = slugCore(author.login);
  const slug = isSlug(loginSlug) && !(await getExpertBySlug(run.ctx.handle, loginSlug)) ? loginSlug : undefined;
  const expert = await withTransaction(run.ctx.handle, async (tx) => {
    const made = await createExpert({ ...run.ctx, handle: tx }, run.actor, {
      name: author.name.slice(0, 200) || author.login,
      ...(slug && { slug }),
      ...(author.bio && { bio: author.bio.slice(0, 5000) }),
      ...(portrait?.media && { photo: portrait.media.id }),
    });
    await recordImportSource(tx, { source: run.source, itemKey: key, kind: 'expert', targetId: made.id, fingerprint: fingerprintOf(author) });
    return made;
  });
  run.report.record('author', 'imported', label, portrait?.problem ? [`portrait: ${portrait.problem}`] : []);
  await keepAuthorAddresses(run, expert.id, author);
  return expert.id;
}

async function keepAuthorAddresses(run: ImportRun, expertId: number, author: SourceAuthor): Promise<void> {
  if (run.dryRun) return;
  const expert = await getExpertById(run.ctx.handle, expertId);
  if (!expert) return;
  await withTransaction(run.ctx.handle, async (tx) => {
    for (const address of author.oldAddresses) if (await recordMove(tx, address, expertPath(expert.slug), { origin: 'import' })) run.report.redirects++;
  });
}
