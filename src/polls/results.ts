/**
 * Poll arithmetic that people can check: percentages that add up to exactly 100 and intervals that say
 * how much a result means.
 */

/**
 * Whole percentages that add up to exactly 100 (largest-remainder method). Each share is rounded down;
 * the points left over go to the largest remainders, ties broken by the larger count and then by the
 * earlier option, so the same counts always give the same answer. With no votes every share is 0.
 */
export function roundedPercentages(counts: number[]): number[] {
  const total = counts.reduce((sum, c) => sum + c, 0);
  if (total === 0) return counts.map(() => 0);
  const exact = counts.map((c) => (c * 100) / total);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((sum, f) => sum + f, 0);
  const order = counts.map((count, index) => ({ index, count, remainder: exact[index]! - floors[index]! })).sort((a, b) => b.remainder - a.remainder || b.count - a.count || a.index - b.index);
  for (const { index } of order) {
    if (left === 0) break;
    floors[index]!++;
    left--;
  }
  return floors;
}

/**
 * The Wilson score interval for a share `successes / total` at 95% confidence: unlike the plain
 * "p ± 1.96·se" it stays within 0–1 and behaves for small samples and shares near 0 or 1.
 */
export function wilsonInterval(successes: number, total: number, z = 1.959963984540054): { low: number; high: number } {
  if (total === 0) return { low: 0, high: 0 };
  const p = successes / total;
  const z2 = z * z;
  const centre = p + z2 / (2 * total);
  const margin = z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total));
  const denominator = 1 + z2 / total;
  // At 0 and at all, floating point lands a hair off the exact bound; those ends are 0 and 1 exactly.
  const low = successes === 0 ? 0 : Math.max(0, (centre - margin) / denominator);
  const high = successes === total ? 1 : Math.min(1, (centre + margin) / denominator);
  return { low, high };
}
