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
  /** The current poll of its language's edition: one per language (see setCurrentPoll). */
  isCurrent: number;
  /** A language tag, as articles.language: the edition the poll is asked in ('en' for polls made before editions). */
  language: Generated<string>;
  /** Readers who have voted, kept with every ballot (see recordVote). */
  voters: Generated<number>;
  createdAt: string;
  updatedAt: string;
}
export interface PollOptionsTable {
  id: Generated<number>;
  pollId: number;
  position: number;
  label: string;
  /** Ballots that chose this option, kept with every ballot. */
  votes: Generated<number>;
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
/** Votes per network per ten-minute window, for the rate limit; `network` is a keyed hash, never an address. */
export interface PollVoteWindowsTable {
  network: string;
  windowStart: number;
  votes: number;
}
export interface PollTables {
  polls: PollsTable;
  pollOptions: PollOptionsTable;
  pollBallots: PollBallotsTable;
  pollChoices: PollChoicesTable;
  pollVoteWindows: PollVoteWindowsTable;
}
