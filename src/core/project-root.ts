import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let found: string | undefined;

/**
 * The project folder (the one holding theme/ and src/), found from this module whether it runs from src/
 * under tsx or bundled into dist/: files read at run time (the theme, the read pool's worker) are found from it.
 */
export function projectRoot(): string {
  if (found) return found;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'theme', 'screen.css'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot find the theme folder next to the Rostrum sources');
    dir = parent;
  }
  return (found = dir);
}
