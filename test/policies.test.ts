import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { UserActor, Role } from '../src/core/actor.ts';
import { mayArticle, type ArticleAction } from '../src/articles/policies.ts';
import type { ArticleStatus } from '../src/articles/tables.ts';
import { stepAllowedFrom, stepBetween } from '../src/articles/workflow.ts';
import { expertPolicy } from '../src/experts/policies.ts';
import { tagPolicy } from '../src/tags/policies.ts';
import { portalPolicy } from '../src/portals/policies.ts';
import { sitePolicy } from '../src/site/policies.ts';
import { pollPolicy } from '../src/polls/policies.ts';
import { auditPolicy } from '../src/audit/policies.ts';
import { tokenPolicy, userPolicy } from '../src/users/policies.ts';

const OWN = 1;
const OTHER = 2;
const roles = ['admin', 'editor', 'author'] as const;
const actor = (role: Role): UserActor => ({ userId: 1, email: `${role}@x`, name: role, role, expertId: role === 'author' ? OWN : null });

type Cell = 'yes' | 'no';
/**
 * The article matrix: for each action, the answer for [admin, editor, author] on the author's own
 * expert's article and on another expert's, in each status. Written out in full so that a change to
 * policies.ts shows up here as a changed line.
 */
const articleMatrix: Record<ArticleAction, Record<ArticleStatus, { own: [Cell, Cell, Cell]; other: [Cell, Cell, Cell] }>> = {
  read: {
    draft: { own: ['yes', 'yes', 'yes'], other: ['yes', 'yes', 'no'] },
    in_review: { own: ['yes', 'yes', 'yes'], other: ['yes', 'yes', 'no'] },
    published: { own: ['yes', 'yes', 'yes'], other: ['yes', 'yes', 'no'] },
  },
  create: {
    draft: { own: ['yes', 'yes', 'yes'], other: ['yes', 'yes', 'no'] },
    in_review: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
    published: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
  },
  edit: {
    draft: { own: ['yes', 'yes', 'yes'], other: ['yes', 'yes', 'no'] },
    in_review: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
    published: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
  },
  restore: {
    draft: { own: ['yes', 'yes', 'yes'], other: ['yes', 'yes', 'no'] },
    in_review: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
    published: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
  },
  delete: {
    draft: { own: ['yes', 'yes', 'yes'], other: ['yes', 'yes', 'no'] },
    in_review: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
    published: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
  },
  byline: {
    draft: { own: ['yes', 'yes', 'yes'], other: ['yes', 'yes', 'no'] },
    in_review: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
    published: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
  },
  submit: {
    draft: { own: ['yes', 'yes', 'yes'], other: ['yes', 'yes', 'no'] },
    in_review: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
    published: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
  },
  return: {
    draft: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
    in_review: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
    published: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
  },
  publish: {
    draft: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
    in_review: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
    published: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
  },
  unpublish: {
    draft: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
    in_review: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
    published: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
  },
  schedule: {
    draft: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
    in_review: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
    published: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
  },
  feature: {
    draft: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
    in_review: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
    published: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
  },
  attachPoll: {
    draft: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
    in_review: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
    published: { own: ['yes', 'yes', 'no'], other: ['yes', 'yes', 'no'] },
  },
};

test('the article role matrix, cell by cell: role × action × own/other expert × status', () => {
  const wrong: string[] = [];
  let cells = 0;
  for (const [action, byStatus] of Object.entries(articleMatrix) as Array<[ArticleAction, (typeof articleMatrix)[ArticleAction]]>) {
    for (const [status, expected] of Object.entries(byStatus) as Array<[ArticleStatus, { own: Cell[]; other: Cell[] }]>) {
      for (const [whose, expertId] of [
        ['own', OWN],
        ['other', OTHER],
      ] as const) {
        roles.forEach((role, i) => {
          cells++;
          const allowed = mayArticle(actor(role), action, { expertId, status });
          if (allowed !== (expected[whose][i] === 'yes')) wrong.push(`${role} ${action} ${whose} ${status}: expected ${expected[whose][i]}`);
        });
      }
    }
  }
  assert.deepEqual(wrong, []);
  assert.equal(cells, 13 * 3 * 2 * 3);
});

