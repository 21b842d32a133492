import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DueTimer } from './due-timer.ts';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('DueTimer fires at the next moment, then looks for the one after', async () => {
  const moments = [new Date(Date.now() + 60).toISOString(), new Date(Date.now() + 120).toISOString()];
  const fired: number[] = [];
  const timer = new DueTimer(async () => moments.find((m) => Date.parse(m) > Date.now()), () => fired.push(Date.now()));
  timer.rearm();
  await settle(400);
  timer.stop();
  assert.equal(fired.length, 2);
});

test('DueTimer with nothing scheduled stays quiet, and a rearm after a change picks the new moment up', async () => {
  let next: string | undefined;
  let fired = 0;
  const timer = new DueTimer(async () => next, () => fired++);
  timer.rearm();
  await settle(50);
  assert.equal(fired, 0);
  next = new Date(Date.now() + 50).toISOString();
  timer.rearm();
  next = undefined; // it fires once, then finds nothing more
  await settle(250);
  timer.stop();
  assert.equal(fired, 1);
});

test('a stopped DueTimer never fires; errors go to the handler', async () => {
  let fired = 0;
  const errors: unknown[] = [];
  const stopped = new DueTimer(async () => new Date(Date.now() + 30).toISOString(), () => fired++);
  stopped.rearm();
  await settle(5);
  stopped.stop();
  const failing = new DueTimer(async () => { throw new Error('database away'); }, () => fired++, (err) => errors.push(err));
  failing.rearm();
  await settle(100);
  assert.equal(fired, 0);
  assert.equal(errors.length, 1);
});
