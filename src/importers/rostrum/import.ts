/**
 * `rostrum import rostrum FILE.json`: an export of a Rostrum site (`rostrum export`, format version 1 or
 * 2) read into this one, empty or not. Two passes over the file: the first checks every item and writes
 * nothing (a file refused is refused whole); the second saves each item in its own transaction, through
 * the commands of its capability, recording where it came from in import_sources, so that running the
 * import again duplicates nothing and brings over what changed. The merge rules are in the README.
 */
import type { Readable } from 'node:stream';
import type { Actor } from '../../core/actor.ts';
import type { CommandContext } from '../../audit/command.ts';
import { findArticleId } from '../../articles/store.ts';
import { ImportInterrupted, ImportReport } from '../report.ts';
import { saveSourceArticle } from '../articles.ts';
import { saveSourcePage } from '../pages.ts';
import { importEmbeddedImage } from '../embedded-images.ts';
import { startImportRun, type ImportRun } from '../context.ts';
import { exportSections, shortName, type ExportedArticle, type ExportedBallot, type ExportedMedia, type ExportedRedirect, type ExportSection } from './format.ts';
import { checkExport, ExportChecker, isStreamed, sameExport, sourceOf, walkExport } from './reader.ts';
import { importExpert, importPortal, importRedirect, importSettings, importTag, importTerm } from './items.ts';
import { PollImporter } from './polls.ts';
import { TranslationLinks } from './translations.ts';

export interface RostrumImportOptions {
  /** Opens the export afresh: it is read twice, and never held whole. */
  open: () => Readable;
  dryRun: boolean;
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
}

/** What the second pass knows of the items saved so far: each old id's counterpart here. */
class Counterparts {
  readonly tags = new Map<string, number>();
  readonly media = new Map<number, number>();
  /** Images whose hash here differs from the old site's (see mediaAddressesIn). */
  readonly hashes = new Map<string, string>();
  readonly experts = new Map<string, number>();
  readonly articles = new Map<number, number>();
}

/**
 * Markdown with the old site's image addresses made this site's. They are the same wherever the image was
 * stored as uploaded, since an image's address is the hash of its bytes; an original that held more than
 * its picture (EXIF, a thumbnail) was stored cleaned, and the clean bytes hash differently here.
 */
