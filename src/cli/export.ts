import type { Writable } from 'node:stream';
import type { Db } from '../schema.ts';
import { getSiteSettings } from '../site/store.ts';
import { listAllExperts } from '../experts/store.ts';
import { parseProfileLinks } from '../experts/links.ts';
import { countMedia, listMediaAfter, readOriginal } from '../media/store.ts';
import { listTags } from '../tags/store.ts';
import { countArticles, listArticlesAfter, tagIdsByArticle } from '../articles/store.ts';
import { listAllPortalsForExport } from '../portals/store.ts';

export interface ExportProgress {
  tick(): void;
  stop(): void;
}

/** Rows read per query: enough to keep round trips few, few enough that memory stays flat however large the site. */
const batchSize = 20;

/** How many steps an export takes: one per image and one per article. */
export async function exportSize(handle: Db): Promise<number> {
  return (await countMedia(handle)) + (await countArticles(handle));
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

/**
 * The whole site as one JSON document, images included as base64, written piece by piece: media and
 * articles are read in id-ordered batches and each write waits for `write` (and so for the stream's
 * backpressure), so memory stays flat.
 */
export async function exportSite(handle: Db, write: (chunk: string) => Promise<void> | void, startProgress: (steps: number) => ExportProgress): Promise<void> {
  await inSnapshot(handle, async (snapshot) => {
    const progress = startProgress(await exportSize(snapshot));
    const settings = await getSiteSettings(snapshot);
    const experts = await listAllExperts(snapshot);
    const tags = await listTags(snapshot);
    const tagSlug = new Map(tags.map((t) => [t.id, t.slug]));
    const expertSlug = new Map(experts.map((e) => [e.id, e.slug]));
    await write(`{"format":"rostrum-export","version":1,"exported_at":${JSON.stringify(new Date().toISOString())}`);
    await write(`,"settings":${JSON.stringify({ name: settings.name, tagline: settings.tagline, description: settings.description, brand_color: settings.brandColor })}`);
    await write(`,"tags":${JSON.stringify(tags.map(({ slug, name, kind }) => ({ slug, name, kind })))}`);
    await write(
      `,"experts":${JSON.stringify(experts.map((e) => ({ slug: e.slug, name: e.name, position: e.position, affiliation: e.affiliation, bio: e.bio, photo: e.photoMediaId, same_as: parseProfileLinks(e.sameAs) })))}`,
    );

    await write(',"media":[');
    let first = true;
    for (let batch = await listMediaAfter(snapshot, 0, batchSize); batch.length; batch = await listMediaAfter(snapshot, batch[batch.length - 1]!.id, batchSize)) {
      for (const m of batch) {
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
        await write(`${first ? '' : ','}${fields.slice(0, -1)},"original_base64":"`);
        await write(original ? Buffer.from(original).toString('base64') : '');
        await write('"}');
        first = false;
        progress.tick();
      }
    }

    await write('],"articles":[');
    first = true;
    for (let batch = await listArticlesAfter(snapshot, 0, batchSize); batch.length; batch = await listArticlesAfter(snapshot, batch[batch.length - 1]!.id, batchSize)) {
      const tagIds = await tagIdsByArticle(
        snapshot,
        batch.map((a) => a.id),
      );
      for (const a of batch) {
        await write(
          (first ? '' : ',') +
            JSON.stringify({
              id: a.id,
              expert: expertSlug.get(a.expertId),
              slug: a.slug,
              title: a.title,
              lead: a.lead,
              body: a.bodyMarkdown,
              image: a.heroMediaId,
              status: a.status,
              language: a.language,
              featured: a.featured === 1,
              published_at: a.publishedAt,
              created_at: a.createdAt,
              updated_at: a.updatedAt,
              tags: (tagIds.get(a.id) ?? []).map((id) => tagSlug.get(id)),
            }),
        );
        first = false;
        progress.tick();
      }
    }

    const portals = await listAllPortalsForExport(snapshot);
    await write(`],"portals":${JSON.stringify(portals.map((p) => ({ slug: p.slug, title: p.title, intro: p.introMarkdown, articles: p.articleIds })))}}\n`);
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
