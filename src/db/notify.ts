import pg from 'pg';

const CHANNEL = 'rostrum_content_changed';

/**
 * Tells every process sharing this PostgreSQL database that content changed, and listens for the
 * same from the others. SQLite runs in one process, so there it is a no-op.
 */
export class ContentChangeBus {
  private client?: pg.Client;
  private closed = false;

  constructor(
    private readonly url: string | undefined,
    private readonly pool: pg.Pool | undefined,
  ) {}

  async listen(onChange: () => void): Promise<void> {
    if (!this.url) return;
    const connect = async () => {
      const client = new pg.Client({ connectionString: this.url });
      client.on('notification', () => onChange());
      client.on('error', () => {
        // The server went away: drop what we hold (it may be stale) and reconnect.
        onChange();
        if (!this.closed) setTimeout(() => void connect().catch(() => {}), 1000).unref();
      });
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
    };
    await connect();
  }

  publish(): void {
    if (!this.pool) return;
    this.pool.query(`NOTIFY ${CHANNEL}`).catch(() => {});
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => {});
  }
}
