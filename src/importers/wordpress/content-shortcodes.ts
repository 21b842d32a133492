/**
 * WordPress shortcodes as the Shortcode API reads them (wp-includes/shortcodes.php): `[name attr="value" …]`,
 * self-closing `[name /]`, enclosing `[name]content[/name]`, and `[[name]]` written to show the shortcode itself.
 * This module only reads them; what each becomes is content-shortcode-rendering.ts's business.
 */

export interface Shortcode {
  name: string;
  /** Named attributes, their names in lower case as WordPress gives them. */
  attributes: Record<string, string>;
  /** Values given without a name (`[audio https://…]`), in order. */
  positional: string[];
  /** What an enclosing shortcode encloses; undefined for one that encloses nothing. */
  content: string | undefined;
}

const escapeForPattern = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The pattern of the named shortcodes, following WordPress's grammar: an optional second "[" (escaping), the name
 * not followed by a word character or hyphen, the attributes (no "]", a "/" only when not closing), then either
 * "/]", or "]" with optional content up to the matching "[/name]", then an optional second "]".
 */
function shortcodePattern(names: string[]): RegExp {
  const name = `(${names.map(escapeForPattern).join('|')})`;
  const attributes = '([^\\]/]*(?:/(?!\\])[^\\]/]*)*?)';
  const content = '([^\\[]*(?:\\[(?!/\\2\\])[^\\[]*)*)';
  return new RegExp(`\\[(\\[?)${name}(?![\\w-])${attributes}(?:(/)\\]|\\](?:${content}\\[/\\2\\])?)(\\]?)`, 'g');
}

/** `[` and `]` as character references: text that must never be read as a shortcode again. */
export const literalBrackets = (text: string) => text.replace(/\[/g, '&#91;').replace(/\]/g, '&#93;');

/**
 * Replaces each shortcode of the given names by what `render` makes of it. `[[name …]]` is the shortcode's own text,
 * shown as written (with its brackets made literal so that no later step reads it again).
 */
export function replaceShortcodes(text: string, names: string[], render: (shortcode: Shortcode) => string): string {
  return text.replace(shortcodePattern(names), (whole, open: string, name: string, attributeText: string, _selfClosing, content: string | undefined, close: string) => {
    if (open === '[' && close === ']') return literalBrackets(whole.slice(1, -1));
    const { named, positional } = parseShortcodeAttributes(attributeText);
    return open + render({ name, attributes: named, positional, content }) + close;
  });
}

/**
 * WordPress's attribute grammar: `name="value"`, `name='value'`, `name=value`, and bare values (`"value"`, `'value'`,
 * `value`) that count by position. Non-breaking and zero-width spaces count as spaces, as WordPress makes them.
 */
export function parseShortcodeAttributes(text: string): { named: Record<string, string>; positional: string[] } {
  const named: Record<string, string> = {};
  const positional: string[] = [];
  const normalized = text.replace(/[\u00a0\u200b]+/g, ' ');
  const pattern = /([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)/g;
  for (const m of normalized.matchAll(pattern)) {
    const key = m[1] ?? m[3] ?? m[5];
    if (key !== undefined) named[key.toLowerCase()] = m[2] ?? m[4] ?? m[6] ?? '';
    else positional.push(m[7] ?? m[8] ?? m[9] ?? '');
  }
  return { named, positional };
}

/**
 * Bracketed words that are shortcodes of plugins the importer does not know, by name, each once. A bracketed word
 * in running text ("[sic]", "[1]") is prose, so only what looks like a shortcode counts: one with attributes, a
 * closing tag, "/]", a name with "-" or "_", or one standing alone in its paragraph.
 */
export function unknownShortcodes(html: string): string[] {
  const found = new Set<string>();
  const closed = new Set([...html.matchAll(/\[\/([a-zA-Z][\w-]*)\]/g)].map((m) => m[1]!.toLowerCase()));
  for (const m of html.matchAll(/\[([a-zA-Z][\w-]*)((?:\s[^\]]*)?)\]/g)) {
    const [whole, name, attributeText] = m;
    const standsAlone = /(?:^|<p>|\n)\s*$/.test(html.slice(Math.max(0, m.index - 8), m.index)) && /^\s*(?:<\/p>|<br \/>|\n|$)/.test(html.slice(m.index + whole.length, m.index + whole.length + 8));
    const looksLikeShortcode = /=|\/\s*$/.test(attributeText!) || closed.has(name!.toLowerCase()) || /[-_]/.test(name!) || standsAlone;
    if (looksLikeShortcode) found.add(name!.toLowerCase());
  }
  return [...found];
}
