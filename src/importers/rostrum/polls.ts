/**
 * Polls from an export of another Rostrum, with their votes. A poll keeps its id when no poll here has it,
 * so /polls/:id is the same address; when one has, it gets a new id and its old address leads to it.
 * Its tallies come with it; its ballots (when the export has them) follow, a batch per transaction, and
 * the poll is recorded as done only once they are all in, so that an interrupted run does them again.
 */
import { withTransaction } from '../../db/transaction.ts';
import { getPoll, insertBallotsFromExport, otherCurrentPoll, type ExportedIds } from '../../polls/store.ts';
import { restoreExportedPoll } from '../../polls/commands.ts';
import { pollPath } from '../../polls/present.ts';
import { addRedirectIfFree } from '../../redirects/store.ts';
import { fingerprintOf, recordImportSource } from '../sources.ts';
import type { ImportRun } from '../context.ts';
import { shortName, type ExportedBallot, type ExportedPoll } from './format.ts';

/** Ballots written in one statement: a few thousand parameters, within what either database takes. */
const ballotBatch = 400;

interface TakingBallots {
  targetId: number;
  fingerprint: string;
  label: string;
  /** The next restored ballot's number within its poll: its voter key here is `export:<ordinal>`. */
  ordinal: number;
}

export class PollImporter {
  /** Old poll id → the poll's id here. */
  readonly ids = new Map<number, number>();
  /** Old answer id → the answer's id here. */
  private readonly optionIds = new Map<number, number>();
  /** Polls whose ballots this run restores, by their old id. */
  private readonly taking = new Map<number, TakingBallots>();
  private waiting: { poll: number; ballots: Array<{ ordinal: number; castAt: string; optionIds: number[] }> } | undefined;

  /** The highest poll and answer ids the export holds, and how many: see insertPollFromExport. */
  private readonly keep: ExportedIds;

  constructor(
    private readonly run: ImportRun,
    private readonly ballotsIncluded: boolean,
    polls: ExportedPoll[],
  ) {
    const optionIds = polls.flatMap((p) => p.options.map((o) => o.id));
    this.keep = { pollId: Math.max(0, ...polls.map((p) => p.id)), optionId: Math.max(0, ...optionIds), polls: polls.length, options: optionIds.length };
  }

  private remember(poll: ExportedPoll, options: Array<{ id: number }>, targetId: number) {
    this.ids.set(poll.id, targetId);
    const ordered = [...poll.options].sort((a, b) => a.position - b.position);
    ordered.forEach((o, i) => options[i] && this.optionIds.set(o.id, options[i].id));
  }

