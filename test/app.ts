import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { buildApp } from '../src/app.tsx';
import { createApiToken, createUser } from '../src/users/store.ts';
import { createExpert } from '../src/experts/store.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';
import type { Role } from '../src/core/actor.ts';
import type { AppContext } from '../src/context.ts';
import type { PageCache } from '../src/http/page-cache.ts';

export interface TestApp {
  db: TestDatabase;
  app: FastifyInstance;
  /** What the app's plugins were given: for tests that need to hold a shared resource (the image queue). */
  ctx: AppContext;
  tokens: Record<Role, string>;
  /** The app's page cache, for tests of what it keeps. */
  pageCache: PageCache;
  close(): Promise<void>;
}

/** A whole Rostrum on a fresh database with an admin, an editor and an author (linked to the expert "author-expert"). */
export async function startTestApp(kind: 'sqlite' | 'postgres', env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase(kind, env);
  const { app, ctx, pageCache } = await buildApp(db.config, db.handle);
  const authorExpert = await createExpert(db.handle, { name: 'Author Expert', slug: 'author-expert' });
  const tokens = {} as Record<Role, string>;
  for (const role of ['admin', 'editor', 'author'] as const) {
    const user = await createUser(db.handle, { email: `${role}@rostrum.test`, role, expertId: role === 'author' ? authorExpert.id : null });
    tokens[role] = await createApiToken(db.handle, user.id);
  }
  return {
    db,
    app,
    ctx,
    tokens,
    pageCache,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A small real JPEG made on the spot. */
export async function sampleJpeg(width = 900, height = 600): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 90, b: 140 } } })
    .jpeg()
    .toBuffer();
}

export interface UploadFile {
  name: string;
  type: string;
  bytes: Buffer;
}

/**
 * A multipart/form-data body with text fields and one file part, as curl -F or a browser form sends it.
 * `fileField` names the file part; `emptyFilePart` sends it empty, as a browser does when no file is chosen.
 */
export function multipartBody(file: UploadFile | undefined, fields: Record<string, string>, options: { fileField?: string; emptyFilePart?: boolean } = {}) {
  const boundary = `----rostrum${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  const part = file ?? (options.emptyFilePart ? { name: '', type: 'application/octet-stream', bytes: Buffer.alloc(0) } : undefined);
  if (part) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${options.fileField ?? 'file'}"; filename="${part.name}"\r\nContent-Type: ${part.type}\r\n\r\n`));
    chunks.push(part.bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Strings that must come out escaped or sanitised wherever they are shown. */
export const hostileStrings = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "javascript:alert('x')", '<svg onload=alert(1)>', "'; DROP TABLE articles; --"];
