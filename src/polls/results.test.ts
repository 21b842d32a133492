import { test } from 'node:test';
import assert from 'node:assert/strict';
import { roundedPercentages, wilsonInterval } from './results.ts';

test('percentages add up to exactly 100 for random distributions', () => {
  let seed = 20261129;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let trial = 0; trial < 5000; trial++) {
    const options = 2 + Math.floor(random() * 19);
    const counts = Array.from({ length: options }, () => Math.floor(random() * (random() < 0.2 ? 3 : 400)));
    if (!counts.some((c) => c > 0)) counts[0] = 1;
    const shares = roundedPercentages(counts);
    assert.equal(shares.reduce((a, b) => a + b, 0), 100, JSON.stringify(counts));
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
