import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { closeWithDeadline, trackRunningHandlers } from './shutdown.ts';

/** A server with one route whose handler waits for `release`, and the order in which things ended. */
async function serverWithSlowRoute(graceMs: number) {
  const app = Fastify();
  const handlersDone = trackRunningHandlers(app, graceMs);
  const events: string[] = [];
  let started!: () => void;
  const handlerStarted = new Promise<void>((resolve) => (started = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  app.get('/slow', async () => {
    started();
    await released;
    events.push('handler finished');
    return { ok: true };
  });
  app.get('/quick', () => ({ ok: true }));
  app.addHook('onClose', async () => {
    await handlersDone();
    events.push('handlers done');
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, address, events, handlerStarted, release };
}

/** A request to /slow whose client gives up once the handler has started: the handler goes on without it. */
async function abandonSlowRequest(address: string, handlerStarted: Promise<void>): Promise<unknown> {
  const client = new AbortController();
  const request = fetch(`${address}/slow`, { signal: client.signal }).catch((err: unknown) => err);
  await handlerStarted;
  client.abort();
  return request;
}

test('a stopping server waits for a handler whose client went away before it lets the database close', async () => {
  const { app, address, events, handlerStarted, release } = await serverWithSlowRoute(10_000);
  assert.deepEqual(await (await fetch(`${address}/quick`)).json(), { ok: true }, 'handlers that are not promises answer as before');
  assert.ok((await abandonSlowRequest(address, handlerStarted)) instanceof Error, 'the client is gone');
  const closed = closeWithDeadline(app, 10_000, () => {}).then(() => events.push('closed'));
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(events, [], 'the close waits for the handler');
  release();
  await closed;
  assert.deepEqual(events, ['handler finished', 'handlers done', 'closed']);
});

test('a handler that never finishes holds the close for the grace period only', async () => {
  const { app, address, events, handlerStarted } = await serverWithSlowRoute(200);
  await abandonSlowRequest(address, handlerStarted);
  await closeWithDeadline(app, 200, () => {});
  assert.deepEqual(events, ['handlers done']);
});

test('the handlers share the grace period of the close: a stop takes it once, not twice', async () => {
  const { app, address, events, handlerStarted } = await serverWithSlowRoute(60_000);
  await abandonSlowRequest(address, handlerStarted);
  // The tracker's own bound is a minute; the close's grace period, 300 ms, is the one that counts.
  await closeWithDeadline(app, 300, () => {});
  assert.deepEqual(events, ['handlers done']);
});
