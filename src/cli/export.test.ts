import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { OutputError, streamWriter } from './export.ts';

test('streamWriter waits for drain, so a slow reader never makes the buffer grow', async () => {
  let maxBuffered = 0;
  const slow = new Writable({
    highWaterMark: 256,
    write(_chunk, _encoding, callback) {
      setTimeout(callback, 1);
    },
  });
  const write = streamWriter(slow);
  const chunk = 'x'.repeat(100);
  for (let i = 0; i < 200; i++) {
    await write(chunk);
    maxBuffered = Math.max(maxBuffered, slow.writableLength);
  }
  assert.ok(maxBuffered <= 256 + chunk.length, `buffered at most ${maxBuffered} bytes`);
});

test('streamWriter turns the stream\'s error into an OutputError for this and every later write', async () => {
  const full = new Writable({
    write(_chunk, _encoding, callback) {
      callback(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
    },
  });
  const write = streamWriter(full);
  await write('a').catch(() => {});
  await new Promise((r) => setImmediate(r));
  const err = await write('b').then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof OutputError);
  assert.equal(err.code, 'ENOSPC');
  assert.equal(err.readerGone, false);
  await assert.rejects(write('c'), OutputError);
});

test('a closed pipe (EPIPE) means the reader is gone', () => {
  assert.equal(new OutputError(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })).readerGone, true);
});