test('the workflow: which status each step leaves from, and the step between two statuses', () => {
  assert.equal(stepBetween('draft', 'in_review'), 'submit');
  assert.equal(stepBetween('in_review', 'draft'), 'return');
  assert.equal(stepBetween('draft', 'published'), 'publish');
  assert.equal(stepBetween('in_review', 'published'), 'publish');
  assert.equal(stepBetween('published', 'draft'), 'unpublish');
  assert.equal(stepBetween('published', 'in_review'), undefined, 'a published article is taken down before it goes back to review');
  for (const status of ['draft', 'in_review', 'published'] as const) assert.equal(stepBetween(status, status), null);
  assert.deepEqual(
    (['draft', 'in_review', 'published'] as const).map((s) => stepAllowedFrom('submit', s)),
    [true, false, false],
  );
  assert.deepEqual(
    (['draft', 'in_review', 'published'] as const).map((s) => stepAllowedFrom('return', s)),
    [false, true, false],
  );
  assert.deepEqual(
    (['draft', 'in_review', 'published'] as const).map((s) => stepAllowedFrom('publish', s)),
    [true, true, false],
  );
  assert.deepEqual(
    (['draft', 'in_review', 'published'] as const).map((s) => stepAllowedFrom('unpublish', s)),
    [false, false, true],
  );
});

/** The other capabilities' rules: [action, admin, editor, author]. */
const otherMatrix: Array<[string, (a: UserActor) => boolean, boolean, boolean, boolean]> = [
  ['create expert', (a) => expertPolicy.create(a), true, false, false],
  ['list experts in the office', (a) => expertPolicy.list(a), true, true, true],
  ['list every expert in the office', (a) => expertPolicy.listAll(a), true, true, false],
  ['view own expert profile in the office', (a) => expertPolicy.view(a, { id: OWN }), true, true, true],
  ['view another expert profile in the office', (a) => expertPolicy.view(a, { id: OTHER }), true, true, false],
  ['update own expert profile', (a) => expertPolicy.update(a, { id: OWN }), true, true, true],
  ['update another expert profile', (a) => expertPolicy.update(a, { id: OTHER }), true, true, false],
  ['rename an expert (the byline)', (a) => expertPolicy.rename(a), true, true, false],
  ['change an expert slug', (a) => expertPolicy.changeSlug(a), true, true, false],
  ['delete expert', (a) => expertPolicy.delete(a), true, false, false],
  ['create tag', (a) => tagPolicy.create(a), true, true, false],
  ['list every tag in the office', (a) => tagPolicy.list(a), true, true, false],
  ['rename a tag', (a) => tagPolicy.update(a), true, true, false],
  ['delete a tag', (a) => tagPolicy.delete(a), true, true, false],
  ['merge a tag into another', (a) => tagPolicy.merge(a), true, true, false],
  ['read the audit log', (a) => auditPolicy.read(a), true, false, false],
  ['list people', (a) => userPolicy.list(a), true, false, false],
  ['invite someone', (a) => userPolicy.invite(a), true, false, false],
  ['change someone’s role or expert', (a) => userPolicy.update(a), true, false, false],
  ['disable an account', (a) => userPolicy.disable(a), true, false, false],
  ['make an invitation or reset link', (a) => userPolicy.createLink(a), true, false, false],
  ['change own name and password', (a) => userPolicy.updateOwnAccount(a, { id: a.userId }), true, true, true],
  ['change another person’s account as one’s own', (a) => userPolicy.updateOwnAccount(a, { id: a.userId + 1 }), false, false, false],
  ['create an API token (for anyone)', (a) => tokenPolicy.create(a), true, false, false],
  ['see everyone’s API tokens', (a) => tokenPolicy.list(a), true, false, false],
  ['revoke any API token', (a) => tokenPolicy.revoke(a), true, false, false],
  ['edit portal', (a) => portalPolicy.update(a), true, true, false],
  ['read settings', (a) => sitePolicy.readSettings(a), true, true, true],
  ['change settings', (a) => sitePolicy.updateSettings(a), true, false, false],
  ['read a poll as its editors see it', (a) => pollPolicy.read(a), true, true, false],
  ['create poll', (a) => pollPolicy.create(a), true, true, false],
  ['open or close poll', (a) => pollPolicy.update(a), true, true, false],
  ['delete poll', (a) => pollPolicy.delete(a), true, true, false],
];

test('the role matrix of the other capabilities, cell by cell', () => {
  const wrong: string[] = [];
  for (const [action, allowed, ...expected] of otherMatrix) {
    roles.forEach((role, i) => {
      if (allowed(actor(role)) !== expected[i]) wrong.push(`${role} ${action}: expected ${expected[i] ? 'allowed' : 'refused'}`);
    });
  }
  assert.deepEqual(wrong, []);
});

test('an author with no expert may write nothing and read nothing', () => {
  const unlinked: UserActor = { userId: 9, email: 'x@x', name: 'x', role: 'author', expertId: null };
  for (const action of ['create', 'read', 'edit', 'submit', 'delete'] as const) {
    assert.equal(mayArticle(unlinked, action, { expertId: OWN, status: 'draft' }), false, action);
  }
});
