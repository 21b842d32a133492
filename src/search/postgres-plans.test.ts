import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery, sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { canReachPostgres, createTestDatabase, type TestDatabase } from '../../test/databases.ts';
import { buildApp } from '../app.tsx';
import type { Db } from '../schema.ts';
import { ensureTag } from '../tags/store.ts';
import { rebuildSearchIndex } from './documents.ts';
import { searchArticles, type SearchRequest } from './search.ts';

// Skipped, and reported so, where PostgreSQL is not running; on CI canReachPostgres fails the file instead.
const skip = (await canReachPostgres()) ? false : 'PostgreSQL is not reachable';

/** Enough articles that a scan of a common word's matches, or of the whole table, is what the planner would pick unguided. */
const articleCount = 4000;

/** Every statement run through the handle it wraps, compiled, in order. */
class StatementRecorder implements KyselyPlugin {
  readonly statements: CompiledQuery[] = [];
  constructor(private readonly handle: Db) {}

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    this.statements.push(this.handle.db.getExecutor().compileQuery(node, queryId));
    return node;
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Filter?: string;
  'Index Cond'?: string;
  /** What the node gives (VERBOSE): the query GIN is asked for is computed once, by the CTE q's node. */
  Output?: string[];
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/** Every node of a statement's plan, which is made but not run. */
async function planNodes(db: Db['db'], statement: CompiledQuery): Promise<PlanNode[]> {
  const { rows } = await db.executeQuery<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(CompiledQuery.raw(`explain (format json, verbose) ${statement.sql}`, [...statement.parameters]));
  return nodesOf(rows[0]!['QUERY PLAN'][0]!.Plan);
}

/**
 * The plans of what `work` runs, statement by statement, in one transaction as the engine runs them:
 * statements that only set the planner's configuration are run (they shape the plans after them),
 * every other one is explained, not run.
 */
async function plansOf(handle: Db, work: (recording: Db) => Promise<unknown>): Promise<Array<{ sql: string; nodes: PlanNode[] }>> {
  const recorder = new StatementRecorder(handle);
  await work({ ...handle, db: handle.db.withPlugin(recorder) });
  return handle.db.transaction().execute(async (trx) => {
    const plans: Array<{ sql: string; nodes: PlanNode[] }> = [];
    for (const statement of recorder.statements) {
      if (/^(begin|commit|rollback)/i.test(statement.sql)) continue;
      if (statement.sql.startsWith('select set_config(')) {
        await trx.executeQuery(statement);
        continue;
      }
      plans.push({ sql: statement.sql, nodes: await planNodes(trx, statement) });
    }
    return plans;
  });
}

/** Whether GIN is asked for the query that the CTE q computed once (its output, a parameter in the scans). */
const gins = (reads: PlanNode[]) => reads.some((n) => /terms @@ /.test(n['Index Cond'] ?? '') && n['Index Name'] === 'search_documents_terms_idx');
/** The tsquery the CTE q gives the scans: the constant the planner folded the reader's query to. */
const asked = (plans: Array<{ nodes: PlanNode[] }>) =>
  plans
    .flatMap((p) => p.nodes)
    .flatMap((n) => n.Output ?? [])
    .filter((o) => o.includes('::tsquery'))
    .join(' ');
const describeNode = (n: PlanNode) => `${n['Node Type']} on ${n['Relation Name'] ?? n['Index Name'] ?? '?'}${n.Filter ? ` filtering ${n.Filter}` : ''}`;

/** Fills the database in bulk: experts, published articles over five years with tags, their search documents. */
async function fillArchive(handle: Db): Promise<void> {
  const { db } = handle;
  await sql`insert into experts (slug, name, created_at, updated_at)
    select 'expert-' || e, 'Expert Number' || e, now(), now() from generate_series(1, 40) e`.execute(db);
  for (let i = 1; i <= 20; i++) await ensureTag(handle, `Tag ${i}`, 'topic');
  // Every article holds the common words; each place name is in a few; the phrase "fiscal policy" in one
  // article in eight, while both its words are in every one.
  await sql`insert into articles (expert_id, slug, title, lead, status, language, published_at, created_at, updated_at, body_markdown, body_html)
    select (select min(id) from experts) + i % 40, 'article-' || i, 'Inflation outlook ' || i, 'A lead on policy and trade.', 'published', 'en',
      now() - (i * interval '11 hours'), now(), now(), '',
      '<p>Policy makers weigh inflation, fiscal rules and trade. ' || case when i % 8 = 0 then 'The fiscal policy of the year. ' else 'Policy, then fiscal prudence. ' end ||
      'Observers in Kalo' || (i % 700) || 'mir watch this closely.</p>'
    from generate_series(1, ${articleCount}) i`.execute(db);
  await sql`insert into article_tags (article_id, tag_id)
    select a.id, (select min(id) from tags) + (a.id + k) % 20 from articles a, generate_series(0, 2) k`.execute(db);
  await rebuildSearchIndex(handle);
  await sql`analyze`.execute(db);
}

describe('PostgreSQL query plans at a few thousand articles', { skip }, () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let appHandle: Db;
  let recorder: StatementRecorder;
  let tagSlug: string;
  let tagId: number;
  let expertId: number;
  let expertSlug: string;

  before(async () => {
    t = await createTestDatabase('postgres');
    await fillArchive(t.handle);
    recorder = new StatementRecorder(t.handle);
    appHandle = { ...t.handle, db: t.handle.db.withPlugin(recorder) };
    ({ app } = await buildApp(t.config, appHandle));
    const tag = await t.handle.db.selectFrom('tags').select(['id', 'slug']).orderBy('id').executeTakeFirstOrThrow();
    ({ id: tagId, slug: tagSlug } = tag);
    const expert = await t.handle.db.selectFrom('experts').select(['id', 'slug']).orderBy('id').executeTakeFirstOrThrow();
    ({ id: expertId, slug: expertSlug } = expert);
  });
  after(async () => {
    await app?.close();
    await t?.drop();
  });

  const searchPlans = async (request: SearchRequest) => {
    const plans = await plansOf(t.handle, (recording) => searchArticles(recording, request));
    const reads = plans.flatMap((p) => p.nodes).filter((n) => n['Relation Name'] === 'search_documents' || n['Index Name']?.startsWith('search_documents'));
    return { plans, reads };
  };

  /** search_documents read only through GIN bitmaps of `terms` (or by id for the page's excerpts), no vector read per row to test it. */
  function assertIndexOnly(request: SearchRequest, reads: PlanNode[]) {
    const label = JSON.stringify(request);
    assert.ok(
      reads.some((n) => n['Node Type'] === 'Bitmap Index Scan' && n['Index Name'] === 'search_documents_terms_idx'),
      `${label}: GIN answers the match (${reads.map(describeNode).join('; ')})`,
    );
    for (const node of reads) {
      assert.notEqual(node['Node Type'], 'Seq Scan', `${label}: ${describeNode(node)}`);
      assert.doesNotMatch(node.Filter ?? '', /@@/, `${label}: no row is matched by reading its vector (${describeNode(node)})`);
      if (node['Node Type'] === 'Index Scan') assert.equal(node['Index Name'], 'search_documents_pkey', `${label}: only the page's rows are read by key (${describeNode(node)})`);
    }
  }

  test('common and rare words, pairs, exclusions, pages: GIN bitmaps only, never a scan of the documents', async () => {
    for (const query of ['policy', 'inflation trade', 'kalo7mir', 'policy -zeppelin', 'zeppelin']) {
      for (const sort of ['relevance', 'date'] as const) {
        const request = { query, sort, page: 2 };
        assertIndexOnly(request, (await searchPlans(request)).reads);
      }
    }
  });

  test('a phrase is found as the AND of its word pairs in GIN: no match has its positions read', async () => {
    const request = { query: '"fiscal policy"' };
    const { reads } = await searchPlans(request);
    assertIndexOnly(request, reads);
    const { plans } = await searchPlans(request);
    assert.ok(gins(reads) && asked(plans).includes("'fiscal 1 polici'"), `the pair is what GIN looks up: ${asked(plans)}`);
    const found = await searchArticles(t.handle, request);
    assert.equal(found.total, articleCount / 8, 'only the articles that hold the phrase, not those with both words apart');
  });

  test('filters are answered inside the index query: expert as a lexeme, tags and dates beside it', async () => {
    const requests: SearchRequest[] = [
      { query: 'policy', filters: { expertId } },
      { query: 'policy', filters: { tagIds: [tagId] } },
      { query: 'policy', filters: { from: '2024-01-01', to: '2024-06-30' } },
      { query: 'policy', filters: { language: 'en' }, sort: 'date' },
    ];
    for (const request of requests) {
      const { reads } = await searchPlans(request);
      assertIndexOnly(request, reads);
    }
    const { reads } = await searchPlans(requests[0]!);
    const { plans } = await searchPlans(requests[0]!);
    assert.ok(gins(reads) && asked(plans).includes(`'#e${expertId}'`), `the expert is looked up in GIN: ${asked(plans)}`);
    for (const n of (await searchPlans(requests[1]!)).plans.flatMap((p) => p.nodes)) assert.notEqual(n['Node Type'], 'Seq Scan', `tag filter: ${describeNode(n)}`);
  });

  test('the public listing API reads its indexes, unfiltered, by tag, by expert and from a cursor', async () => {
    const first = await app.inject({ method: 'GET', url: '/api/v1/public/articles?limit=10' });
    assert.equal(first.statusCode, 200);
    const cursor = (first.json() as { next_cursor: string }).next_cursor;
    for (const url of [
      '/api/v1/public/articles?limit=10',
      `/api/v1/public/articles?limit=10&tag=${tagSlug}`,
      `/api/v1/public/articles?limit=10&expert=${expertSlug}`,
      `/api/v1/public/articles?limit=10&cursor=${cursor}`,
    ]) {
      recorder.statements.length = 0;
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200, url);
      assert.ok(recorder.statements.length > 0, url);
      for (const statement of recorder.statements) {
        for (const node of await planNodes(t.handle.db, statement)) {
          const table = node['Relation Name'];
          if (table === 'articles' || table === 'article_tags') assert.notEqual(node['Node Type'], 'Seq Scan', `${url}: ${describeNode(node)} in ${statement.sql}`);
        }
      }
    }
  });
});
