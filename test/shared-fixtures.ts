import fs from 'node:fs';
import path from 'node:path';

/**
 * The data others made that the project tests against (WordPress's and Ghost's exports), kept beside the
 * checkout in ../shared/fixtures and never copied into it: ROSTRUM_FIXTURES names another folder.
 */
const candidates = [process.env.ROSTRUM_FIXTURES, path.resolve(import.meta.dirname, '../../shared/fixtures'), '/work/shared/fixtures'].filter((dir): dir is string => Boolean(dir));

/** The fixture's full path, or undefined where the shared fixtures are not on this machine. */
export function sharedFixture(relativePath: string): string | undefined {
  for (const dir of candidates) {
    const file = path.join(dir, relativePath);
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

/** For `test(name, { skip }, ...)`: the reason a test of this fixture cannot run here, or false. */
export const skipWithout = (relativePath: string): string | false => (sharedFixture(relativePath) ? false : `the shared fixture ${relativePath} is not on this machine (set ROSTRUM_FIXTURES)`);
