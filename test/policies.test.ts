import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor, Role } from '../src/http/auth.ts';
import { articlePolicy } from '../src/articles/policies.ts';
import { expertPolicy } from '../src/experts/policies.ts';
import { tagPolicy } from '../src/tags/policies.ts';
import { portalPolicy } from '../src/portals/policies.ts';
import { sitePolicy } from '../src/site/policies.ts';
import { pollPolicy } from '../src/polls/policies.ts';

const OWN = 1;
const OTHER = 2;
const actor = (role: Role): Actor => ({ userId: 1, email: `${role}@x`, name: role, role, expertId: role === 'author' ? OWN : null });
const draft = (expertId: number) => ({ expertId, status: 'draft' as const });
const live = (expertId: number) => ({ expertId, status: 'published' as const });

/** Every cell of the role matrix for the API as it stands: [action, admin, editor, author]. */
const matrix: Array<[string, (a: Actor) => boolean, boolean, boolean, boolean]> = [
  ['create own draft', (a) => articlePolicy.create(a, draft(OWN)), true, true, true],
  ['create draft for another expert', (a) => articlePolicy.create(a, draft(OTHER)), true, true, false],
  ['publish own article', (a) => articlePolicy.create(a, live(OWN)), true, true, false],
  ['create a featured draft', (a) => articlePolicy.create(a, { ...draft(OWN), featured: true }), true, true, false],
  ['read own draft', (a) => articlePolicy.read(a, draft(OWN)), true, true, true],
  ['read another expert’s draft', (a) => articlePolicy.read(a, draft(OTHER)), true, true, false],
  ['edit own draft', (a) => articlePolicy.update(a, draft(OWN), draft(OWN)), true, true, true],
  ['publish own draft by editing', (a) => articlePolicy.update(a, draft(OWN), live(OWN)), true, true, false],
  ['move own draft to another expert', (a) => articlePolicy.update(a, draft(OWN), draft(OTHER)), true, true, false],
  ['edit own published article', (a) => articlePolicy.update(a, live(OWN), live(OWN)), true, true, false],
  ['edit another expert’s draft', (a) => articlePolicy.update(a, draft(OTHER), draft(OTHER)), true, true, false],
  ['read a poll as its editors see it', (a) => pollPolicy.read(a), true, true, false],
  ['create a draft with a poll', (a) => articlePolicy.create(a, { ...draft(OWN), poll: true }), true, true, false],
  ['attach a poll to own draft', (a) => articlePolicy.update(a, draft(OWN), { ...draft(OWN), poll: true }), true, true, false],
  ['feature own draft', (a) => articlePolicy.update(a, draft(OWN), { ...draft(OWN), featured: true }), true, true, false],
  ['delete own draft', (a) => articlePolicy.delete(a, draft(OWN)), true, true, true],
  ['delete own published article', (a) => articlePolicy.delete(a, live(OWN)), true, true, false],
  ['delete another expert’s draft', (a) => articlePolicy.delete(a, draft(OTHER)), true, true, false],
  ['create expert', (a) => expertPolicy.create(a), true, true, false],
  ['update expert', (a) => expertPolicy.update(a), true, true, false],
  ['delete expert', (a) => expertPolicy.delete(a), true, false, false],
  ['create tag', (a) => tagPolicy.create(a), true, true, false],
  ['edit portal', (a) => portalPolicy.update(a), true, true, false],
  ['read settings', (a) => sitePolicy.readSettings(a), true, true, true],
  ['change settings', (a) => sitePolicy.updateSettings(a), true, false, false],
  ['create poll', (a) => pollPolicy.create(a), true, true, false],
  ['open or close poll', (a) => pollPolicy.update(a), true, true, false],
  ['delete poll', (a) => pollPolicy.delete(a), true, true, false],
];

test('the role matrix, cell by cell', () => {
  const wrong: string[] = [];
  for (const [action, allowed, ...expected] of matrix) {
    (['admin', 'editor', 'author'] as const).forEach((role, i) => {
      if (allowed(actor(role)) !== expected[i]) wrong.push(`${role} ${action}: expected ${expected[i] ? 'allowed' : 'refused'}`);
    });
  }
  assert.deepEqual(wrong, []);
});

test('an author with no expert may write nothing', () => {
  const unlinked: Actor = { userId: 9, email: 'x@x', name: 'x', role: 'author', expertId: null };
  assert.equal(articlePolicy.create(unlinked, draft(OWN)), false);
  assert.equal(articlePolicy.read(unlinked, draft(OWN)), false);
});
