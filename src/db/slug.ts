import { transliterate } from 'transliteration';

export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/**
 * A slug chosen by hand in any script (`подводные-течения`): lower-case letters and digits of any
 * language, single hyphens. Articles take these; addresses carry them percent-encoded.
 */
export const anyScriptSlugPattern = /^[\p{Ll}\p{Lo}\p{Nd}]+(?:-[\p{Ll}\p{Lo}\p{Nd}]+)*$/u;
export const maxSlugLength = 120;

/**
 * "Undercurrents in the Caspian: 2026" -> "undercurrents-in-the-caspian-2026"; "Подводные течения" ->
 * "podvodnye-techeniya" (other scripts are written in Latin letters first); empty when no letter or digit is left.
 */
export function slugCore(text: string): string {
  return transliterate(text.normalize('NFC'))
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

export function isAnyScriptSlug(value: string): boolean {
  return value.length <= maxSlugLength && anyScriptSlugPattern.test(value);
}

/** The first of base, base-2, base-3, ... that is not taken in its scope. */
export async function uniqueSlug(base: string, isTaken: (slug: string) => Promise<boolean>): Promise<string> {
  if (!(await isTaken(base))) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!(await isTaken(candidate))) return candidate;
  }
}
