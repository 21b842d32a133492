import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import vnuJar from 'vnu-jar';
import { databaseKinds } from '../../test/databases.ts';
import { hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { CumulativeVotersChart, dayOfEpochDay, epochDay, niceStep, type DayCount } from './chart.tsx';
import { intervalRows, loadPollEvidence, PollEvidence, sampleText } from './evidence.tsx';
import { pollResults } from './present.ts';
import { castVote, createPoll, votesPerDay, type Poll, type PollDay } from './store.ts';
import type { PollResults } from './views.tsx';

const drawing = (daily: DayCount[]) => renderToString(h(CumulativeVotersChart, { daily, id: 'chart' }));
const evidence = (results: PollResults, daily: PollDay[], exportsBase = `/polls/${results.id}`) => renderToString(h(PollEvidence, { results, daily, exportsBase }));

/** Every number written in the SVG's coordinates, so that they can be checked to lie inside the drawing. */
function pathPoints(svg: string): Array<[number, number]> {
  const d = /class="poll-chart-line" d="([^"]+)"/.exec(svg)?.[1] ?? '';
  return [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

function assertDrawable(svg: string) {
  assert.doesNotMatch(svg, /NaN|Infinity|undefined|null/, 'every number is finite');
  assert.doesNotMatch(svg, /style=/, 'no style attribute: the CSP forbids them');
  assert.match(svg, /^<svg class="poll-chart" role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 480 240"/);
  assert.match(svg, /<title id="chart-title">Readers who had voted, by day \(UTC\)<\/title>/);
  for (const [x, y] of pathPoints(svg)) assert.ok(x >= 0 && x <= 480 && y >= 0 && y <= 240, `${x},${y} lies in the drawing`);
}

function resultsOf(options: Array<[string, number]>, total: number, maxChoices = 1): PollResults {
  const poll = {
    id: 7,
    question: 'Q?',
    maxChoices,
    status: 'open',
    resultsPolicy: 'always',
    opensAt: null,
    closesAt: null,
    isCurrent: 0,
    language: 'en',
    voters: total,
    createdAt: '2025-03-01T00:00:00.000Z',
    updatedAt: '2025-03-01T00:00:00.000Z',
    options: options.map(([label], i) => ({ id: i + 1, label })),
  } satisfies Poll;
  return pollResults(poll, { voters: total, byOption: new Map(options.map(([, votes], i) => [i + 1, votes])) });
}

const day = (d: string, voters: number, byOption: Array<[number, number]> = []): PollDay => ({ day: d, voters, byOption: new Map(byOption) });

describe('the cumulative votes chart', () => {
  test('with no votes it draws the frame and says so', () => {
    const svg = drawing([]);
    assertDrawable(svg);
    assert.match(svg, /<desc id="chart-desc">No reader has voted yet\.<\/desc>/);
    assert.match(svg, />No votes yet<\/text>/);
    assert.doesNotMatch(svg, /poll-chart-line/);
    assert.match(svg, />0<\/text>.*>1<\/text>/s, 'an axis from 0 to 1 rather than a zero-height one');
  });

  test('with one day it draws a line across that day, labelled with its date', () => {
    const svg = drawing([{ day: '2025-03-01', voters: 5 }]);
    assertDrawable(svg);
    assert.match(svg, /<desc id="chart-desc">All 5 readers voted on March 1, 2025\.<\/desc>/);
    assert.equal(svg.match(/Mar 1, 2025/g)?.length, 1);
    const points = pathPoints(svg);
    // The plot spans x 21..466 (room for one-digit counts on the left) and y 198 (zero) up to 14 (the axis top, 6).
    assert.deepEqual(points.at(0), [21, 198], 'starts at zero on the left');
    assert.deepEqual(points.at(-1), [466, 44.7], 'ends at 5 of 6 (the axis goes in steps of 2) on the right');
    assert.match(drawing([{ day: '2025-03-01', voters: 1 }]), /All 1 reader voted/);
  });

  test('with a year of days it labels the first, middle and last day and stays inside the drawing', () => {
    const first = epochDay('2025-01-01');
    // Every third day has no votes (and no row), as votesPerDay gives them.
    const daily = Array.from({ length: 365 }, (_, i) => ({ day: dayOfEpochDay(first + i), voters: 100 + (i % 7) * 40 })).filter((_, i) => i % 3 !== 2);
    const total = daily.reduce((s, d) => s + d.voters, 0);
    const svg = drawing(daily);
    assertDrawable(svg);
    for (const label of ['Jan 1, 2025', 'Jul 2, 2025', 'Dec 31, 2025']) assert.ok(svg.includes(`>${label}</text>`), label);
    assert.match(svg, new RegExp(`${total.toLocaleString('en-US')} readers voted between January 1, 2025 and December 31, 2025; half of them had voted by the end of`));
    const points = pathPoints(svg);
    assert.equal(points.length, 1 + daily.length * 2);
    assert.ok(
      points.every(([, y], i) => i === 0 || y <= points[i - 1]![1]),
      'the line never falls',
    );
    assert.ok(svg.includes('>60,000</text>'), 'the axis counts in round steps, with thousands separated');
  });

  test('date labels never overlap nor leave the drawing, whatever the span', () => {
    const first = epochDay('2025-09-28');
    for (const span of [1, 2, 3, 4, 5, 8, 13, 30, 31, 60, 90, 200, 365, 800]) {
      const svg = drawing([
        { day: dayOfEpochDay(first), voters: 3 },
        { day: dayOfEpochDay(first + span - 1), voters: 4 },
      ]);
      assertDrawable(svg);
      const labels = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="middle">([A-Z][a-z]{2} \d{1,2}, \d{4})<\/text>/g)].map((m) => ({
        x: Number(m[1]),
        half: (m[2]!.length * 15 * 0.6) / 2,
      }));
      assert.ok(labels.length >= 1 && labels.length <= 3, `${span} days: ${labels.length} labels`);
      labels.forEach((l, i) => {
        assert.ok(l.x - l.half >= 0 && l.x + l.half <= 480, `${span} days: a label leaves the drawing`);
        if (i > 0) assert.ok(labels[i - 1]!.x + labels[i - 1]!.half < l.x - l.half, `${span} days: labels overlap`);
      });
    }
  });

  test('axis steps are 1, 2 or 5 times a power of ten', () => {
    assert.deepEqual(
      [0, 1, 3, 4, 7, 10, 99, 106, 1000, 100_000].map((n) => niceStep(n)),
      [1, 1, 1, 1, 2, 5, 50, 50, 500, 50_000],
    );
  });
});

