/**
 * A guard in front of the HTML parser. The unified steps walk trees recursively, so HTML nested thousands of levels
 * deep (hostile, or broken beyond repair) would exhaust the stack. Such HTML is rewritten first by htmlparser2, which
 * reads as a stream without recursion: elements deeper than the limit lose their tags and keep their text.
 */
import { Parser } from 'htmlparser2';
import { escapeHtml } from '../views/html-text.ts';

const voidElements = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/** A quick upper bound of the nesting, by counting tags; implied ends (an unclosed <p>) only make it larger. */
function roughDepth(html: string): number {
  let depth = 0;
  let deepest = 0;
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (closing) depth = Math.max(0, depth - 1);
    else if (!selfClosing && !voidElements.has(name!.toLowerCase())) deepest = Math.max(deepest, ++depth);
  }
  return deepest;
}

/** The HTML itself when it nests no deeper than `maxDepth`; otherwise the same HTML with the deeper tags left out. */
export function limitNesting(html: string, maxDepth: number): string {
  if (roughDepth(html) <= maxDepth) return html;
  const out: string[] = [];
  let depth = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        depth++;
        if (depth > maxDepth) return;
        const attributeText = Object.entries(attributes)
          .filter(([key]) => /^[^\s"'<>/=]+$/.test(key))
          .map(([key, value]) => ` ${key}="${escapeHtml(value)}"`)
          .join('');
        out.push(`<${name}${attributeText}>`);
      },
      ontext(value) {
        out.push(escapeHtml(value));
      },
      onclosetag(name, isImplied) {
        if (depth <= maxDepth && !voidElements.has(name)) out.push(`</${name}>`);
        else if (depth > maxDepth && !isImplied) out.push(' ');
        depth--;
      },
      oncomment(value) {
        if (depth <= maxDepth) out.push(`<!--${value.replace(/--/g, '- -')}-->`);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return out.join('');
}
