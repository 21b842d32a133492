import { z } from 'zod';
import type { Db } from '../schema.ts';
import { commandLineActor } from '../core/actor.ts';
import { requirePermission } from '../core/policy.ts';
import { textField, trimmed } from '../http/schemas.ts';
import { getUserByEmail, listApiTokens, type User } from '../users/store.ts';
import { tokenPermissions } from '../users/policies.ts';
import { createToken, revokeTokensOf } from '../users/token-commands.ts';
import { emailOption, type CliContext } from './user.ts';
import { commandLineContext } from './context.ts';

const blank = { blankAsMissing: true };
const labelOption = textField(200);
const tokenCreateOptions = z.object({ user: trimmed(emailOption, blank), label: trimmed(labelOption.optional(), blank) }).strict();
const tokenListOptions = z.object({ user: trimmed(emailOption, blank) }).strict();
// Here an empty --label means the tokens made without a label, not "every token".
const tokenRevokeOptions = z.object({ user: trimmed(emailOption, blank), label: trimmed(labelOption.optional()) }).strict();

/**
 * `rostrum token create|list|revoke`: a person's API tokens. A new token is printed alone on the last
 * line, once; only its hash is stored. Creating and revoking are noted in the audit log in the name of
 * the command that ran.
 */
export async function tokenCommand(sub: string | undefined, values: Record<string, unknown>, cli: CliContext): Promise<void> {
  async function requireUser(handle: Db, email: string): Promise<User> {
    const user = await getUserByEmail(handle, email);
    if (!user) throw cli.usageError(`There is no user with the e-mail ${email}; create one with: rostrum user create`);
    return user;
  }

  if (sub === 'create') {
    const input = cli.parseOptions(tokenCreateOptions, values);
    return cli.withDatabase(async (handle) => {
      const user = await requireUser(handle, input.user);
      const made = await createToken(commandLineContext(handle), commandLineActor('token create'), { userId: user.id, label: input.label ?? '' });
      console.log(`API token for ${user.email} (${user.role}); it is shown only this once:`);
      console.log(made.token);
    });
  }
  if (sub === 'list') {
    const input = cli.parseOptions(tokenListOptions, values);
    return cli.withDatabase(async (handle) => {
      requirePermission(tokenPermissions, commandLineActor('token list'), 'list');
      const user = await requireUser(handle, input.user);
      const tokens = await listApiTokens(handle, user.id);
      if (tokens.length === 0) {
        console.log(`${user.email} has no API tokens.`);
        return;
      }
      const rows = [['ID', 'LABEL', 'CREATED', 'LAST USED'], ...tokens.map((t) => [String(t.id), t.label || '-', t.createdAt, t.lastUsedAt ?? 'never'])];
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      for (const r of rows) console.log(r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
    });
  }
  if (sub === 'revoke') {
    const input = cli.parseOptions(tokenRevokeOptions, values);
    return cli.withDatabase(async (handle) => {
      const user = await requireUser(handle, input.user);
      const count = await revokeTokensOf(commandLineContext(handle), commandLineActor('token revoke'), user, input.label);
      const which = input.label === undefined ? '' : ` labelled "${input.label}"`;
      console.log(`Revoked ${count} API token${count === 1 ? '' : 's'}${which} of ${user.email}.`);
    });
  }
  throw cli.usageError(`Usage: ${cli.usage}`);
}
