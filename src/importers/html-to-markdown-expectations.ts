/**
 * What imported Markdown should never show once rendered, as plain findings: the importers' tests assert on them,
 * and an importer may report them. Rostrum renders Markdown with HTML off, so HTML left in the Markdown shows as
 * text ("&lt;div&gt;"); so does a shortcode that was not expanded. Code spans and blocks are left out of the search:
 * showing tags is what they are for.
 */

/** The rendered HTML without its code, where tags and brackets may legitimately show. */
const withoutCode = (html: string) => html.replace(/<pre>[\s\S]*?<\/pre>|<code>[\s\S]*?<\/code>/g, '');

/** Tags that show as text in the rendered body, such as "&lt;div class=...&gt;", each once. */
export function visibleTags(renderedHtml: string): string[] {
  // Only text counts: an attribute may hold an escaped tag (a link's title) that no reader sees as one.
  const text = withoutCode(renderedHtml).replace(/<[^>]*>/g, '');
  const found = text.matchAll(/&lt;\/?([a-z][a-z0-9-]*)(?=[\s/]|&gt;)/gi);
  return [...new Set([...found].map((m) => m[1]!.toLowerCase()))];
}

/**
 * Shortcodes that show as text in the rendered body, by name, each once: a bracketed name with attributes
 * ("[gallery ids=…]"), a closing tag ("[/caption]"), or one of the names given ("[gallery]"). Bracketed words in
 * prose ("[sic]") are not shortcodes.
 */
export function visibleShortcodes(renderedHtml: string, names: string[] = []): string[] {
  const text = withoutCode(renderedHtml).replace(/<[^>]*>/g, '');
  const found = [...text.matchAll(/\[(\/?)([a-z][\w-]*)(\s[^\]]*)?\]/gi)].filter(([, closing, name, attributes]) => closing || /=/.test(attributes ?? '') || names.includes(name!.toLowerCase()));
  return [...new Set(found.map((m) => m[2]!.toLowerCase()))];
}
