import { uniqueSlug } from './slug.ts';

/** What a failed write means, whichever engine said it. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** A value that must be unique in its scope is taken already. */
export class SlugTakenError extends Error {
  constructor(readonly slug: string) {
    super(`The slug "${slug}" is taken`);
  }
}

/**
 * Inserts with a slug that is unique in its scope. A slug the caller chose must be free (else
 * SlugTakenError); a slug made from a title takes the next free suffix, and tries again when another
 * process took the same one between the check and the insert.
 */
export async function insertWithSlug<T>(options: { chosen?: string; base: string; isTaken: (slug: string) => Promise<boolean> }, insert: (slug: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const slug = options.chosen ?? (await uniqueSlug(options.base, options.isTaken));
    try {
      return await insert(slug);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      if (options.chosen !== undefined || attempt >= 5) throw new SlugTakenError(slug);
    }
  }
}
