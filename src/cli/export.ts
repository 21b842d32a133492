import type { Writable } from 'node:stream';
import type { Db } from '../schema.ts';
import { databaseIdentity } from '../db/identity.ts';
import { getSiteSettings } from '../site/store.ts';
import { getExpertTranslationsByIds, listAllExperts } from '../experts/store.ts';
import { coauthorIdsByArticle } from '../articles/authors.ts';
import { parseProfileLinks } from '../experts/links.ts';
import { countMedia, listMediaAfter, readOriginal } from '../media/store.ts';
import { getTagDescriptionsByIds, getTagTranslationsByIds, listTags, type Tag } from '../tags/store.ts';
import { listBallotsForExport, listPollsForExport } from '../polls/store.ts';
import { listGlossaryTerms } from '../glossary/store.ts';
import { countArticles, listArticlesAfter, tagIdsByArticle } from '../articles/store.ts';
import { listStandalonePages } from '../standalone-pages/store.ts';
import { listAllPortalsForExport } from '../portals/store.ts';
import { countRedirects, listRedirectsForExport } from '../redirects/store.ts';
import { currentExportVersion, exportFormatName } from '../importers/rostrum/format.ts';

export interface ExportProgress {
  tick(): void;
  stop(): void;
}

export interface ExportOptions {
  /** The site's public address, written down so that a reader of the file knows where it came from. */
  publicUrl?: string;
  /** Each reader's ballot too (when it was cast and what it chose; never who cast it), not only the tallies. */
  withBallots?: boolean;
}

/** Rows read per query: enough to keep round trips few, few enough that memory stays flat however large the site. */
const batchSize = 20;
/** Ballots are small: more of them a query. */
const ballotBatchSize = 500;

/** How many steps an export takes: one per image, article and redirect. */
export async function exportSize(handle: Db): Promise<number> {
  return (await countMedia(handle)) + (await countArticles(handle)) + (await countRedirects(handle));
}

/**
 * Runs `work` on one consistent view of the database, so that an export taken while the site is in use
 * never holds an article whose image or expert it does not contain (PostgreSQL: a repeatable-read,
 * read-only transaction; SQLite: a read transaction, which in WAL mode sees one snapshot and blocks no writer).
 */
async function inSnapshot<T>(handle: Db, work: (snapshot: Db) => Promise<T>): Promise<T> {
  const transaction = handle.dialect === 'postgres' ? handle.db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only') : handle.db.transaction();
  return transaction.execute((trx) => work({ ...handle, db: trx }));
}

const byId = <T extends { id: number }>(rows: T[]) => [...rows].sort((a, b) => a.id - b.id);

/** Texts by language as the export writes them, each language's in the API's names. */
/** A tag as the export carries it: a description only where it has one (exports from before descriptions read the same). */
function tagJson(tag: Tag, names: Record<string, string> = {}, descriptions: Record<string, string> = {}) {
  const languages = [...new Set([...Object.keys(names), ...Object.keys(descriptions)])].sort();
  const translations = Object.fromEntries(
    languages.map((language) => [language, { ...(names[language] !== undefined && { name: names[language] }), ...(descriptions[language] !== undefined && { description: descriptions[language] }) }]),
  );
  return { id: tag.id, slug: tag.slug, name: tag.name, kind: tag.kind, ...(tag.description && { description: tag.description }), translations };
}

const byLanguage = <T, U>(translations: Record<string, T> | undefined, texts: (t: T) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(translations ?? {}).map(([language, t]) => [language, texts(t)]));

/**
 * The article an article is a version of: the first of its group, which names the group (null for an
 * article in no group, and for the first itself). It may come later in the list: the import links
 * versions once every article is in.
 */
const translationOf = (a: { id: number; translationGroup: number | null }) => (a.translationGroup !== null && a.translationGroup !== a.id ? a.translationGroup : null);

/** Writes `"name":[…]`, one item at a time, each as `write` takes it (and so at the stream's pace). */
async function writeList<T>(write: (chunk: string) => Promise<void> | void, name: string, batches: AsyncIterable<T[]>, item: (row: T) => Promise<void> | void): Promise<void> {
  await write(`,${JSON.stringify(name)}:[`);
  let first = true;
  for await (const batch of batches) {
    for (const row of batch) {
      if (!first) await write(',');
      await item(row);
      first = false;
    }
  }
  await write(']');
}

/** Pages of rows read by keyset: each batch asked for once the previous one is written. */
async function* inBatches<T, K>(read: (after: K) => Promise<T[]>, start: K, keyOf: (row: T) => K): AsyncIterable<T[]> {
  for (let batch = await read(start); batch.length; batch = await read(keyOf(batch[batch.length - 1]!))) yield batch;
}

async function* once<T>(rows: T[]): AsyncIterable<T[]> {
  yield rows;
}

