import { afterEach, beforeEach, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { DueTimer } from './due-timer.ts';

// The clock is node:test's: Date and setTimeout move only when a test says so, so nothing here sleeps.
const start = Date.parse('2026-12-01T09:00:00Z');
beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'], now: start }));
afterEach(() => mock.timers.reset());

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
/** Lets the timer's look-up (a promise) settle, so that it arms its timeout before the clock moves. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};
/** Moves the clock on by `ms`, letting each look-up the timer makes on the way settle. */
async function advance(ms: number, step = 1) {
  for (let moved = 0; moved < ms; moved += step) {
    await settle();
    mock.timers.tick(Math.min(step, ms - moved));
  }
  await settle();
}

test('DueTimer fires at the next moment, then looks for the one after', async () => {
  const moments = [inMs(60), inMs(120)];
  const fired: number[] = [];
  const timer = new DueTimer(
    async () => moments.find((m) => Date.parse(m) > Date.now()),
    () => fired.push(Date.now() - start),
  );
  timer.rearm();
  await advance(59);
  assert.deepEqual(fired, [], 'nothing before the first moment');
  await advance(200);
  timer.stop();
  assert.deepEqual(fired, [60, 120], 'each moment fires once, at its time');
});

test('DueTimer with nothing scheduled stays quiet, and a rearm after a change picks the new moment up', async () => {
  let next: string | undefined;
  let fired = 0;
  const timer = new DueTimer(
    async () => next,
    () => fired++,
  );
  timer.rearm();
  await advance(1000);
  assert.equal(fired, 0);
  next = inMs(50);
  timer.rearm();
  await settle();
  next = undefined; // it fires once, then finds nothing more
  await advance(1000);
  timer.stop();
  assert.equal(fired, 1);
});

test('a moment further off than setTimeout can wait is reached in steps, and fires once', async () => {
  const far = inMs(40 * 24 * 3600 * 1000); // 40 days: past setTimeout's 24.8-day limit
  let fired = 0;
  const timer = new DueTimer(
    async () => (Date.parse(far) > Date.now() ? far : undefined),
    () => fired++,
  );
  timer.rearm();
  await settle();
  mock.timers.tick(2 ** 31 - 1);
  await settle();
  assert.equal(fired, 0, 'the first step only looks again');
  mock.timers.tick(40 * 24 * 3600 * 1000 - (2 ** 31 - 1));
  await settle();
  timer.stop();
  assert.equal(fired, 1);
});

test('a stopped DueTimer never fires; errors go to the handler', async () => {
  let fired = 0;
  const errors: unknown[] = [];
  const stopped = new DueTimer(
    async () => inMs(30),
    () => fired++,
  );
  stopped.rearm();
  await settle();
  stopped.stop();
  const failing = new DueTimer(
    async () => {
      throw new Error('database away');
    },
    () => fired++,
    (err) => errors.push(err),
  );
  failing.rearm();
  await advance(100);
  assert.equal(fired, 0);
  assert.equal(errors.length, 1);
});
