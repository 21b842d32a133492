// SIGTERM to a real `rostrum serve` with requests in flight: one client that never finishes its request
// body must not keep the process alive past its grace period, a request that finishes within the grace
// period gets its whole answer, and every vote acknowledged before the signal is counted.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { createTestDatabase, databaseKinds } from '../test/databases.ts';
import { runCli } from '../test/cli.ts';
import { isRunning, startServe } from '../test/servers.ts';
import { countVotes, createPoll } from './polls/store.ts';

/** A POST whose headers the server has read and routed (it answered "100 Continue") and whose body is half sent. */
interface HalfSentPost {
  socket: net.Socket;
  /** Everything the server sent back on this connection. */
  received: () => string;
  /** Resolves when the server has closed the connection. */
  closed: Promise<void>;
  sendRest(): void;
}

async function halfSendPost(baseUrl: string, path: string, body: string): Promise<HalfSentPost> {
  const { hostname, port } = new URL(baseUrl);
  const socket = net.connect(Number(port), hostname);
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => (received += d));
  const closed = once(socket, 'close').then(() => undefined);
  await once(socket, 'connect');
  // "Expect: 100-continue" makes the server say when it has the headers: from then on the request is
  // in flight, routed before any signal arrives.
  socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\n` + `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`);
  while (!received.includes('100 Continue')) await once(socket, 'data');
  received = '';
  const half = Math.floor(body.length / 2);
  socket.write(body.slice(0, half));
  return { socket, received: () => received, closed, sendRest: () => socket.write(body.slice(half)) };
}

/** Waits for one whole HTTP response on the socket (headers and a Content-Length body). */
async function readResponse(post: HalfSentPost): Promise<{ status: number; body: string }> {
  for (;;) {
    const text = post.received();
    const end = text.indexOf('\r\n\r\n');
    if (end >= 0) {
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end))?.[1] ?? NaN);
      const body = text.slice(end + 4);
      if (Buffer.byteLength(body) >= length) return { status: Number(text.slice(9, 12)), body };
    }
    if (post.socket.destroyed) throw new Error(`the connection closed before a whole response came:\n${text}`);
    await Promise.race([once(post.socket, 'data'), post.closed]);
  }
}

async function vote(baseUrl: string, pollId: number, optionId: number): Promise<number> {
  const response = await fetch(`${baseUrl}/polls/${pollId}/vote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ option: optionId }) });
  await response.arrayBuffer();
  return response.status;
}

for (const kind of await databaseKinds()) {
  describe(`SIGTERM to \`rostrum serve\` on ${kind}`, { timeout: 180_000 }, () => {
    test('a stalled request does not hold the process past its grace period; one finishing in time is answered; acknowledged votes are counted', async () => {
      const db = await createTestDatabase(kind);
      // Bundle once, so the server starts without waiting for esbuild.
      assert.equal((await runCli(['help'], {})).code, 0);
      const poll = await createPoll(db.handle, { question: 'Will the bridge open this year?', options: ['Yes', 'No'], status: 'open' });
      const server = startServe({
        ...db.cliEnv,
        HOST: '127.0.0.1',
        PORT: '0',
        PUBLIC_URL: 'http://rostrum.test',
        ROSTRUM_DEMO: '0',
        ROSTRUM_LOG_LEVEL: 'warn',
        ROSTRUM_VOTE_RATE_LIMIT: '0',
        ROSTRUM_SHUTDOWN_GRACE_SECONDS: '5',
      });
      try {
        const url = await server.url;
        const statuses = await Promise.all(Array.from({ length: 12 }, (_, i) => vote(url, poll.id, poll.options[i % 2]!.id)));
        assert.deepEqual(statuses, Array(12).fill(200), 'every vote before the signal is acknowledged');

        const ballot = JSON.stringify({ option: poll.options[0]!.id });
        const stalled = await halfSendPost(url, `/polls/${poll.id}/vote`, ballot);
        const finishing = await halfSendPost(url, `/polls/${poll.id}/vote`, ballot);

        const exited = once(server.child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
        server.child.kill('SIGTERM');
        while (!/Rostrum is stopping/.test(server.output)) await once(server.child.stderr!, 'data');
        finishing.sendRest();
        const answer = await readResponse(finishing);
        assert.equal(answer.status, 200, answer.body);
        assert.equal((JSON.parse(answer.body) as { total: number }).total, 13, 'the request finished within the grace period gets its whole answer');

        // The stalled client never sends the rest: the process closes its connection and exits anyway.
        await stalled.closed;
        const [code, signal] = await exited;
        assert.equal(signal, null, server.output);
        assert.equal(code, 0, server.output);
        assert.match(server.output, /closing 1 connection/, 'the process says it cut a connection off');
        assert.equal((await countVotes(db.handle, poll.id)).voters, 13, 'every acknowledged vote is counted');
      } finally {
        if (isRunning(server)) server.child.kill('SIGKILL');
        await db.drop();
      }
    });
  });
}

test('with no stalled client the process exits once the requests in flight are answered, not at the deadline', { timeout: 180_000 }, async () => {
  const db = await createTestDatabase('sqlite');
  assert.equal((await runCli(['help'], {})).code, 0);
  const poll = await createPoll(db.handle, { question: 'Is the ferry on time?', options: ['Yes', 'No'], status: 'open' });
  // A grace period longer than the test's timeout: waiting it out would fail the test.
  const server = startServe({ ...db.cliEnv, HOST: '127.0.0.1', PORT: '0', PUBLIC_URL: 'http://rostrum.test', ROSTRUM_DEMO: '0', ROSTRUM_LOG_LEVEL: 'warn', ROSTRUM_SHUTDOWN_GRACE_SECONDS: '3600' });
  try {
    const url = await server.url;
    // fetch keeps its connection alive for the next request, as browsers and load balancers do.
    assert.equal(await vote(url, poll.id, poll.options[0]!.id), 200);
    // A search starts the read pool's threads (SQLite): closing the database must end them too, or the process stays.
    const search = await fetch(`${url}/api/v1/public/search?q=ferry`);
    assert.equal(search.status, 200, await search.text());
    const finishing = await halfSendPost(url, `/polls/${poll.id}/vote`, JSON.stringify({ option: poll.options[1]!.id }));
    const exited = once(server.child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    server.child.kill('SIGTERM');
    while (!/Rostrum is stopping/.test(server.output)) await once(server.child.stderr!, 'data');
    finishing.sendRest();
    assert.equal((await readResponse(finishing)).status, 200);
    assert.deepEqual(await exited, [0, null], server.output);
    assert.doesNotMatch(server.output, /grace period is over/);
    assert.equal((await countVotes(db.handle, poll.id)).voters, 2);
  } finally {
    if (isRunning(server)) server.child.kill('SIGKILL');
    await db.drop();
  }
});
