import { test } from 'node:test';
import assert from 'node:assert/strict';
import { roundedPercentages, wilsonInterval } from './results.ts';

test('percentages add up to exactly 100 for random distributions', () => {
  let seed = 20261129;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let trial = 0; trial < 5000; trial++) {
    const options = 2 + Math.floor(random() * 19);
    const counts = Array.from({ length: options }, () => Math.floor(random() * (random() < 0.2 ? 3 : 400)));
    if (!counts.some((c) => c > 0)) counts[0] = 1;
    const shares = roundedPercentages(counts);
    assert.equal(
      shares.reduce((a, b) => a + b, 0),
      100,
      JSON.stringify(counts),
    );
    const total = counts.reduce((a, b) => a + b, 0);
    shares.forEach((s, i) => assert.ok(Math.abs(s - (counts[i]! * 100) / total) < 1, `${counts} -> ${shares}`));
  }
});

test('the reference example and ties are decided the same way every time', () => {
  assert.deepEqual(roundedPercentages([33, 72]), [31, 69]);
  assert.deepEqual(roundedPercentages([1, 1, 1]), [34, 33, 33], 'equal counts: the earlier option gets the extra point');
  assert.deepEqual(roundedPercentages([0, 0]), [0, 0]);
  assert.deepEqual(roundedPercentages([5]), [100]);
  assert.deepEqual(roundedPercentages([2, 1, 1, 2]), [33, 17, 17, 33], 'the largest remainders win over larger counts');
  assert.deepEqual(roundedPercentages([1, 2, 2, 1]), [17, 33, 33, 17]);
});

test('Wilson intervals match values worked by hand and stay within 0 and 1', () => {
  const { low, high } = wilsonInterval(33, 105);
  // Worked by hand: p = 0.3143, n = 105, z = 1.96 gives 0.2334 to 0.4083.
  assert.ok(Math.abs(low - 0.2334) < 0.0005 && Math.abs(high - 0.4083) < 0.0005, `${low} ${high}`);
  assert.deepEqual(wilsonInterval(0, 0), { low: 0, high: 0 });
  const none = wilsonInterval(0, 10);
  assert.equal(none.low, 0);
  assert.ok(none.high > 0.27 && none.high < 0.28);
  const all = wilsonInterval(10, 10);
  assert.ok(all.low > 0.72 && all.low < 0.73);
  assert.ok(all.high > 0.999999 && all.high <= 1);
});

/** The Wilson score interval written out from its textbook form, to check the implementation against. */
function wilsonByHand(successes: number, total: number) {
  const z = 1.96;
  const p = successes / total;
  const centre = (p + (z * z) / (2 * total)) / (1 + (z * z) / total);
  const half = (z / (1 + (z * z) / total)) * Math.sqrt((p * (1 - p)) / total + (z * z) / (4 * total * total));
  return { low: centre - half, high: centre + half };
}

test('Wilson intervals for 0/10, 5/10 and 10/10, worked by hand', () => {
  // 0/10: centre = (0 + 0.19208) / 1.38416 = 0.13877, half the same: 0 to 0.27753.
  const none = wilsonInterval(0, 10);
  assert.equal(none.low, 0);
  assert.ok(Math.abs(none.high - 0.27753) < 0.00005, String(none.high));
  // 5/10: centre 0.5, half = (1.96 / 1.38416) · √(0.025 + 0.0096040) = 0.26341: 0.23659 to 0.76341.
  const half = wilsonInterval(5, 10);
  assert.ok(Math.abs(half.low - 0.23659) < 0.00005 && Math.abs(half.high - 0.76341) < 0.00005, `${half.low} ${half.high}`);
  assert.ok(Math.abs(half.low + half.high - 1) < 1e-12, 'an even split gives an interval symmetric about one half');
  // 10/10 mirrors 0/10.
  const all = wilsonInterval(10, 10);
  assert.ok(Math.abs(all.low - (1 - none.high)) < 1e-12);
  assert.ok(1 - all.high < 1e-12, 'all votes for one answer: the interval reaches 1 (to float precision)');
  for (const [s, n] of [
    [0, 10],
    [5, 10],
    [10, 10],
    [1, 6],
    [3, 4],
    [33, 105],
    [1, 100_000],
  ] as const) {
    const mine = wilsonInterval(s, n);
    const hand = wilsonByHand(s, n);
    assert.ok(Math.abs(mine.low - Math.max(0, hand.low)) < 1e-4 && Math.abs(mine.high - Math.min(1, hand.high)) < 1e-4, `${s}/${n}`);
  }
});

test('a Wilson interval always lies within 0..1 and holds the observed share', () => {
  for (const n of [1, 2, 3, 7, 10, 50, 106, 1000, 100_000]) {
    for (const s of new Set([0, 1, Math.floor(n / 3), Math.floor(n / 2), n - 1, n].filter((k) => k >= 0 && k <= n))) {
      const { low, high } = wilsonInterval(s, n);
      const p = s / n;
      assert.ok(Number.isFinite(low) && Number.isFinite(high), `${s}/${n}`);
      // Float arithmetic may leave 0/n a hair above 0 (5e-17) and n/n a hair below 1: allowed, and no more.
      assert.ok(low >= 0 && high <= 1 && low <= p + 1e-12 && p <= high + 1e-12 && low < high, `${s}/${n}: ${low}..${high}`);
    }
  }
});

test('more votes give a narrower interval for the same share', () => {
  const widths = [10, 100, 1000, 10_000].map((n) => {
    const { low, high } = wilsonInterval(0.3 * n, n);
    return high - low;
  });
  widths.reduce((previous, width) => (assert.ok(width < previous), width));
});
