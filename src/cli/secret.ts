import type { Db } from '../schema.ts';
import { commandLineContext } from './context.ts';
import { commandLineActor } from '../core/actor.ts';
import { databaseSecrets } from '../site/secrets.ts';
import { droppedSecretsInWords, earlierSecretsInWords, pruneSigningSecrets, rotateSigningSecret } from '../site/commands.ts';

export const secretSubcommands = ['rotate', 'prune', 'status'] as const;
export type SecretSubcommand = (typeof secretSubcommands)[number];

/**
 * Why `secret rotate` and `secret prune` refuse when ROSTRUM_SECRET is set: the database's secrets are
 * not used then, and changing them would change nothing.
 */
export const rotateInTheEnvironment =
  'ROSTRUM_SECRET is set, so the secrets in the database are not used. Rotate in the environment instead: put a new ' +
  'secret (openssl rand -base64 48) first in ROSTRUM_SECRET, keep the current one after it, separated by a comma, and ' +
  'restart every Rostrum process; later, remove the old one the same way.';

/**
 * `rostrum secret rotate|prune|status` on the database's secrets. A change is announced on the content
 * bus, and running processes read the secrets again when they hear it (or within a minute if they miss
 * it), so none needs a restart. The secrets themselves are never printed.
 */
export async function secretCommand(handle: Db, sub: SecretSubcommand, fromEnvironment: number | undefined): Promise<void> {
  if (sub === 'status') {
    if (fromEnvironment) console.log(`The signing secrets come from ROSTRUM_SECRET: ${fromEnvironment} (the first signs; any verifies).`);
    else {
      const secrets = await databaseSecrets(handle);
      console.log(`The signing secrets are in the database: ${secrets.length} (the first signs; any verifies). A backup of the database carries them; set ROSTRUM_SECRET to keep them out of it.`);
    }
    return;
  }
  const ctx = commandLineContext(handle);
  if (sub === 'rotate') {
    const secrets = await rotateSigningSecret(ctx, commandLineActor('secret rotate'));
    console.log(`A new signing secret signs from now on; ${earlierSecretsInWords(secrets)}.`);
    console.log('Running Rostrum processes on this database take it up within a minute, without a restart.');
    console.log('Once what the earlier secrets signed may lapse (sign-ins last at most 30 days), or at once if one has leaked, drop them with: rostrum secret prune');
    return;
  }
  const dropped = await pruneSigningSecrets(ctx, commandLineActor('secret prune'));
  if (dropped === 0) {
    console.log('The database holds one signing secret; there is nothing to drop.');
    return;
  }
  console.log(`Dropped ${droppedSecretsInWords(dropped)}: sessions' forms and voter cookies signed with ${dropped === 1 ? 'it' : 'them'} no longer verify.`);
  console.log('Running Rostrum processes on this database stop accepting them within a minute, without a restart.');
}
