import type { Db } from '../schema.ts';
import type { CommandContext } from '../audit/command.ts';
import { announceContentChange } from '../db/notify.ts';

/** The context a command runs in from `rostrum`: running servers hear of the change through the database. */
export const commandLineContext = (handle: Db): CommandContext => ({ handle, contentChanged: () => announceContentChange(handle) });
