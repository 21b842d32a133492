import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { buildApp, loggableUrl } from './app.tsx';
import { createTestDatabase, type TestDatabase } from '../test/databases.ts';

test('one-time secrets in addresses are masked for the log', () => {
  const token = 'A'.repeat(43);
  assert.equal(loggableUrl(`/admin/password-reset/${token}`), '/admin/password-reset/[redacted]');
  assert.equal(loggableUrl(`/admin/invitations/${token}?x=1`), '/admin/invitations/[redacted]?x=1');
  assert.equal(loggableUrl(`/admin/setup/${token}`), '/admin/setup/[redacted]');
  assert.equal(loggableUrl('/admin/experts/3?_csrf=secret.value&y=2'), '/admin/experts/3?_csrf=[redacted]&y=2');
  assert.equal(loggableUrl('/admin/articles/new?a=1&_csrf=secret'), '/admin/articles/new?a=1&_csrf=[redacted]');
  assert.equal(loggableUrl('/blogs/someone?page=2'), '/blogs/someone?page=2', 'other addresses are kept');
});

describe('the request log', () => {
  let db: TestDatabase;
  let lines: string[];
  let close: () => Promise<void>;
  let inject: Awaited<ReturnType<typeof buildApp>>['app']['inject'];
  before(async () => {
    db = await createTestDatabase('sqlite');
    lines = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const { app } = await buildApp({ ...db.config, logLevel: 'info' }, db.handle, { logStream: stream });
    inject = app.inject.bind(app);
    close = async () => {
      await app.close();
      await db.drop();
    };
  });
  after(() => close());

  test('keeps no live reset, invitation or setup token and no CSRF token, but still logs the request', async () => {
    const secrets = ['Rk9PQkFSYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWpr', 'c2Vjb25kLXNlY3JldC12YWx1ZS1mb3ItdGhlLWxvZ3M0', 'dGhpcmQtc2VjcmV0LXZhbHVlLWZvci10aGUtbG9nczEy'];
    await inject({ url: `/admin/password-reset/${secrets[0]}` });
    await inject({ url: `/admin/invitations/${secrets[1]}` });
    await inject({ url: `/admin/setup/${secrets[2]}` });
    await inject({ method: 'POST', url: '/admin/experts/new?_csrf=csrf-secret-in-the-query', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=x' });
    const log = lines.join('');
    for (const secret of [...secrets, 'csrf-secret-in-the-query']) assert.ok(!log.includes(secret), `the log holds ${secret}`);
    assert.match(log, /"url":"\/admin\/password-reset\/\[redacted\]"/);
    assert.match(log, /"url":"\/admin\/experts\/new\?_csrf=\[redacted\]"/);
  });
});
