import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoPerGeneration, memoPerGenerationByKey, memoRowsPerGeneration } from './generation-memo.ts';

test('a value per key is loaded once per generation, afresh after it moves on, and always without one', async () => {
  const loads: string[] = [];
  const lengthOf = memoPerGenerationByKey(async (word: string) => {
    loads.push(word);
    return word.length;
  });
  assert.equal(await lengthOf(1, 'ceasefire'), 9);
  assert.equal(await lengthOf(1, 'ceasefire'), 9);
  assert.equal(await lengthOf(1, 'treaty'), 6);
  assert.deepEqual(loads, ['ceasefire', 'treaty']);
  await lengthOf(2, 'ceasefire');
  await lengthOf(undefined, 'ceasefire');
  await lengthOf(undefined, 'ceasefire');
  assert.deepEqual(loads, ['ceasefire', 'treaty', 'ceasefire', 'ceasefire', 'ceasefire']);
});

test('a failed load is not kept', async () => {
  let attempts = 0;
  const flaky = memoPerGenerationByKey(async (key: number) => {
    if (++attempts === 1) throw new Error('the database did not answer');
    return key;
  });
  await assert.rejects(flaky(1, 7));
  assert.equal(await flaky(1, 7), 7);
});

test('rows are read only for the ids not yet known in this generation, absent ones included', async () => {
  const asked: number[][] = [];
  const names = new Map([
    [1, 'Oslo'],
    [2, 'Baku'],
    [3, 'Lima'],
  ]);
  const placesById = memoRowsPerGeneration(async (ids) => {
    asked.push(ids);
    return new Map(ids.flatMap((id) => (names.has(id) ? [[id, names.get(id)!] as const] : [])));
  });
  assert.deepEqual(
    [...(await placesById(1, [1, 2, 2]))],
    [
      [1, 'Oslo'],
      [2, 'Baku'],
    ],
  );
  assert.deepEqual(
    [...(await placesById(1, [2, 3, 9]))],
    [
      [2, 'Baku'],
      [3, 'Lima'],
    ],
  );
  assert.deepEqual((await placesById(1, [9, 1])).size, 1, 'an id without a row is known to be absent');
  assert.deepEqual(asked, [
    [1, 2],
    [3, 9],
  ]);
  names.set(1, 'Bergen');
  assert.equal((await placesById(2, [1])).get(1), 'Bergen', 'a new generation reads afresh');
});

test('rows are kept for at most the number of ids allowed', async () => {
  let reads = 0;
  const rows = memoRowsPerGeneration(async (ids) => {
    reads++;
    return new Map(ids.map((id) => [id, id * 10]));
  }, 2);
  await rows(1, [1, 2]);
  const found = await rows(1, [1, 3]);
  assert.deepEqual(
    [...found],
    [
      [1, 10],
      [3, 30],
    ],
  );
  assert.equal(reads, 2);
});

test('a value that names when it goes stale is computed afresh from then on, within one generation', async () => {
  let loads = 0;
  let staleAt = Date.now() + 60_000;
  const schedule = memoPerGeneration(
    async () => ({ load: ++loads, staleAt }),
    (value) => value.staleAt,
  );
  assert.equal((await schedule(1)).load, 1);
  assert.equal((await schedule(1)).load, 1, 'kept until its moment');
  staleAt = Date.now() - 1;
  assert.equal((await schedule(2)).load, 2, 'a new generation loads afresh');
  assert.equal((await schedule(2)).load, 3, 'a value already stale is not kept');
});
