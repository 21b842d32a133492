import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor, Role } from '../core/actor.ts';
import { accountConflict, tokenPolicy, userPolicy } from './policies.ts';

const SELF = 1;
const OTHER = 2;
const roles = ['admin', 'editor', 'author'] as const;
const actor = (role: Role): Actor => ({ userId: SELF, email: `${role}@x`, name: role, role, expertId: role === 'author' ? 7 : null });

/** People and tokens: [action, admin, editor, author]. */
const matrix: Array<[string, (a: Actor) => boolean, boolean, boolean, boolean]> = [
  ['list people', (a) => userPolicy.list(a), true, false, false],
  ['invite someone', (a) => userPolicy.invite(a), true, false, false],
  ['change someone’s name, role or expert', (a) => userPolicy.update(a), true, false, false],
  ['disable or enable an account', (a) => userPolicy.disable(a), true, false, false],
  ['make an invitation or reset link', (a) => userPolicy.createLink(a), true, false, false],
  ['change own name and password', (a) => userPolicy.updateOwnAccount(a, { id: SELF }), true, true, true],
  ['change another’s name and password as their own', (a) => userPolicy.updateOwnAccount(a, { id: OTHER }), false, false, false],
  ['create a token (for anyone)', (a) => tokenPolicy.create(a), true, false, false],
  ['see everyone’s tokens', (a) => tokenPolicy.list(a), true, false, false],
  ['revoke any token', (a) => tokenPolicy.revoke(a), true, false, false],
];

test('the people and token role matrix, cell by cell', () => {
  const wrong: string[] = [];
  for (const [action, allowed, ...expected] of matrix) {
    roles.forEach((role, i) => {
      if (allowed(actor(role)) !== expected[i]) wrong.push(`${role} ${action}: expected ${expected[i] ? 'allowed' : 'refused'}`);
    });
  }
  assert.deepEqual(wrong, []);
});

test('no change may leave the office without an active administrator, nor disable oneself', () => {
  const me = actor('admin');
  const self = { id: SELF, role: 'admin' as const };
  const otherAdmin = { id: OTHER, role: 'admin' as const };
  assert.equal(accountConflict(me, self, { disable: true }, 3), 'self_disable');
  assert.equal(accountConflict(me, self, { role: 'editor' }, 0), 'last_admin');
  assert.equal(accountConflict(me, self, { role: 'editor' }, 1), undefined);
  assert.equal(accountConflict(me, self, { role: 'admin' }, 0), undefined, 'keeping the role is fine');
  assert.equal(accountConflict(me, otherAdmin, { disable: true }, 1), undefined);
  assert.equal(accountConflict(me, otherAdmin, { disable: true }, 0), 'last_admin');
  assert.equal(accountConflict(me, { id: OTHER, role: 'editor' }, { role: 'author', disable: true }, 0), undefined, 'not an administrator: nothing to lose');
});
