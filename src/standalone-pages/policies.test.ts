import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandLineActor, roles, type UserActor } from '../core/actor.ts';
import { permits } from '../core/policy.ts';
import { pagePermissions } from './policies.ts';

const actor = (role: UserActor['role']): UserActor => ({ userId: 1, email: `${role}@x`, name: role, role, expertId: role === 'author' ? 1 : null });

test('editors and administrators keep the pages; authors may do none of it; the command line may do all', () => {
  const matrix = Object.fromEntries(Object.keys(pagePermissions).map((action) => [action, roles.map((role) => permits(pagePermissions, actor(role), action as keyof typeof pagePermissions))]));
  assert.deepEqual(matrix, {
    list: [true, true, false],
    create: [true, true, false],
    update: [true, true, false],
    publish: [true, true, false],
    delete: [true, true, false],
  });
  for (const action of Object.keys(pagePermissions) as Array<keyof typeof pagePermissions>) assert.equal(permits(pagePermissions, commandLineActor('import wordpress'), action), true, action);
});
