import { roundedPercentages } from './results.ts';
import { effectiveStatus, type Poll, type PollCounts } from './store.ts';

export const pollPath = (id: number) => `/polls/${id}`;

/** The results as the public API and the pages give them: counts, percentages that add up to 100, voters. */
export function pollResults(poll: Poll, counts: PollCounts) {
  const votes = poll.options.map((o) => counts.byOption.get(o.id) ?? 0);
  const percents = roundedPercentages(votes);
  return {
    id: poll.id,
    question: poll.question,
    status: effectiveStatus(poll),
    max_choices: poll.maxChoices,
    opens_at: poll.opensAt,
    closes_at: poll.closesAt,
    total: counts.voters,
    options: poll.options.map((o, i) => ({ id: o.id, label: o.label, votes: votes[i]!, percent: percents[i]! })),
  };
}

/** Whether results may be shown now to a reader who has (or has not) voted. */
export function resultsVisible(poll: Poll, voted: boolean): boolean {
  if (poll.resultsPolicy === 'always') return true;
  if (poll.resultsPolicy === 'after_vote') return voted || effectiveStatus(poll) === 'closed';
  return effectiveStatus(poll) === 'closed';
}
