import type { Generated } from 'kysely';

export const pollStatuses = ['draft', 'open', 'closed'] as const;
export type PollStatus = (typeof pollStatuses)[number];
export const resultsPolicies = ['always', 'after_vote', 'after_close'] as const;
export type ResultsPolicy = (typeof resultsPolicies)[number];

export interface PollsTable {
  id: Generated<number>;
  question: string;
  /** 1 for single choice; more for multiple choice. */
  maxChoices: number;
  status: PollStatus;
  resultsPolicy: ResultsPolicy;
  opensAt: string | null;
  closesAt: string | null;
  isCurrent: number;
  createdAt: string;
  updatedAt: string;
}
export interface PollOptionsTable {
  id: Generated<number>;
  pollId: number;
  position: number;
  label: string;
}
/** One row per reader per poll: the unique (poll_id, voter) pair is what makes every reader count once. */
export interface PollBallotsTable {
  id: Generated<number>;
  pollId: number;
  voter: string;
  castAt: string;
}
export interface PollChoicesTable {
  ballotId: number;
  pollId: number;
  optionId: number;
}
export interface PollTables {
  polls: PollsTable;
  pollOptions: PollOptionsTable;
  pollBallots: PollBallotsTable;
  pollChoices: PollChoicesTable;
}
