import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * A copy of the old site's uploads folder (WordPress's wp-content/uploads, Ghost's content/images), and the
 * file an old address of an image names in it: found by the address's path below the folder's name, or by
 * its dated tail (`2013/09/photo.jpg`), since exports name images by several hosts (a CDN, the old domain).
 */
export class UploadsFolder {
  private constructor(private readonly root: string) {}

  static async open(dir: string): Promise<UploadsFolder> {
    const root = await realpath(dir).catch(() => {
      throw new Error(`There is no folder ${dir}`);
    });
    if (!(await stat(root)).isDirectory()) throw new Error(`${dir} is not a folder`);
    return new UploadsFolder(root);
  }

  /** The relative paths an address may have in the folder, most likely first; a resized copy (`-300x200`) also names its original. */
  static candidatesFor(address: string, marker: RegExp): string[] {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(address, 'http://old.invalid').pathname);
    } catch {
      return [];
    }
    const below = marker.exec(pathname);
    const dated = /\/(\d{4}\/\d{2}\/[^/]+)$/.exec(pathname);
    const paths = [below ? pathname.slice(below.index + below[0].length) : undefined, dated?.[1]].filter((p): p is string => !!p);
    const originals = paths.map((p) => p.replace(/-\d+x\d+(\.[A-Za-z0-9]+)$/, '$1')).filter((p) => !paths.includes(p));
    return [...new Set([...paths, ...originals])].filter((p) => !p.split('/').some((segment) => segment === '..' || segment === '.' || segment === ''));
  }

  /** The file's bytes, when the folder has it (never a file outside the folder, whatever the address says). */
  async read(address: string, marker: RegExp, maxBytes: number): Promise<{ bytes: Buffer; relative: string } | { tooLarge: string } | undefined> {
    for (const relative of UploadsFolder.candidatesFor(address, marker)) {
      const full = path.resolve(this.root, relative);
      if (!full.startsWith(this.root + path.sep)) continue;
      const real = await realpath(full).catch(() => undefined);
      if (!real || !real.startsWith(this.root + path.sep)) continue;
      const info = await stat(real);
      if (!info.isFile()) continue;
      if (info.size > maxBytes) return { tooLarge: relative };
      return { bytes: await readFile(real), relative };
    }
    return undefined;
  }

  /** Whether the folder has the file, without reading it (a dry run). */
  async has(address: string, marker: RegExp): Promise<boolean> {
    for (const relative of UploadsFolder.candidatesFor(address, marker)) {
      const real = await realpath(path.resolve(this.root, relative)).catch(() => undefined);
      if (real?.startsWith(this.root + path.sep) && (await stat(real)).isFile()) return true;
    }
    return false;
  }
}
