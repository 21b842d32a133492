/**
 * The block editor's serialization (WordPress 5+): blocks are delimited by HTML comments, `<!-- wp:name {json} -->`
 * … `<!-- /wp:name -->`, or stand alone as `<!-- wp:name {json} /-->`; a name without a namespace is core's
 * (`wp:paragraph` is core/paragraph). Between and around blocks is "freeform" HTML (the classic block). This module
 * reads that grammar into a tree; content-block-rendering.ts says what each block becomes.
 */

export interface Block {
  /** With its namespace: core/paragraph, core-embed/youtube, jetpack/slideshow. */
  name: string;
  attributes: Record<string, unknown>;
  /** The block's own HTML and its inner blocks, in order. */
  content: Array<string | Block>;
}

/** Freeform HTML and blocks, in order. */
export type BlockContent = Array<string | Block>;

/** Whether content was written in the block editor (WordPress's has_blocks). */
export const hasBlocks = (content: string) => content.includes('<!-- wp:');

const delimiter = /<!--\s+(\/)?wp:([a-z][a-z0-9_-]*(?:\/[a-z][a-z0-9_-]*)?)\s+(?:(\{[\s\S]*?\})\s+)?(\/)?-->/g;

const fullName = (name: string) => (name.includes('/') ? name : `core/${name}`);

function parseAttributes(json: string | undefined): Record<string, unknown> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The blocks of a post. Like WordPress's parser it forgives: a closer that matches nothing is kept as freeform text,
 * and blocks still open at the end are closed there.
 */
export function parseBlocks(content: string): BlockContent {
  const top: BlockContent = [];
  const open: Block[] = [];
  const addTo = () => open.at(-1)?.content ?? top;
  let at = 0;
  for (const match of content.matchAll(delimiter)) {
    const [whole, closer, name, json, selfClosing] = match;
    if (match.index > at) addTo().push(content.slice(at, match.index));
    at = match.index + whole.length;
    const blockName = fullName(name!);
    if (closer) {
      const index = open.findLastIndex((b) => b.name === blockName);
      if (index < 0) addTo().push(whole);
      else open.length = index;
      continue;
    }
    const block: Block = { name: blockName, attributes: parseAttributes(json), content: [] };
    addTo().push(block);
    if (!selfClosing) open.push(block);
  }
  if (at < content.length) addTo().push(content.slice(at));
  return top;
}

/** A block's own HTML with its inner blocks' HTML spliced in where they stood. */
export const joinContent = (content: BlockContent, renderInner: (block: Block) => string) => content.map((part) => (typeof part === 'string' ? part : renderInner(part))).join('');
