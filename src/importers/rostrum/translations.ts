/**
 * Articles' versions in other languages, linked once every article of the export is in: an article names
 * the first version of its group (`translation_of`), which may come later in the file than it does (a
 * group is named by the article it started from, whatever its id), so links wait for the last article.
 * Each link is made through the article command's `translationOf`, so the group here is the group there:
 * every version joined to the same original, which names the group. A link already as the export has it
 * is left alone, so a second run changes nothing.
 */
import { withTransaction } from '../../db/transaction.ts';
import { isRefusal } from '../../core/refusals.ts';
import { changeArticle } from '../../articles/commands.ts';
import { getArticleById, restoreArticleTimesFromExport, type Article } from '../../articles/store.ts';
import type { ImportRun } from '../context.ts';
import type { ExportedArticle } from './format.ts';

const reportKind = 'translation link';

export class TranslationLinks {
  /** Old id → the old id of the first version of its group. */
  private readonly links = new Map<number, number>();
  /**
   * Old ids of articles an earlier run brought in that the export puts in no group, or at the head of one:
   * an earlier run may have linked them as translations, which the old site has undone since.
   */
  private readonly heads: number[] = [];

  constructor(private readonly run: ImportRun) {}

  /** An article read from the export; one of an export made before editions says nothing, and is left as it is. */
  note(article: ExportedArticle): void {
    if (article.translation_of === undefined) return;
    if (article.translation_of !== null) this.links.set(article.id, article.translation_of);
    else if (this.run.known.has(`article ${article.id}`)) this.heads.push(article.id);
  }

  /**
   * Once every article is in (`here`: each old id's article here, 0 for one a dry run would make). Those
   * leaving a group go first, so that an original an earlier run linked as a translation heads its group
   * again before its versions join it. `stopIfAsked` is heard between articles, as everywhere.
   */
  async link(here: Map<number, number>, stopIfAsked: () => void): Promise<void> {
    const imported = new Set(here.values());
    for (const id of this.heads) {
      stopIfAsked();
      await this.leaveIfLinkedByImport(id, here.get(id), imported);
    }
    for (const [id, of] of this.links) {
      stopIfAsked();
      await this.join(id, of, here.get(id), here.get(of));
    }
  }

  /**
   * An article the export has in no group, or at the head of one, that is a translation here of another
   * article this import made: it leaves that group, as it left it on the old site. A link this site made
   * itself (to an article of its own) is its own, and stays.
   */
  private async leaveIfLinkedByImport(oldId: number, hereId: number | undefined, imported: Set<number>): Promise<void> {
    if (!hereId) return;
    const article = await getArticleById(this.run.ctx.handle, hereId);
    if (!article || article.translationGroup === null || article.translationGroup === article.id || !imported.has(article.translationGroup)) return;
    const label = `article ${oldId} leaves its group of translations`;
    await this.save(label, 'updated', article, null);
  }

  /** A translation joins its original's group, unless it is there already. */
  private async join(oldId: number, oldOriginal: number, hereId: number | undefined, hereOriginal: number | undefined): Promise<void> {
    const { run } = this;
    const label = `article ${oldId} as a version of article ${oldOriginal}`;
    if (hereId === undefined) return; // skipped, and reported so, with its article
    if (hereOriginal === undefined) return run.report.record(reportKind, 'skipped', label, [`article ${oldOriginal}, which it translates, was not brought over`], 'its original was not brought over');
    if (run.dryRun && (hereId === 0 || hereOriginal === 0)) return run.report.record(reportKind, 'imported', label);
    const [article, original] = await Promise.all([getArticleById(run.ctx.handle, hereId), getArticleById(run.ctx.handle, hereOriginal)]);
    if (!article || !original) return run.report.record(reportKind, 'skipped', label, [], 'deleted here since an earlier import');
    if (article.translationGroup !== null && article.translationGroup === original.translationGroup) return run.report.record(reportKind, 'unchanged', label);
    await this.save(label, article.translationGroup === null ? 'imported' : 'updated', article, original.id);
  }

  /**
   * The link through the article command (its rules, a revision, the audit log), in one transaction with the
   * article's times as they were: a link changes no text, and pages show when the text last changed.
   */
  private async save(label: string, outcome: 'imported' | 'updated', article: Article, translationOf: number | null): Promise<void> {
    const { run } = this;
    if (run.dryRun) return run.report.record(reportKind, outcome, label);
    try {
      await withTransaction(run.ctx.handle, async (tx) => {
        await changeArticle({ ...run.ctx, handle: tx }, run.actor, article, { changes: { translationOf } });
        await restoreArticleTimesFromExport(tx, article.id, { createdAt: article.createdAt, updatedAt: article.updatedAt });
      });
    } catch (err) {
      // A rule of this site's stands in the way (its own version in that language is in the group already).
      if (!isRefusal(err)) throw err;
      return run.report.record(reportKind, 'skipped', label, [`refused: ${err.message}`], 'refused by this site’s rules');
    }
    run.report.record(reportKind, outcome, label);
  }
}
