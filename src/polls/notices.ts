/**
 * What a reader is told after voting, by outcome. One list for the page the server sends back to a
 * form (slot.tsx) and for voting in place (src/client/poll.ts), so both paths read the same.
 */
export const voteNotices: Record<string, string> = {
  counted: 'Thank you: your vote is counted.',
  repeat: 'You have already voted in this poll.',
  closed: 'This poll is closed.',
  not_open: 'This poll has not opened yet.',
  too_many: 'You chose more answers than this poll allows.',
  unknown_option: 'Please choose one of the answers.',
  no_choice: 'Please choose an answer.',
  rate_limited: 'Too many votes have come from your network in the last few minutes. Please try again later.',
};