describe('the evidence section', () => {
  const daily = [
    day('2025-03-01', 2, [[1, 2]]),
    day('2025-03-02', 1, [[2, 1]]),
    day('2025-03-04', 3, [
      [1, 1],
      [3, 1],
      [4, 1],
    ]),
  ];

  test('each option with its share and Wilson interval, the sample, the chart and the four exports', () => {
    const results = resultsOf(
      [
        ['Yes', 3],
        ['No', 1],
        ['Maybe', 1],
        ['Later', 1],
      ],
      6,
    );
    const html = evidence(results, daily);
    assert.match(html, /^<section class="poll-evidence" aria-labelledby="poll-7-evidence"><h2 id="poll-7-evidence">/);
    assert.ok(html.includes('n = 6 readers, who voted between March 1, 2025 and March 4, 2025 (UTC).'));
    // 3/6: Wilson 18.8–81.2%, printed outward as 18–82%; 1/6: 3.0–56.4%. The single-choice shares are the
    // results list's own (50, 17, 17, 16: they add up to 100).
    assert.ok(html.includes('<span class="poll-interval-label">Yes</span> <span class="poll-interval-text">50% (95% interval 18–82%)</span>'));
    assert.ok(html.includes('<span class="poll-interval-label">No</span> <span class="poll-interval-text">17% (95% interval 3–57%)</span>'));
    assert.ok(html.includes('<span class="poll-interval-label">Later</span> <span class="poll-interval-text">16% (95% interval 3–57%)</span>'));
    assert.ok(html.includes('aria-labelledby="poll-7-chart-title poll-7-chart-desc"'));
    for (const file of ['results.csv', 'results.json', 'votes-per-day.csv', 'votes-per-day.json']) assert.ok(html.includes(`<a href="/polls/7/${file}">`), file);
    assert.doesNotMatch(html, /NaN|Infinity|undefined|style=/);
  });

  test('hostile labels come out escaped', () => {
    const labels = ['=HYPERLINK("http://evil.example","x")', '"quoted, text"', ...hostileStrings];
    const results = resultsOf(
      labels.map((l) => [l, 1]),
      labels.length,
    );
    const html = evidence(results, [day('2025-03-01', labels.length)]);
    assert.doesNotMatch(html, /<script|<img|<svg onload/i, 'no hostile tag survives: its text is escaped');
    assert.ok(html.includes('&lt;script>alert(&quot;x&quot;)&lt;/script>') || html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'), html);
    assert.ok(html.includes('=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)'));
  });

  test('a multiple-choice poll gives each share of the voters and says they may pass 100%', () => {
    const results = resultsOf(
      [
        ['A', 3],
        ['B', 3],
        ['C', 1],
      ],
      4,
      3,
    );
    const rows = intervalRows(results);
    assert.deepEqual(
      rows.map((r) => r.text),
      ['75% (95% interval 30–96%)', '75% (95% interval 30–96%)', '25% (95% interval 4–70%)'],
    );
    const html = evidence(results, [day('2025-06-10', 4)]);
    assert.match(html, /Readers could choose up to 3 answers, so the shares may add up to more than 100%/);
    assert.ok(html.includes('n = 4 readers, all of whom voted on June 10, 2025 (UTC).'));
  });

  test('before any vote: n = 0, no intervals, an empty chart', () => {
    const html = evidence(
      resultsOf(
        [
          ['Yes', 0],
          ['No', 0],
        ],
        0,
      ),
      [],
    );
    assert.ok(html.includes('n = 0: no reader has voted yet.'));
    assert.doesNotMatch(html, /poll-intervals/);
    assert.match(html, /No votes yet/);
    assert.doesNotMatch(html, /NaN|Infinity|undefined/);
    assert.equal(sampleText(1, [day('2025-03-01', 1)]), 'n = 1 reader, who voted on March 1, 2025 (UTC).');
  });

  test('the markup is valid HTML (Nu Html Checker)', { timeout: 120_000 }, async () => {
    const sections = [
      evidence(
        resultsOf(
          [
            ['Yes', 3],
            ['<No & "never">', 3],
          ],
          6,
        ),
        daily,
      ),
      evidence(
        {
          ...resultsOf(
            [
              ['A', 0],
              ['B', 0],
            ],
            0,
          ),
          id: 8,
        },
        [],
      ),
      evidence(
        {
          ...resultsOf(
            [
              ['A', 1],
              ['B', 1],
            ],
            1,
            2,
          ),
          id: 9,
        },
        [day('2025-03-01', 1)],
      ),
    ];
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Evidence</title></head><body><main>${sections.join('')}</main></body></html>`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rostrum-evidence-'));
    const file = path.join(dir, 'evidence.html');
    fs.writeFileSync(file, html);
    try {
      const { stdout, stderr } = await promisify(execFile)('java', ['-jar', vnuJar, '--format', 'json', '--exit-zero-always', file], { maxBuffer: 10 * 1024 * 1024 });
      const report = JSON.parse(stderr || stdout) as { messages: Array<{ type: string; message: string; extract?: string }> };
      assert.deepEqual(
        report.messages.filter((m) => m.type === 'error').map((m) => `${m.message} ${m.extract ?? ''}`),
        [],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const kind of await databaseKinds()) {
  describe(`votes per day on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    let voterNumber = 0;
    async function voteAt(pollId: number, castAt: string, optionIds: number[]) {
      const voter = `day-voter-${++voterNumber}`;
      await castVote(t.db.handle, pollId, voter, optionIds, castAt);
    }

    const plain = (days: PollDay[]) => days.map((d) => ({ day: d.day, voters: d.voters, byOption: Object.fromEntries([...d.byOption].sort(([a], [b]) => a - b)) }));

    async function pollOverDays() {
      const poll = await createPoll(t.db.handle, { question: 'Over days?', options: ['A', 'B', 'C'], maxChoices: 2, status: 'open' });
      const [a, b, c] = poll.options.map((o) => o.id) as [number, number, number];
      await voteAt(poll.id, '2024-12-31T23:59:59.999Z', [a, b]);
      await voteAt(poll.id, '2025-01-01T00:00:00.000Z', [a]);
      await voteAt(poll.id, '2025-01-01T18:30:00.000Z', [b, c]);
      await voteAt(poll.id, '2025-02-28T12:00:00.000Z', [c]);
      return {
        poll,
        expected: [
          { day: '2024-12-31', voters: 1, byOption: { [a]: 1, [b]: 1 } },
          { day: '2025-01-01', voters: 2, byOption: { [a]: 1, [b]: 1, [c]: 1 } },
          { day: '2025-02-28', voters: 1, byOption: { [c]: 1 } },
        ],
      };
    }

    test('ballots and choices are counted per UTC day, oldest first, days without votes left out', async () => {
      const { poll, expected } = await pollOverDays();
      assert.deepEqual(plain(await votesPerDay(t.db.handle, poll.id)), expected);
      const other = await createPoll(t.db.handle, { question: 'Empty?', options: ['A', 'B'], status: 'open' });
      assert.deepEqual(await votesPerDay(t.db.handle, other.id), [], 'no ballots, no days; other polls’ ballots are not counted');
    });

    if (kind === 'postgres') {
      test('the day is the UTC day whatever the session’s time zone', async () => {
        const { poll, expected } = await pollOverDays();
        const days = await t.db.handle.db.connection().execute(async (db) => {
          await sql`set time zone 'Pacific/Auckland'`.execute(db);
          try {
            return await votesPerDay({ ...t.db.handle, db }, poll.id);
          } finally {
            await sql`set time zone 'UTC'`.execute(db);
          }
        });
        assert.deepEqual(plain(days), expected);
      });
    }

    test('loadPollEvidence gives what PollEvidence needs, from the database', async () => {
      const { poll } = await pollOverDays();
      const loaded = await loadPollEvidence(t.db.handle, poll);
      assert.equal(loaded.exportsBase, `/polls/${poll.id}`);
      const results = pollResults(poll, { voters: 4, byOption: new Map(poll.options.map((o, i) => [o.id, [2, 2, 2][i]!])) });
      const html = renderToString(h(PollEvidence, { results, ...loaded }));
      assert.ok(html.includes('n = 4 readers, who voted between December 31, 2024 and February 28, 2025 (UTC).'));
      assert.ok(html.includes('>Jan 30, 2025</text>'), 'the middle of the span is labelled');
      assert.doesNotMatch(html, /NaN|Infinity/);
    });
  });
}
