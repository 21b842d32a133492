import { editorsAndAdmins, rulesOf, type Permission, type PolicyTable } from '../core/policy.ts';

/**
 * A line that needs no facts about the poll. Typed as Permission (of no facts) so that permits() and
 * requirePermission() take no facts argument: a rule of one parameter alone would be read as taking any.
 */
const editorial = (refusal: string): Permission => ({ allow: editorsAndAdmins, refusal });

/**
 * Polls are editorial work: editors and administrators make, run and remove them; authors do none of
 * it. Voting is open to every reader and is no permission (see castVote in commands.ts). Attaching a
 * poll to an article is the article's permission (`attachPoll` in src/articles/policies.ts).
 */
export const pollPermissions = {
  /** The office's Polls section. */
  list: editorial('Polls are run by editors and administrators.'),
  /** Drafts, hidden results and settings included: what editors need to run a poll. */
  read: editorial('Only editors and administrators run polls'),
  create: editorial('Only editors and administrators make polls'),
  /** Its question, answers and schedule, and its state: open, closed, current. */
  update: editorial('Only editors and administrators run polls'),
  delete: editorial('Only editors and administrators remove polls'),
} satisfies PolicyTable;

/** The table's rules as `pollPolicy.create(actor)`, for code that only asks. */
export const pollPolicy = rulesOf(pollPermissions);
