import { stemmer as snowballRussian } from '@orama/stemmers/russian';

/**
 * Russian words reduced to a stem that their inflected forms share, for search and the glossary.
 *
 * Snowball's Russian stemmer (the algorithm PostgreSQL's russian_stem also runs) leaves some forms of one
 * word apart: "китай" → "кита" but "китая" → "кит". So after it, a final vowel, й or ь is dropped too, which
 * brings such pairs together ("кит") at the cost of joining a few unrelated short words. ё is read as е, as
 * Russian texts write either.
 */
export function russianStem(word: string): string {
  const stem = snowballRussian(word.toLowerCase().replaceAll('ё', 'е'));
  const trimmed = stem.replace(/[аеиоуыэюяйь]+$/, '');
  return trimmed.length >= 2 ? trimmed : stem;
}

/** Whether a word is written in Cyrillic (and so is stemmed as Russian). */
export const isCyrillicWord = (word: string): boolean => /^[\u0400-\u04ff]/.test(word);
