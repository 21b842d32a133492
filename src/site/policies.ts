import type { Actor } from '../core/actor.ts';
import { adminsOnly, rulesOf, type PolicyTable } from '../core/policy.ts';

/** Anyone with a token may read the site settings; only administrators change them or the signing secrets. */
export const sitePermissions = {
  /** The office's settings section: its only use is changing them. */
  list: { allow: adminsOnly, refusal: 'Only administrators change the site settings.' },
  readSettings: { allow: (_actor: Actor) => true, refusal: 'You are not allowed to do this' },
  updateSettings: { allow: adminsOnly, refusal: 'Only administrators change site settings' },
  /** `rostrum secret rotate|prune`: the command line, which is trusted as an administrator. */
  rotateSecrets: { allow: adminsOnly, refusal: 'Only administrators rotate the signing secrets' },
} satisfies PolicyTable;

export const sitePolicy = rulesOf(sitePermissions);
