/**
 * A value computed at most once per content generation (the page cache's counter, which moves on every
 * content change in this process or another): pages that need site-wide lists read them once, not per
 * request. An unknown generation (a request that skipped the cache hooks) always computes afresh.
 */
export function memoPerGeneration<T>(load: () => Promise<T>): (generation: number | undefined) => Promise<T> {
  let cached: { generation: number; value: Promise<T> } | undefined;
  return (generation) => {
    if (cached && generation !== undefined && cached.generation === generation) return cached.value;
    const value = load();
    if (generation !== undefined) {
      const entry = { generation, value };
      cached = entry;
      value.catch(() => {
        if (cached === entry) cached = undefined;
      });
    }
    return value;
  };
}
