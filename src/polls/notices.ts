import type { MessageKey } from '../views/i18n/catalogues/index.ts';

/**
 * What a reader is told after voting, by outcome: the message of each in the polls' catalogue. One list
 * for the page the server sends back to a form (slot.tsx, views.tsx) and for voting in place
 * (src/client/poll.ts, through vote-words.ts), so both paths read the same in every edition.
 */
export const voteNotices = {
  counted: 'poll.notice.counted',
  repeat: 'poll.notice.repeat',
  closed: 'poll.notice.closed',
  not_open: 'poll.notice.notOpen',
  too_many: 'poll.notice.tooMany',
  unknown_option: 'poll.notice.unknownOption',
  no_choice: 'poll.notice.noChoice',
  rate_limited: 'poll.notice.rateLimited',
} as const satisfies Record<string, MessageKey>;

/** An outcome a reader may be told of: `?vote=counted` and the refusals' codes. */
export type VoteNotice = keyof typeof voteNotices;

export const isVoteNotice = (code: string): code is VoteNotice => Object.hasOwn(voteNotices, code);