/**
 * The whole site as one JSON document (format version 2, described by docs/export.schema.json, with its
 * language editions: each item's language and texts in other languages, and articles' translations), images
 * included as base64, written piece by piece: images, articles, ballots and redirects are read in batches
 * and each write waits for `write` (and so for the stream's backpressure), so memory stays flat. The lists
 * come in an order in which each names only what came before it, so that the import can read the file
 * as a stream; only an article's `translation_of` may name a later article (see translationOf), and the
 * import links translations once it has them all. Signing secrets, accounts, sessions and the audit log
 * are never in it.
 */
export async function exportSite(handle: Db, write: (chunk: string) => Promise<void> | void, startProgress: (steps: number) => ExportProgress, options: ExportOptions = {}): Promise<void> {
  await inSnapshot(handle, async (snapshot) => {
    const polls = await listPollsForExport(snapshot);
    const progress = startProgress((await exportSize(snapshot)) + polls.length);
    const settings = await getSiteSettings(snapshot);
    const experts = byId(await listAllExperts(snapshot));
    const tags = byId(await listTags(snapshot));
    const expertTranslations = await getExpertTranslationsByIds(
      snapshot,
      experts.map((e) => e.id),
    );
    const tagTranslations = await getTagTranslationsByIds(
      snapshot,
      tags.map((t) => t.id),
    );
    const tagDescriptions = await getTagDescriptionsByIds(
      snapshot,
      tags.map((t) => t.id),
    );
    const tagSlug = new Map(tags.map((t) => [t.id, t.slug]));
    const expertSlug = new Map(experts.map((e) => [e.id, e.slug]));
    const header = {
      format: exportFormatName,
      version: currentExportVersion,
      exported_at: new Date().toISOString(),
      site: { id: await databaseIdentity(snapshot), public_url: options.publicUrl ?? '' },
      ballots_included: options.withBallots ?? false,
      settings: {
        name: settings.name,
        tagline: settings.tagline,
        description: settings.description,
        brand_color: settings.brandColor,
        languages: settings.languages,
        translations: settings.translations,
        time_zone: settings.timeZone,
      },
    };
    await write(JSON.stringify(header).slice(0, -1));
    await write(`,"tags":${JSON.stringify(tags.map((tag) => tagJson(tag, tagTranslations.get(tag.id), tagDescriptions.get(tag.id))))}`);

    await writeList(
      write,
      'media',
      inBatches(
        (after: number) => listMediaAfter(snapshot, after, batchSize),
        0,
        (m) => m.id,
      ),
      async (m) => {
        const original = (await readOriginal(snapshot, m.hash))?.original;
        const fields = JSON.stringify({
          id: m.id,
          hash: m.hash,
          mime: m.mime,
          width: m.width,
          height: m.height,
          alt: m.alt,
          credit: m.credit,
          credit_url: m.creditUrl,
          variant_widths: m.variantWidths,
          created_at: m.createdAt,
        });
        // The base64 text needs no JSON escaping; writing it on its own saves a copy of the largest string.
        await write(`${fields.slice(0, -1)},"original_base64":"`);
        await write(original ? Buffer.from(original).toString('base64') : '');
        await write('"}');
        progress.tick();
      },
    );

    await write(
      `,"experts":${JSON.stringify(
        experts.map((e) => ({
          id: e.id,
          slug: e.slug,
          name: e.name,
          position: e.position,
          affiliation: e.affiliation,
          bio: e.bio,
          photo: e.photoMediaId,
          same_as: parseProfileLinks(e.sameAs),
          translations: byLanguage(expertTranslations.get(e.id), (t) => ({ name: t.name, title: t.position, affiliation: t.affiliation, bio: t.bio })),
          created_at: e.createdAt,
          updated_at: e.updatedAt,
        })),
      )}`,
    );

    await writeList(write, 'polls', once(polls), async (p) => {
      await write(
        JSON.stringify({
          id: p.id,
          question: p.question,
          max_choices: p.maxChoices,
          status: p.status,
          results_policy: p.resultsPolicy,
          opens_at: p.opensAt,
          closes_at: p.closesAt,
          current: p.isCurrent === 1,
          language: p.language,
          voters: p.voters,
          created_at: p.createdAt,
          updated_at: p.updatedAt,
          options: p.options.map((o) => ({ id: o.id, position: o.position, label: o.label, votes: o.votes })),
        }),
      );
      progress.tick();
    });

    const ballots = options.withBallots
      ? inBatches(
          (after: { pollId: number; id: number }) => listBallotsForExport(snapshot, after, ballotBatchSize),
          { pollId: 0, id: 0 },
          (b) => ({ pollId: b.pollId, id: b.id }),
        )
      : once([]);
    await writeList(write, 'ballots', ballots, (b) => write(JSON.stringify({ poll: b.pollId, cast_at: b.castAt, options: b.optionIds })));

    const terms = byId(await listGlossaryTerms(snapshot));
    await write(
      `,"glossary":${JSON.stringify(
        terms.map((g) => ({
          id: g.id,
          term: g.term,
          slug: g.slug,
          expansion: g.expansion,
          definition: g.definition,
          language: g.language,
          created_at: g.createdAt,
          updated_at: g.updatedAt,
        })),
      )}`,
    );

    await writeList(
      write,
      'articles',
      inBatches(
        async (after: number) => {
          const rows = await listArticlesAfter(snapshot, after, batchSize);
          const ids = rows.map((a) => a.id);
          const [tagIds, coauthors] = await Promise.all([tagIdsByArticle(snapshot, ids), coauthorIdsByArticle(snapshot, ids)]);
          return rows.map((a) => ({ ...a, tagIds: tagIds.get(a.id) ?? [], coauthorIds: coauthors.get(a.id) ?? [] }));
        },
        0,
        (a) => a.id,
      ),
      async (a) => {
        await write(
          JSON.stringify({
            id: a.id,
            expert: expertSlug.get(a.expertId),
            // Only a co-written article lists its authors: the others' lines stay as earlier versions wrote them.
            ...(a.coauthorIds.length > 0 && { experts: [a.expertId, ...a.coauthorIds].map((id) => expertSlug.get(id)) }),
            slug: a.slug,
            title: a.title,
            lead: a.lead,
            body: a.bodyMarkdown,
            image: a.heroMediaId,
            status: a.status,
            language: a.language,
            featured: a.featured === 1,
            poll: a.pollId,
            translation_of: translationOf(a),
            published_at: a.publishedAt,
            created_at: a.createdAt,
            updated_at: a.updatedAt,
            tags: a.tagIds.map((id) => tagSlug.get(id)),
          }),
        );
        progress.tick();
      },
    );

    const pages = byId(await listStandalonePages(snapshot));
    await write(
      `,"pages":${JSON.stringify(
        pages.map((p) => ({
          id: p.id,
          title: p.title,
          path: p.path,
          body: p.bodyMarkdown,
          status: p.status,
          menu: p.menu,
          menu_order: p.menuOrder,
          published_at: p.publishedAt,
          created_at: p.createdAt,
          updated_at: p.updatedAt,
        })),
      )}`,
    );

    const portals = await listAllPortalsForExport(snapshot);
    await write(
      `,"portals":${JSON.stringify(
        portals.map((p) => ({
          slug: p.slug,
          title: p.title,
          intro: p.introMarkdown,
          articles: p.articleIds,
          translations: byLanguage(p.translations, (t) => ({ title: t.title, intro: t.introMarkdown })),
        })),
      )}`,
    );

    await writeList(
      write,
      'redirects',
      inBatches(
        (after: number) => listRedirectsForExport(snapshot, after, ballotBatchSize),
        0,
        (r) => r.id,
      ),
      async (r) => {
        await write(
          JSON.stringify({
            id: r.id,
            from: r.fromPath,
            to: r.target,
            status: r.status,
            prefix: r.prefix === 1,
            origin: r.origin,
            note: r.note,
            created_at: r.createdAt,
            updated_at: r.updatedAt,
          }),
        );
        progress.tick();
      },
    );
    await write('}\n');
    progress.stop();
  });
}

