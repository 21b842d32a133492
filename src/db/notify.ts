import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import type { DatabaseHandle } from './connect.ts';

const CHANNEL = 'rostrum_content_changed';

/** Tells every Rostrum process on this database that content changed: the server after an API write, the CLI after its own. */
export async function announceContentChange<DB>(handle: DatabaseHandle<DB>, sender = ''): Promise<void> {
  // SQLite needs no message: the other processes see data_version move (see ContentChangeBus).
  if (handle.dialect === 'postgres') await sql`select pg_notify(${CHANNEL}, ${sender})`.execute(handle.db);
}

export interface BusOptions {
  onError?: (message: string, err: unknown) => void;
  /** How often SQLite's data_version is read, in ms. */
  pollMs?: number;
}

/**
 * Hears about content changes made by other processes. On PostgreSQL it LISTENs on a dedicated
 * connection and reconnects with backoff; it reports the loss at once (until it is back, changes go
 * unheard), and after the gap it reports a change, since notifications sent meanwhile are lost. On
 * SQLite it watches data_version, which moves when another process commits.
 */
export class ContentChangeBus<DB> {
  private client?: pg.Client;
  private timer?: NodeJS.Timeout;
  private closed = false;
  /** Names this process in its own announcements, so that it does not drop its cache twice for one change. */
  private readonly senderId = randomUUID();

  constructor(
    private readonly handle: DatabaseHandle<DB>,
    private readonly url: string,
    private readonly options: BusOptions = {},
  ) {}

  /** `onLost` is called when the listening connection goes: nothing is heard until `onChange` comes again. */
  async listen(onChange: () => void, onLost: () => void = () => {}): Promise<void> {
    if (this.handle.dialect === 'postgres') return this.listenPostgres(onChange, onLost, 0);
    const read = this.handle.dataVersion;
    if (!read) return;
    let seen = read();
    this.timer = setInterval(() => {
      const now = read();
      if (now !== seen) {
        seen = now;
        onChange();
      }
    }, this.options.pollMs ?? 1000);
    this.timer.unref();
  }

  private async listenPostgres(onChange: () => void, onLost: () => void, attempt: number): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url });
    const firstStart = this.client === undefined;
    // Kept at once, so that close() ends a connection still being made too.
    this.client = client;
    let lost = false;
    let listening = false;
    const reconnect = (err?: unknown) => {
      if (lost || this.closed) return;
      lost = true;
      this.options.onError?.('lost the connection that listens for content changes; reconnecting', err);
      client.end().catch(() => {});
      // A connection that was listening leaves a gap from now on (a failed attempt is in the same gap).
      if (listening) onLost();
      const delay = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
      setTimeout(() => void this.listenPostgres(onChange, onLost, attempt + 1), delay).unref();
    };
    client.on('notification', (message) => {
      if (message.payload !== this.senderId) onChange();
    });
    client.on('error', reconnect);
    client.on('end', () => reconnect());
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      if (this.closed) {
        await client.end().catch(() => {});
        return;
      }
      listening = true;
      // Whatever changed while we were not listening is unknown: start afresh.
      if (attempt > 0) onChange();
      attempt = 0;
    } catch (err) {
      if (firstStart) {
        lost = true;
        this.client = undefined;
        await client.end().catch(() => {});
        throw err;
      }
      reconnect(err);
    }
  }

  publish(): void {
    announceContentChange(this.handle, this.senderId).catch((err) => this.options.onError?.('could not announce a content change', err));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.client?.end().catch(() => {});
  }
}
