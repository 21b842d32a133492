import type { FastifyInstance } from 'fastify';

/**
 * Stops the server with a deadline. New connections are refused at once and idle ones closed; requests
 * in flight get `graceMs` to finish, each connection closing once its answer is sent. Then whatever
 * connections remain (a client that never sends the rest of its request, say) are closed, since one
 * such client would otherwise keep the process alive for as long as it likes. Resolves when the app is
 * closed: its onClose hooks (ballots written, background work stopped) have run, and the database may
 * be closed.
 */
export async function closeWithDeadline(app: FastifyInstance, graceMs: number, say: (message: string) => void): Promise<void> {
  // One grace period for all of it: the handlers still running are waited for until the same moment.
  stopDeadlines.set(app, Date.now() + graceMs);
  const deadline = setTimeout(() => {
    app.server.getConnections((_err, open) => {
      say(`The ${graceMs / 1000} s grace period is over: closing ${open} connection${open === 1 ? '' : 's'} still open.`);
      app.server.closeAllConnections();
    });
  }, graceMs);
  // A connection whose request finishes in the grace period would stay open, kept alive for the
  // client's next request, and hold the close until the deadline: it is closed once it falls idle.
  const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
  try {
    await app.close();
  } finally {
    clearTimeout(deadline);
    clearInterval(sweep);
  }
}

/** When a stopping app's grace period ends (closeWithDeadline), for the handlers still running. */
const stopDeadlines = new WeakMap<FastifyInstance, number>();

/**
 * Counts the route handlers at work, so that a stopping server waits for them before the database is closed.
 * The server's close waits for connections, not handlers: a client that goes away (a reader closing the tab, a
 * load generator stopping) takes its connection with it while its handler is still reading or writing, which
 * would then find the database closed. Call before any route is added; the result settles once no handler runs,
 * or when closeWithDeadline's grace period ends (`graceMs` from the call when the app is closed otherwise).
 * Not counted: what runs after a handler has settled (the error handler, onSend and onResponse hooks).
 */
export function trackRunningHandlers(app: FastifyInstance, graceMs: number): () => Promise<void> {
  let running = 0;
  let waiting: Array<() => void> = [];
  const done = () => {
    if (--running > 0) return;
    for (const wake of waiting) wake();
    waiting = [];
  };
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function (this: FastifyInstance, request, reply) {
      running++;
      let result: unknown;
      try {
        result = handler.call(this, request, reply);
      } catch (err) {
        done();
        throw err;
      }
      if (result instanceof Promise) return result.finally(done);
      done();
      return result;
    };
  });
  return () => {
    if (running === 0) return Promise.resolve();
    const left = (stopDeadlines.get(app) ?? Date.now() + graceMs) - Date.now();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(left, 0));
      waiting.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  };
}
