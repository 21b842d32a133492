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

/**
 * Like memoPerGeneration, one value per key (a tag, say): all are forgotten together when the
 * generation moves on, and at most `maxKeys` are kept, so that a crawl through every key of a large
 * site cannot grow it without end.
 */
export function memoPerGenerationByKey<K, T>(load: (key: K) => Promise<T>, maxKeys = 10_000): (generation: number | undefined, key: K) => Promise<T> {
  let generationKept: number | undefined;
  const values = new Map<K, Promise<T>>();
  return (generation, key) => {
    if (generation === undefined) return load(key);
    if (generation !== generationKept) {
      values.clear();
      generationKept = generation;
    }
    let value = values.get(key);
    if (!value) {
      if (values.size >= maxKeys) values.clear();
      const loaded = load(key);
      values.set(key, loaded);
      loaded.catch(() => {
        if (values.get(key) === loaded) values.delete(key);
      });
      value = loaded;
    }
    return value;
  };
}