function mediaAddressesIn(markdown: string, hashes: Map<string, string>): string {
  if (hashes.size === 0) return markdown;
  return markdown.replace(/\/media\/([0-9a-f]{64})\//g, (whole, hash: string) => (hashes.has(hash) ? `/media/${hashes.get(hash)}/` : whole));
}

export async function importRostrum(ctx: CommandContext, actor: Actor, options: RostrumImportOptions): Promise<ImportReport> {
  const report = new ImportReport(options.dryRun);
  const checked = await checkExport(options.open, options.signal).catch((err: unknown) => {
    // Stopped while checking: nothing was written, and the message says to run it again.
    throw options.signal?.aborted ? new ImportInterrupted(report) : err;
  });
  const source = sourceOf(checked);
  const run = await startImportRun(ctx, actor, { source, report });
  const total = Object.values(checked.counts).reduce((a, b) => a + b, 1);
  let done = 0;
  const tick = () => options.onProgress?.(++done, total);
  // Ctrl+C is heard between items, in the lists kept from the first pass as in those read again.
  const stopIfAsked = () => {
    if (options.signal?.aborted) throw new ImportInterrupted(report);
  };
  const here = new Counterparts();
  const bodyOf = (markdown: string) => mediaAddressesIn(markdown, here.hashes);
  const polls = new PollImporter(run, checked.ballotsIncluded, checked.polls);
  const translations = new TranslationLinks(run);

  // Settings first: the languages they bring (or the site keeps) are those the other items' texts may be in.
  const languages = await importSettings(run, checked.settings);
  tick();

  /** The lists kept from the first pass, each saved when its turn comes. */
  const keptSteps: Partial<Record<ExportSection, () => Promise<void>>> = {
    tags: async () => {
      for (const tag of checked.tags) {
        stopIfAsked();
        const id = await importTag(run, tag, languages);
        if (id !== undefined) here.tags.set(tag.slug, id);
        tick();
      }
    },
    experts: async () => {
      for (const expert of checked.experts) {
        stopIfAsked();
        const photo = expert.photo === null ? null : (here.media.get(expert.photo) ?? null);
        const id = await importExpert(run, expert, photo || null, languages);
        if (id !== undefined) here.experts.set(expert.slug, id);
        tick();
      }
    },
    polls: async () => {
      for (const poll of checked.polls) {
        stopIfAsked();
        await polls.importPoll(poll);
        tick();
      }
    },
    glossary: async () => {
      for (const term of checked.glossary) {
        stopIfAsked();
        await importTerm(run, term, bodyOf, languages);
        tick();
      }
    },
    pages: async () => {
      for (const page of checked.pages) {
        stopIfAsked();
        const label = `page /${page.path} “${page.title}”`;
        const times = { createdAt: page.created_at, updatedAt: page.updated_at, publishedAt: page.published_at };
        const item = { key: `page ${page.id}`, label, title: page.title, path: page.path, bodyMarkdown: bodyOf(page.body), status: page.status, menu: page.menu, menuOrder: page.menu_order };
        await saveSourcePage(run, { ...item, oldAddresses: [], times }, []);
        tick();
      }
    },
    portals: async () => {
      for (const portal of checked.portals) {
        stopIfAsked();
        const ids = portal.articles.map((id) => here.articles.get(id)).filter((id): id is number => id !== undefined && id > 0);
        await importPortal(run, portal, ids, bodyOf, languages);
        tick();
      }
    },
  };
  /** What the lists read as a stream leave to do once their last item is in. */
  const finishers: Partial<Record<ExportSection, () => Promise<void>>> = { ballots: () => polls.finish(), articles: () => translations.link(here.articles, stopIfAsked) };

  // Lists are saved in the order of version 2's (each names only what comes before it): the kept ones when
  // the stream reaches the first list that comes after them.
  let next = 0;
  const saveListsBefore = async (end: number) => {
    for (; next < end; next++) {
      const section = exportSections[next]!;
      await (isStreamed(section) ? finishers[section] : keptSteps[section])?.();
    }
  };

  const streamedSteps = {
    media: async (m: ExportedMedia) => {
      const imported = await importEmbeddedImage(run, {
        key: `media ${m.id}`,
        label: `image ${m.id}`,
        hash: m.hash,
        bytes: Buffer.from(m.original_base64, 'base64'),
        alt: m.alt,
        credit: m.credit,
        creditUrl: m.credit_url,
      });
      if (imported.media) {
        here.media.set(m.id, imported.media.id);
        if (imported.media.hash !== m.hash) here.hashes.set(m.hash, imported.media.hash);
      } else if (run.dryRun && !imported.problem) here.media.set(m.id, 0);
    },
    ballots: (b: ExportedBallot) => polls.addBallot(b),
    articles: async (a: ExportedArticle) => {
      translations.note(a);
      await importArticle(run, a, here, polls, bodyOf);
    },
    redirects: async (r: ExportedRedirect) => void (await importRedirect(run, r)),
  };

  // The second read is checked as the first was, item by item (the file may have changed in between):
  // what is saved has passed the same rules, references included, and a file that differs is refused.
  const again = new ExportChecker();
  let streaming: ExportSection | undefined;
  const seen = await walkExport(
    options.open,
    async (event) => {
      const item = again.visit(event);
      if ('top' in event || !isStreamed(event.section)) return;
      stopIfAsked();
      if (event.section !== streaming) {
        await saveListsBefore(exportSections.indexOf(event.section));
        streaming = event.section;
      }
      await (streamedSteps[event.section] as (item: unknown) => Promise<void>)(item);
      tick();
    },
    options.signal,
  );
  stopIfAsked();
  sameExport(checked, again.finish(seen));
  await saveListsBefore(exportSections.length);
  if (!options.dryRun) await ctx.contentChanged();
  return report;
}

/** An article, through the same save as every import's: its expert, tags, image and poll as they are here. */
async function importArticle(run: ImportRun, a: ExportedArticle, here: Counterparts, polls: PollImporter, bodyOf: (markdown: string) => string): Promise<void> {
  const label = `article ${a.id} “${shortName(a.title)}”`;
  const expertId = here.experts.get(a.expert);
  if (expertId === undefined) return run.report.record('post', 'skipped', label, [], 'its expert was not imported');
  const warnings: string[] = [];
  const earlier = run.known.get(`article ${a.id}`);
  if (!run.dryRun && expertId > 0) {
    const holder = await findArticleId(run.ctx.handle, expertId, a.slug);
    if (holder !== undefined && holder !== earlier?.targetId) warnings.push(`another article on this blog has the slug ${a.slug}; this one takes another`);
  }
  const coauthorIds = (a.experts ?? []).slice(1).flatMap((slug) => {
    const id = here.experts.get(slug);
    if (id === undefined) warnings.push(`its co-author ${slug} was not imported`);
    return id !== undefined && id > 0 ? [id] : [];
  });
  const hero = a.image === null ? null : here.media.get(a.image);
  if (hero === undefined) warnings.push(`its image ${a.image} was not brought over`);
  const heroMediaId = hero || null;
  const saved = await saveSourceArticle(
    run,
    {
      key: `article ${a.id}`,
      label,
      expertId,
      coauthorIds,
      title: a.title,
      lead: a.lead,
      bodyMarkdown: bodyOf(a.body),
      slug: a.slug,
      heroMediaId,
      tagLabels: [],
      tagIds: a.tags.map((slug) => here.tags.get(slug)).filter((id): id is number => id !== undefined && id > 0),
      status: a.status,
      publishedAt: a.published_at,
      featured: a.featured,
      language: a.language,
      oldAddresses: [],
      pollId: a.poll === undefined ? undefined : a.poll === null ? null : (polls.ids.get(a.poll) ?? null),
      times: { createdAt: a.created_at, updatedAt: a.updated_at },
    },
    warnings,
  );
  // A dry run makes nothing: what names the article (a portal, a translation) is counted as if it had been made.
  if (saved.targetId !== undefined || run.dryRun) here.articles.set(a.id, saved.targetId ?? 0);
}
