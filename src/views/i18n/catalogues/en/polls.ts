/**
 * The words the voting script writes into a page as well (src/client/poll.ts, through src/polls/vote-words.ts):
 * kept apart so that the script carries these and not the whole area.
 */
export const pollVoteWords = {
  // What a reader is told after voting (src/polls/notices.ts), on the page and in place.
  'poll.notice.counted': 'Thank you: your vote is counted.',
  'poll.notice.repeat': 'You have already voted in this poll.',
  'poll.notice.closed': 'This poll is closed.',
  'poll.notice.notOpen': 'This poll has not opened yet.',
  'poll.notice.tooMany': 'You chose more answers than this poll allows.',
  'poll.notice.unknownOption': 'Please choose one of the answers.',
  'poll.notice.noChoice': 'Please choose an answer.',
  'poll.notice.rateLimited': 'Too many votes have come from your network in the last few minutes. Please try again later.',
  'poll.resultsWait': 'The results are shown when the poll closes.',
  /** "33 (31%)": the votes and the share, each already written as the edition writes numbers. */
  'poll.count': '{votes} ({percent})',
  'poll.voters': '{count, plural, one {# reader voted} other {# readers voted}}',
} as const;

/**
 * The reader's words of the polls: the poll blocks, the archive, a poll's own page, its embed, its evidence
 * and chart (see ../index.ts). Marked pure, so that a bundle that needs only pollVoteWords leaves the rest out.
 */
export const polls = /* @__PURE__ */ Object.assign({}, pollVoteWords, {
  // The blocks on articles and the front page (src/polls/views.tsx, slot.tsx).
  'poll.asked': 'Reader poll',
  'poll.conducted': 'Poll conducted',
  'poll.noneConducted': 'No reader poll has been conducted yet.',
  'poll.vote': 'Vote',
  'poll.chooseAny': 'Choose as many as you like.',
  'poll.chooseUpTo': 'Choose up to {count}.',
  'poll.about': 'About this poll',
  'poll.closedOn': 'closed {date}',
  // A poll's own page (src/polls/views.tsx, PollPageBody).
  'poll.status.draft': 'Draft',
  'poll.status.scheduled': 'Opens soon',
  'poll.status.open': 'Open for votes',
  'poll.status.closed': 'Closed',
  'poll.opened': 'Opened {date}',
  'poll.closes': 'Closes {date}',
  'poll.closed': 'Closed {date}',
  'poll.voteOrResults': 'Vote or results',
  // The archive, /polls (src/polls/page-views.tsx).
  'polls.title': 'Reader polls',
  'polls.intro': "Each reader's vote is counted once. Percentages are rounded so that they add up to exactly 100, and every poll's own page gives the margin of error and how the votes came in.",
  'polls.noneOpen': 'No poll is open right now.',
  'polls.conducted': 'Conducted polls',
  'polls.earlier': 'Earlier polls',
  // The embed for other sites, and how to get it.
  'poll.embed.vote': 'Vote at {site}',
  'poll.embed.see': 'See this poll at {site}',
  'poll.embed.summary': 'Embed this poll on another site',
  'poll.embed.paste': 'Paste this HTML where the poll should appear:',
  // What lies behind the results (src/polls/evidence.tsx).
  'poll.evidence.heading': 'Results in detail',
  'poll.evidence.sampleNone': 'n = 0: no reader has voted yet.',
  'poll.evidence.sample': 'n = {count, plural, one {# reader} other {# readers}}.',
  'poll.evidence.sampleOneDay': 'n = {count, plural, one {# reader, who voted} other {# readers, all of whom voted}} on {date} (UTC).',
  'poll.evidence.sampleDays': 'n = {count, plural, one {# reader} other {# readers}}, who voted between {first} and {last} (UTC).',
  'poll.evidence.intervals': 'Share of readers, with 95% intervals',
  /** "31% (95% interval 22–41%)": `share` and `high` are written as percentages, `low` as a number. */
  'poll.evidence.interval': '{share} (95% interval {low}–{high})',
  'poll.evidence.multiple': 'Readers could choose up to {count} answers, so the shares may add up to more than 100%.',
  'poll.evidence.selfSelected':
    'Readers chose to take part, so they are not a random sample of any wider public: each interval (Wilson, 95%) shows only the uncertainty that comes from the number of votes.',
  'poll.evidence.nothing': 'Nothing to estimate until readers vote.',
  'poll.evidence.overTime': 'Votes over time',
  'poll.evidence.caption': 'Readers who had voted by the end of each day (UTC).',
  'poll.evidence.data': 'The data',
  'poll.evidence.resultsCsv': 'Results (CSV)',
  'poll.evidence.resultsJson': 'Results (JSON)',
  'poll.evidence.dailyCsv': 'Votes per day (CSV)',
  'poll.evidence.dailyJson': 'Votes per day (JSON)',
  'poll.evidence.privacy': 'Counts by day (UTC) only: no voter identifiers, no times of day.',
  // The chart of votes over time (src/polls/chart.tsx).
  'poll.chart.title': 'Readers who had voted, by day (UTC)',
  'poll.chart.empty': 'No votes yet',
  'poll.chart.none': 'No reader has voted yet.',
  'poll.chart.oneDay': '{count, plural, one {All # reader voted on {date}.} other {All # readers voted on {date}.}}',
  'poll.chart.days': '{count, plural, one {# reader} other {# readers}} voted between {first} and {last}; half of them had voted by the end of {half}.',
} as const);