/** The output stream failed: a bad path, a full disk, a reader that went away (EPIPE). */
export class OutputError extends Error {
  readonly code: string | undefined;
  constructor(cause: Error | undefined) {
    super(cause?.message ?? 'the output was closed', { cause });
    this.code = (cause as NodeJS.ErrnoException | undefined)?.code;
  }
  /** The reading end closed: what was written was all the reader wanted. */
  get readerGone(): boolean {
    return this.code === 'EPIPE' || this.code === undefined;
  }
}

/**
 * A write function for a stream that respects backpressure: when the stream's buffer is full it waits
 * for 'drain'. The stream's first error (EPIPE, ENOSPC, …) is kept, so that it fails this and every
 * later write as an OutputError, and so that no 'error' event goes unheard and crashes the process.
 */
export function streamWriter(stream: Writable): (chunk: string) => Promise<void> {
  let failure: Error | undefined;
  stream.on('error', (err) => {
    failure ??= err;
  });
  return async (chunk) => {
    if (failure || stream.destroyed) throw new OutputError(failure);
    if (stream.write(chunk)) return;
    await new Promise<void>((resolve, reject) => {
      const settle = (err?: Error) => {
        stream.off('drain', onDrain);
        stream.off('error', settle);
        stream.off('close', onClose);
        if (err) reject(new OutputError(err));
        else resolve();
      };
      const onDrain = () => settle();
      const onClose = () => settle(failure ?? new Error('the output was closed'));
      stream.on('drain', onDrain);
      stream.on('error', settle);
      stream.on('close', onClose);
    });
  };
}
