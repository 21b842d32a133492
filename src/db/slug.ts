export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const maxSlugLength = 120;

/** "Undercurrents in the Caspian: 2026" -> "undercurrents-in-the-caspian-2026"; empty when no letter or digit is left. */
export function slugCore(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxSlugLength - 8)
    .replace(/-+$/g, '');
}

/** A slug for a title or name, never empty. */
export function slugify(text: string): string {
  return slugCore(text) || 'untitled';
}

export function isSlug(value: string): boolean {
  return value.length <= maxSlugLength && slugPattern.test(value);
}

/** The first of base, base-2, base-3, ... that is not taken in its scope. */
export async function uniqueSlug(base: string, isTaken: (slug: string) => Promise<boolean>): Promise<string> {
  if (!(await isTaken(base))) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!(await isTaken(candidate))) return candidate;
  }
}
