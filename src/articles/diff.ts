import { diffLines, diffWordsWithSpace } from 'diff';
import { normaliseText } from '../http/schemas.ts';

/** A run of text in a comparison: kept, added in the newer version, or removed from the older one. */
export interface DiffPiece {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** A stretch of the body: unchanged lines (long ones folded to their edges), or a change shown word by word. */
export type BodyBlock = { kind: 'same'; lines: string[]; foldedLines: number; tail: string[] } | { kind: 'changed'; pieces: DiffPiece[] };

/** Beyond this many edits a word diff costs more than it tells; the whole stretch shows as replaced. */
const maxWordEdits = 2_000;
/**
 * Limits on the line diff, so that two bodies with little in common cannot hold the server for minutes:
 * past them the diff gives up, and the whole body shows as replaced.
 */
const lineDiffLimits = { timeout: 100, maxEditLength: 5_000 };
/** A changed stretch longer than this (old and new together) shows as replaced rather than word by word. */
const maxWordDiffChars = 10_000;
/** Unchanged lines shown on either side of a change. */
const contextLines = 2;

const kindOf = (change: { added: boolean; removed: boolean }): DiffPiece['kind'] => (change.added ? 'added' : change.removed ? 'removed' : 'same');

/**
 * Two short texts (a title, a lead) compared word by word. Both are compared as text is kept today
 * (normaliseText): revisions kept before that rule, with a form's CRLF, then differ only where the words do.
 */
export function wordDiff(before: string, after: string): DiffPiece[] {
  return wordPieces(normaliseText(before), normaliseText(after));
}

function wordPieces(before: string, after: string): DiffPiece[] {
  const changes = diffWordsWithSpace(before, after, { maxEditLength: maxWordEdits, timeout: lineDiffLimits.timeout });
  if (!changes) return replaced(before, after);
  return changes.map((c) => ({ kind: kindOf(c), text: c.value }));
}

function replaced(before: string, after: string): DiffPiece[] {
  return [...(before ? [{ kind: 'removed' as const, text: before }] : []), ...(after ? [{ kind: 'added' as const, text: after }] : [])];
}

/**
 * Two bodies compared line by line, and each changed stretch word by word, so that one corrected
 * word in a paragraph shows as that word, not as the paragraph removed and added again.
 */
export function bodyDiff(stored: string, storedAfter: string): BodyBlock[] {
  // As for wordDiff: old revisions may carry CRLF and trailing blanks that were never a change.
  const before = normaliseText(stored);
  const after = normaliseText(storedAfter);
  const lines = diffLines(before, after, lineDiffLimits);
  if (!lines) return before === after ? [unchanged(before)] : [{ kind: 'changed', pieces: replaced(before, after) }];
  const blocks: BodyBlock[] = [];
  let removed = '';
  let added = '';
  const flushChange = () => {
    if (!removed && !added) return;
    const small = removed.length + added.length <= maxWordDiffChars;
    blocks.push({ kind: 'changed', pieces: small ? wordPieces(removed, added) : replaced(removed, added) });
    removed = '';
    added = '';
  };
  for (const change of lines) {
    if (change.removed) removed += change.value;
    else if (change.added) added += change.value;
    else {
      flushChange();
      blocks.push(unchanged(change.value));
    }
  }
  flushChange();
  return foldEdges(blocks);
}

function unchanged(text: string): BodyBlock {
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines.length <= contextLines * 2 + 1) return { kind: 'same', lines, foldedLines: 0, tail: [] };
  return { kind: 'same', lines: lines.slice(0, contextLines), foldedLines: lines.length - contextLines * 2, tail: lines.slice(-contextLines) };
}

/** The first and last unchanged stretches need no context on their outer side. */
function foldEdges(blocks: BodyBlock[]): BodyBlock[] {
  const first = blocks[0];
  if (first?.kind === 'same' && blocks.length > 1 && first.foldedLines > 0) {
    blocks[0] = { ...first, foldedLines: first.foldedLines + first.lines.length, lines: [] };
  }
  const last = blocks[blocks.length - 1];
  if (last?.kind === 'same' && blocks.length > 1 && last.foldedLines > 0) {
    blocks[blocks.length - 1] = { ...last, foldedLines: last.foldedLines + last.tail.length, tail: [] };
  }
  return blocks;
}

/** Whether a comparison found any difference at all. */
export const hasChanges = (pieces: DiffPiece[]) => pieces.some((p) => p.kind !== 'same');
export const bodyChanged = (blocks: BodyBlock[]) => blocks.some((b) => b.kind === 'changed');
