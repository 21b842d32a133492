/** A content converter's warning about an image the importer could not bring over: the importer says it better itself. */
export const isImageWarning = (warning: string) => /^(?:The )?image /.test(warning);

/** What happened to each item of an import, told at the end (and by a dry run, without writing anything). */
export type ItemOutcome = 'imported' | 'updated' | 'unchanged' | 'skipped';

export interface ItemNote {
  /** What the item is, in words: "post 1241 “Template: Sticky”". */
  item: string;
  warnings: string[];
}

interface KindCounts {
  imported: number;
  updated: number;
  unchanged: number;
  skipped: number;
  /** Why items were skipped, with how many for each reason. */
  reasons: Map<string, number>;
}

const emptyCounts = (): KindCounts => ({ imported: 0, updated: 0, unchanged: 0, skipped: 0, reasons: new Map() });

/** Counts per kind of item (post, page, attachment, author…) and every item that needs a person's eye. */
export class ImportReport {
  readonly kinds = new Map<string, KindCounts>();
  readonly notes: ItemNote[] = [];
  /** Counted and left alone on purpose (comments, menus, other post types). */
  readonly left = new Map<string, number>();
  redirects = 0;

  constructor(readonly dryRun: boolean) {}

  private countsOf(kind: string): KindCounts {
    let counts = this.kinds.get(kind);
    if (!counts) this.kinds.set(kind, (counts = emptyCounts()));
    return counts;
  }

  record(kind: string, outcome: ItemOutcome, item: string, warnings: string[] = [], reason?: string): void {
    const counts = this.countsOf(kind);
    counts[outcome]++;
    if (outcome === 'skipped' && reason) counts.reasons.set(reason, (counts.reasons.get(reason) ?? 0) + 1);
    if (warnings.length) this.notes.push({ item, warnings });
  }

  leave(what: string, count = 1): void {
    this.left.set(what, (this.left.get(what) ?? 0) + count);
  }

  count(kind: string, outcome: ItemOutcome): number {
    return this.kinds.get(kind)?.[outcome] ?? 0;
  }

  /** The report as the command line prints it. */
  toText(): string {
    const lines = [this.dryRun ? 'Dry run: nothing was written. This is what the import would do.' : 'Import finished.', ''];
    const verb = (word: string) => (this.dryRun ? `would be ${word}` : word);
    for (const [kind, c] of this.kinds) {
      const parts = [`${c.imported} ${verb('imported')}`, `${c.updated} ${verb('updated')}`, `${c.unchanged} unchanged`, `${c.skipped} skipped`];
      lines.push(`${kind}: ${parts.join(', ')}`);
      for (const [reason, n] of c.reasons) lines.push(`  skipped ${n}: ${reason}`);
    }
    if (this.redirects) lines.push(`redirects from old addresses: ${this.redirects}`);
    if (this.left.size) {
      lines.push('', 'Left as they were (not imported):');
      for (const [what, n] of this.left) lines.push(`  ${what}: ${n}`);
    }
    if (this.notes.length) {
      lines.push('', `Items with warnings (${this.notes.length}):`);
      for (const note of this.notes) {
        lines.push(`  ${note.item}`);
        for (const warning of note.warnings) lines.push(`    - ${warning}`);
      }
    }
    return lines.join('\n');
  }

  toJson() {
    return {
      dry_run: this.dryRun,
      kinds: Object.fromEntries(
        [...this.kinds].map(([kind, c]) => [kind, { imported: c.imported, updated: c.updated, unchanged: c.unchanged, skipped: c.skipped, skipped_because: Object.fromEntries(c.reasons) }]),
      ),
      redirects: this.redirects,
      left: Object.fromEntries(this.left),
      warnings: this.notes,
    };
  }
}

/** An import stopped on purpose (Ctrl+C): what it finished is kept, with the report of it. */
export class ImportInterrupted extends Error {
  constructor(readonly report: ImportReport) {
    super('The import was interrupted; what it finished is kept, and the next run goes on from there.');
  }
}
