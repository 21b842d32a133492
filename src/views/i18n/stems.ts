import { stemmer as snowballRussian } from '@orama/stemmers/russian';

/**
 * Russian words reduced to a stem their inflected forms share: search indexes and queries them so, and the
 * glossary marks a term in any of its forms. Snowball's Russian stemmer (the algorithm PostgreSQL's
 * russian_stem runs too), with two corrections of our own that migration 0030 repeats in SQL.
 */

/**
 * A noun in -ан or -ян (Иран, Казахстан, океан) loses its н to Snowball in the forms that end there or in -а or
 * -ы ("иран" and "ирана" stem to "ира", as if they were short participles like "сделан"), and keeps it in the
 * others ("ирану", "ираном" → "иран"). Such a word is read as its dative (-ану), which every form stems like.
 * The same rewrite is search_prepared_text in migration 0030.
 */
const nounInAn = /^([а-я]+[ая]н)[аы]?$/;
/**
 * A stem that ends in a vowel, й or ь after an earlier vowel loses that last letter. Snowball takes an ending
 * off some forms and not others: "китай" stems to "кита" (й is an ending), "китая" to "кит" (-ая is); "музей"
 * to "муз", "музея" to "музе". Without the letter they are one. The stem keeps its first vowel: "чай" stays
 * "ча". The same rule is search_russian_lexeme in migration 0030.
 */
const finalVowel = /^(.*[аеиоуыэюя].*)[аеиоуыэюяйь]$/;

/** A Russian word's stem: lower case, ё read as е, then Snowball's stem with the two corrections above. */
export function russianStem(word: string): string {
  const plain = word.toLowerCase().replaceAll('ё', 'е');
  return snowballRussian(plain.replace(nounInAn, '$1у')).replace(finalVowel, '$1');
}

/** Whether a word is written in Cyrillic (and so is stemmed as Russian). */
export const isCyrillicWord = (word: string): boolean => /^[\u0400-\u04ff]/.test(word);
