/**
 * A value computed at most once per content generation (the page cache's counter, which moves on every
 * content change in this process or another): pages that need site-wide lists read them once, not per
 * request. An unknown generation (a request that skipped the cache hooks) always computes afresh.
 * `expiresAt`, given the value, names the moment it goes stale without any change (a poll opening on its
 * schedule, say): it is computed afresh from then on.
 */
export function memoPerGeneration<T>(load: () => Promise<T>, expiresAt?: (value: T) => number): (generation: number | undefined) => Promise<T> {
  let cached: { generation: number; value: Promise<T>; until: number } | undefined;
  return (generation) => {
    if (cached && generation !== undefined && cached.generation === generation && Date.now() < cached.until) return cached.value;
    const value = load();
    if (generation !== undefined) {
      const entry = { generation, value, until: Infinity };
      cached = entry;
      value.then(
        (loaded) => {
          if (expiresAt) entry.until = expiresAt(loaded);
        },
        () => {
          if (cached === entry) cached = undefined;
        },
      );
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

/**
 * Rows by id, each read at most once per content generation: a caller asks for many ids at once and
 * only those not yet known are read, in one query. Ids without a row are remembered as absent too.
 */
export function memoRowsPerGeneration<T>(loadMany: (ids: number[]) => Promise<Map<number, T>>, maxKeys = 10_000): (generation: number | undefined, ids: number[]) => Promise<Map<number, T>> {
  let generationKept: number | undefined;
  const rows = new Map<number, T | null>();
  return async (generation, ids) => {
    if (generation === undefined) return loadMany(ids);
    if (generation !== generationKept) {
      rows.clear();
      generationKept = generation;
    }
    const found = new Map<number, T>();
    const missing: number[] = [];
    for (const id of new Set(ids)) {
      const row = rows.get(id);
      if (row) found.set(id, row);
      else if (row === undefined) missing.push(id);
    }
    if (missing.length === 0) return found;
    const loaded = await loadMany(missing);
    // Rows read while the generation moved on may be stale: they answer this caller, and are not kept.
    const keep = generation === generationKept;
    if (keep && rows.size + missing.length > maxKeys) rows.clear();
    for (const id of missing) {
      const row = loaded.get(id);
      if (row) found.set(id, row);
      if (keep) rows.set(id, row ?? null);
    }
    return found;
  };
}

/** One memo per database handle (tests open many), made when the handle first asks. */
export function memoPerHandle<H extends object, F>(make: (handle: H) => F): (handle: H) => F {
  const memos = new WeakMap<H, F>();
  return (handle) => {
    let memo = memos.get(handle);
    if (!memo) memos.set(handle, (memo = make(handle)));
    return memo;
  };
}
