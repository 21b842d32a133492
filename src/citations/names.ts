/**
 * A person's name as reference styles need it. `literal` names (one word, such as "Plato" or an
 * organisation) are never inverted or shortened to initials.
 */
export interface PersonName {
  given: string;
  family: string;
  full: string;
  literal: boolean;
}

/** Lower-case words that belong to the family name when they stand before it ("Jan van der Berg"). */
const familyParticles = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'das', 'dos', 'du', 'la', 'le', 'ter', 'ten', 'al', 'el', 'bin', 'ibn', 'abu', 'zu']);

/** A Russian patronymic: Петрович, Ильич, Сергеевна, Кузьминична. */
const patronymic = /^[А-ЯЁ][а-яё]+(?:ович|евич|ич|овна|евна|ична)$/u;

/**
 * Splits a full name into given and family names. The rule: the last word is the family name, together
 * with any lower-case particles just before it ("van", "de", "al", …; "al-Rashid" is one word already).
 * The first word always stays a given name, and a name of one word is a literal.
 *
 * One exception: a Russian name written the official way, family name first ("Сидоров Иван Петрович"),
 * is known by its patronymic at the end after a first name that is not one (three Cyrillic words).
 */
export function splitPersonName(fullName: string): PersonName {
  const full = fullName.trim().replace(/\s+/g, ' ');
  const words = full.split(' ');
  if (words.length < 2) return { given: '', family: full, full, literal: true };
  if (words.length === 3 && patronymic.test(words[2]!) && !patronymic.test(words[1]!) && words.every((w) => /^[\p{Script=Cyrillic}-]+$/u.test(w))) {
    return { given: `${words[1]} ${words[2]}`, family: words[0]!, full, literal: false };
  }
  let start = words.length - 1;
  while (start > 1 && familyParticles.has(words[start - 1]!)) start -= 1;
  return { given: words.slice(0, start).join(' '), family: words.slice(start).join(' '), full, literal: false };
}

/** "Okafor, Amara", or the literal name alone. */
export function invertedName(name: PersonName): string {
  return name.literal ? name.family : `${name.family}, ${name.given}`;
}

/** "A. N." for "Amara Ngozi", "J.-P." for "Jean-Paul": APA's initials. */
export function initials(given: string): string {
  return given
    .split(' ')
    .filter(Boolean)
    .map((word) =>
      word
        .split('-')
        // Only letters make initials: "&" or "(" in a name is not one.
        .filter((part) => /^\p{L}/u.test(part))
        .map((part) => `${[...part][0]!.toUpperCase()}.`)
        .join('-'),
    )
    .join(' ');
}