  async importPoll(poll: ExportedPoll): Promise<void> {
    const { run } = this;
    const key = `poll ${poll.id}`;
    const label = `poll ${poll.id} “${shortName(poll.question)}”`;
    const fingerprint = fingerprintOf({ ...poll, ballots: this.ballotsIncluded });
    const earlier = run.known.get(key);
    const current = earlier && (await getPoll(run.ctx.handle, earlier.targetId));
    if (earlier && !current) return run.report.record('poll', 'skipped', label, [], 'deleted here since an earlier import');
    if (current && earlier.fingerprint === fingerprint) {
      this.remember(poll, current.options, current.id);
      return run.report.record('poll', 'unchanged', label);
    }
    if (run.dryRun) {
      if (current) this.remember(poll, current.options, current.id);
      this.taking.set(poll.id, { targetId: current?.id ?? 0, fingerprint, label, ordinal: 0 });
      return run.report.record('poll', current ? 'updated' : 'imported', label);
    }
    const warnings: string[] = [];
    const ordered = [...poll.options].sort((a, b) => a.position - b.position);
    // The site's own current poll stays current: readers here are asked what this site asks them. Each
    // language has its own current poll, so only one in this poll's language stands in its way (a poll of
    // an export made before editions keeps the language it has here, or takes the column's default).
    const language = poll.language ?? current?.language ?? 'en';
    const othersCurrent = poll.current ? await otherCurrentPoll(run.ctx.handle, current?.id, language) : undefined;
    if (othersCurrent !== undefined) warnings.push(`it was the current poll there${poll.language ? ` (in ${poll.language})` : ''}; poll ${othersCurrent} is current here, and stays so`);
    const restore = {
      existingId: current?.id,
      poll: {
        id: poll.id,
        question: poll.question,
        maxChoices: poll.max_choices,
        status: poll.status,
        resultsPolicy: poll.results_policy,
        opensAt: poll.opens_at,
        closesAt: poll.closes_at,
        current: poll.current && othersCurrent === undefined,
        ...(poll.language !== undefined && { language: poll.language }),
        createdAt: poll.created_at,
        updatedAt: poll.updated_at,
        options: ordered.map((o) => ({ id: o.id, label: o.label })),
      },
      voters: poll.voters,
      votesByPosition: ordered.map((o) => o.votes),
      keep: this.keep,
    };
    const restored = await withTransaction(run.ctx.handle, async (tx) => {
      const made = await restoreExportedPoll({ ...run.ctx, handle: tx }, run.actor, restore);
      if (!current && made.poll.id !== poll.id) {
        // Only where no rule of this site's answers already: the site's own redirects are left as they are.
        const led = await addRedirectIfFree(tx, pollPath(poll.id), pollPath(made.poll.id), { prefix: true, origin: 'import' });
        if (led) run.report.redirects++;
        const why = made.poll.id > poll.id ? `another poll here has the id ${poll.id}` : `its id ${poll.id} is higher than this site keeps`;
        const address = led ? `${pollPath(poll.id)} leads to it` : `this site’s own redirect from ${pollPath(poll.id)} is kept`;
        warnings.push(`${why}; this one is poll ${made.poll.id}, and ${address}`);
      }
      // With ballots to come, the poll is recorded as unfinished until they are in (see finish).
      const recorded = this.ballotsIncluded ? fingerprintOf({ unfinished: fingerprint }) : fingerprint;
      await recordImportSource(tx, { source: run.source, itemKey: key, kind: 'poll', targetId: made.poll.id, fingerprint: recorded });
      return made;
    });
    if (restored.answersKept) warnings.push('its answers changed on the old site after readers here voted; the answers and votes here are kept');
    this.remember(poll, restored.poll.options, restored.poll.id);
    if (this.ballotsIncluded && !restored.answersKept) this.taking.set(poll.id, { targetId: restored.poll.id, fingerprint, label, ordinal: 0 });
    run.report.record('poll', current ? 'updated' : 'imported', label, warnings);
  }

  /** One ballot of a poll this run restores (the others' ballots are in already, or not wanted). */
  async addBallot(ballot: ExportedBallot): Promise<void> {
    const taking = this.taking.get(ballot.poll);
    if (!taking) return;
    if (this.run.dryRun) return this.run.report.record('ballot', 'imported', '');
    if (this.waiting && (this.waiting.poll !== ballot.poll || this.waiting.ballots.length >= ballotBatch)) await this.flush();
    this.waiting ??= { poll: ballot.poll, ballots: [] };
    const optionIds = ballot.options.map((id) => this.optionIds.get(id)).filter((id): id is number => id !== undefined);
    this.waiting.ballots.push({ ordinal: taking.ordinal++, castAt: ballot.cast_at, optionIds });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = undefined;
    if (!batch?.ballots.length) return;
    const targetId = this.taking.get(batch.poll)!.targetId;
    await withTransaction(this.run.ctx.handle, (tx) => insertBallotsFromExport(tx, targetId, batch.ballots));
    for (let i = 0; i < batch.ballots.length; i++) this.run.report.record('ballot', 'imported', '');
  }

  /** Once every ballot is read: the last batch written, and each poll whose ballots are all in recorded as done. */
  async finish(): Promise<void> {
    await this.flush();
    if (this.run.dryRun) return;
    for (const [oldId, taking] of this.taking) {
      await recordImportSource(this.run.ctx.handle, { source: this.run.source, itemKey: `poll ${oldId}`, kind: 'poll', targetId: taking.targetId, fingerprint: taking.fingerprint });
    }
    this.taking.clear();
  }
}
