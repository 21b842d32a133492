import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from './databases.ts';
import { bearer, startTestApp, type TestApp } from './app.ts';
import { officeSessionFor, type OfficeSession } from './office.ts';
import { runCliInProcess } from './cli.ts';
import { listAuditEvents } from '../src/audit/store.ts';
import { getExpertBySlug } from '../src/experts/store.ts';
import { getTagBySlug } from '../src/tags/store.ts';
import { listGlossaryTerms } from '../src/glossary/store.ts';

/**
 * Every change to experts, tags, portals, the glossary, the site settings and the signing secrets goes
 * through its command, from each entry point there is for it: each lands in the audit log under the
 * actor who made it, and a refused one leaves neither an entry nor data behind.
 */
interface Context {
  t: TestApp;
  office: Record<'admin' | 'editor' | 'author', OfficeSession>;
  api(role: 'admin' | 'editor' | 'author', method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<{ statusCode: number; body: string }>;
  cli(args: string[]): Promise<{ statusCode: number }>;
  expertId(slug: string): Promise<number>;
  tagId(slug: string): Promise<number>;
  termId(term: string): Promise<number>;
}

type Row = [entry: string, action: string, actor: string, expected: number, run: (c: Context) => Promise<{ statusCode: number }>];

const admin = 'admin@rostrum.test';
const editor = 'editor@rostrum.test';

// In order: later rows change what earlier ones made.
const changes: Row[] = [
  ['API', 'expert.create', admin, 201, (c) => c.api('admin', 'POST', '/api/v1/experts', { name: 'Api Fellow' })],
  ['API', 'expert.update', admin, 200, (c) => c.api('admin', 'PATCH', '/api/v1/experts/api-fellow', { title: 'Senior Fellow' })],
  ['API', 'expert.delete', admin, 204, (c) => c.api('admin', 'DELETE', '/api/v1/experts/api-fellow')],
  ['office', 'expert.create', admin, 303, (c) => c.office.admin.post('/admin/experts/new', { name: 'Office Fellow' })],
  ['office', 'expert.update', admin, 303, async (c) => c.office.admin.post(`/admin/experts/${await c.expertId('office-fellow')}`, { name: 'Office Fellow', title: 'Fellow' })],
  ['office', 'expert.delete', admin, 303, async (c) => c.office.admin.post(`/admin/experts/${await c.expertId('office-fellow')}/delete`, { confirm: '1' })],
  ['CLI', 'expert.create', 'command line: rostrum expert create', 0, (c) => c.cli(['expert', 'create', '--name', 'Cli Fellow'])],
  ['API', 'tag.create', editor, 201, (c) => c.api('editor', 'POST', '/api/v1/tags', { name: 'Command Topic' })],
  ['office', 'tag.update', editor, 303, async (c) => c.office.editor.post(`/admin/tags/${await c.tagId('command-topic')}`, { name: 'Renamed Topic', kind: 'topic' })],
  ['office', 'tag.delete', editor, 303, async (c) => c.office.editor.post(`/admin/tags/${await c.tagId('command-topic')}/delete`, { confirm: '1' })],
  ['API', 'portal.update', editor, 200, (c) => c.api('editor', 'PUT', '/api/v1/portals/business', { intro: 'For decision makers.' })],
  ['office', 'portal.update', editor, 303, (c) => c.office.editor.post('/admin/portals/students', { title: 'For students', intro: 'Start here.' })],
  ['API', 'glossary.create', editor, 201, (c) => c.api('editor', 'POST', '/api/v1/glossary', { term: 'WTO', expansion: 'World Trade Organization' })],
  ['API', 'glossary.update', editor, 200, async (c) => c.api('editor', 'PATCH', `/api/v1/glossary/${await c.termId('WTO')}`, { definition: 'Geneva.' })],
  ['API', 'glossary.delete', editor, 204, async (c) => c.api('editor', 'DELETE', `/api/v1/glossary/${await c.termId('WTO')}`)],
  ['office', 'glossary.create', editor, 303, (c) => c.office.editor.post('/admin/glossary/new', { term: 'EAEU', expansion: 'Eurasian Economic Union', definition: '' })],
  [
    'office',
    'glossary.update',
    editor,
    303,
    async (c) => c.office.editor.post(`/admin/glossary/${await c.termId('EAEU')}`, { term: 'EAEU', expansion: 'Eurasian Economic Union', definition: 'Five states.' }),
  ],
  ['office', 'glossary.delete', editor, 303, async (c) => c.office.editor.post(`/admin/glossary/${await c.termId('EAEU')}/delete`, { confirm: '1' })],
  ['API', 'settings.update', admin, 200, (c) => c.api('admin', 'PATCH', '/api/v1/settings', { tagline: 'Commanded' })],
  [
    'office',
    'settings.update',
    admin,
    303,
    (c) => c.office.admin.post('/admin/settings', { name: 'Rostrum', tagline: 'Office tagline', description: 'D.', brand_color: '#8a1c2b', brand_color_picker: '#8a1c2b' }),
  ],
  // The secret commands' actor has always been "system" in the log; their detail says "from the command line".
  ['CLI', 'secret.rotate', 'command line: rostrum secret rotate', 0, (c) => c.cli(['secret', 'rotate'])],
  ['CLI', 'secret.prune', 'command line: rostrum secret prune', 0, (c) => c.cli(['secret', 'prune'])],
];

type Refused = [what: string, expected: number, run: (c: Context) => Promise<{ statusCode: number }>];

const refusals: Refused[] = [
  ['an editor adds an expert through the API', 403, (c) => c.api('editor', 'POST', '/api/v1/experts', { name: 'Not Yours' })],
  ['an expert with a taken slug, in the office', 409, (c) => c.office.admin.post('/admin/experts/new', { name: 'Twin', slug: 'author-expert' })],
  ['an expert with a taken slug, on the command line', 2, (c) => c.cli(['expert', 'create', '--name', 'Twin', '--slug', 'author-expert'])],
  // Editors keep every profile now; an author may not rename their own (the name is the byline).
  ['an author renames their own expert in the office', 403, async (c) => c.office.author.post(`/admin/experts/${await c.expertId('author-expert')}`, { name: 'Renamed' })],
  ['an author makes a tag', 403, (c) => c.api('author', 'POST', '/api/v1/tags', { name: 'Mine' })],
  ['a tag without a letter', 422, (c) => c.api('editor', 'POST', '/api/v1/tags', { name: '!!!' })],
  ['a portal listing an article that does not exist', 422, (c) => c.api('editor', 'PUT', '/api/v1/portals/business', { articles: [999_999] })],
  ['a glossary term that is there already (found on writing)', 409, (c) => c.api('editor', 'POST', '/api/v1/glossary', { term: 'cli', expansion: 'Again' })],
  ['an editor changes the settings in the office', 403, (c) => c.office.editor.post('/admin/settings', { name: 'Taken', tagline: '', description: '', brand_color: '#8a1c2b' })],
  ['an empty site name', 422, (c) => c.api('admin', 'PATCH', '/api/v1/settings', { name: ' ' })],
];

for (const kind of await databaseKinds()) {
  describe(`changes to content go through their commands, on ${kind}`, () => {
    let c: Context;
    before(async () => {
      const t = await startTestApp(kind);
      const office = {
        admin: await officeSessionFor(t.app, t.db.handle, admin),
        editor: await officeSessionFor(t.app, t.db.handle, editor),
        author: await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test'),
      };
      const found = (id: number | undefined, what: string) => id ?? assert.fail(`no ${what}`);
      c = {
        t,
        office,
        api: (role, method, url, body) =>
          t.app.inject({
            method,
            url,
            headers: { ...bearer(t.tokens[role]), ...(body !== undefined && { 'content-type': 'application/json' }) },
            ...(body !== undefined && { payload: JSON.stringify(body) }),
          }),
        cli: async (args) => {
          const result = await runCliInProcess(args, t.db.cliEnv);
          return { statusCode: result.code };
        },
        expertId: async (slug) => found((await getExpertBySlug(t.db.handle, slug))?.id, slug),
        tagId: async (slug) => found((await getTagBySlug(t.db.handle, slug))?.id, slug),
        termId: async (term) => found((await listGlossaryTerms(t.db.handle)).find((row) => row.term === term)?.id, term),
      };
    });
    after(() => c.t.close());

    /** What a refused change must not touch: the log, and every table these commands write. */
    async function everything() {
      const { db } = c.t.db.handle;
      const rows = await Promise.all(
        (['auditEvents', 'experts', 'tags', 'glossaryTerms', 'settings', 'portals', 'portalArticles', 'media'] as const).map((table) => db.selectFrom(table).selectAll().execute()),
      );
      return JSON.stringify(rows);
    }

    test('a refused change leaves no audit entry and no data', async () => {
      await c.api('editor', 'POST', '/api/v1/glossary', { term: 'CLI', expansion: 'Command-line interface' });
      for (const [what, expected, run] of refusals) {
        const before = await everything();
        assert.equal((await run(c)).statusCode, expected, what);
        assert.equal(await everything(), before, what);
      }
    });

    test('an office form with several mistakes shows each beside its field; the API names the first', async () => {
      const page = await c.office.admin.post('/admin/settings', { name: ' ', tagline: 'x'.repeat(400), description: '', brand_color: 'not a colour' });
      assert.equal(page.statusCode, 422);
      const errors = [...page.body.matchAll(/<li><a href="#field-([a-z_]+)">/g)].map((m) => m[1]);
      assert.deepEqual(errors.sort(), ['brand_color', 'name', 'tagline']);
      const api = await c.api('admin', 'PATCH', '/api/v1/settings', { name: ' ', tagline: 'x'.repeat(400), brand_color: 'not a colour' });
      assert.equal(api.statusCode, 422);
      assert.equal((JSON.parse(api.body) as { error: { field: string } }).error.field, 'name');
    });

    // Last: rotating and pruning the signing secrets ends the office sessions' form tokens.
    test('each change, from each entry point, is in the audit log under its actor', async () => {
      for (const [entry, action, actor, expected, run] of changes) {
        const before = (await listAuditEvents(c.t.db.handle, { limit: 1 }))[0]?.id ?? 0;
        const res = await run(c);
        assert.equal(res.statusCode, expected, `${action} from the ${entry}`);
        const entries = (await listAuditEvents(c.t.db.handle, { limit: 10 })).filter((e) => e.id > before);
        assert.deepEqual(
          entries.map((e) => [e.action, e.actorLabel]),
          [[action, actor]],
          `${action} from the ${entry}`,
        );
      }
    });
  });
}
