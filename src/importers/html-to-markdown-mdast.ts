/**
 * The Markdown side of the conversion: how Rostrum's marks on the HTML tree become Markdown nodes (footnotes,
 * superscript digits), and the tidying of the Markdown tree before it is written out, so that images stand alone
 * as figures and emphasis never starts or ends with a space (which Markdown cannot write without entities).
 */
import type { Element } from 'hast';
import type { Options } from 'rehype-remark';
import type { FootnoteDefinition, List, Nodes, Paragraph, Parent, PhrasingContent, Root, RootContent } from 'mdast';

/** A handler of rehype-remark (hast-util-to-mdast's), and the conversion state it is given. */
type Handle = NonNullable<NonNullable<Options['handlers']>[string]>;
type State = Parameters<Handle>[0];

const superscripts: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '+': '⁺',
  '-': '⁻',
  '=': '⁼',
  '(': '⁽',
  ')': '⁾',
  n: 'ⁿ',
  i: 'ⁱ',
};
const subscripts: Record<string, string> = { '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉', '+': '₊', '-': '₋', '=': '₌', '(': '₍', ')': '₎' };

/**
 * Markdown has no superscript: "km<sup>2</sup>" would read "km2". Digits and signs have Unicode forms (km², H₂O);
 * anything else keeps its plain text.
 */
function scriptText(table: Record<string, string>) {
  return (state: State, node: Element): PhrasingContent[] => {
    const children = state.all(node) as PhrasingContent[];
    if (children.length !== 1 || children[0]!.type !== 'text') return children;
    const value = children[0].value;
    if (![...value].every((c) => c in table)) return children;
    return [{ type: 'text', value: [...value].map((c) => table[c]).join('') }];
  };
}

const superscript: Handle = (state, node) => {
  const label = node.data?.footnoteLabel;
  if (label) return { type: 'footnoteReference', identifier: label, label };
  return scriptText(superscripts)(state, node);
};

/** The notes gathered at the end by the footnote step, one definition each. */
const section: Handle = (state, node) => {
  if (!node.data?.footnoteDefinitions) return state.toFlow(state.all(node));
  return node.children.flatMap((item): FootnoteDefinition[] => {
    if (item.type !== 'element' || !item.data?.footnoteLabel) return [];
    const label = item.data.footnoteLabel;
    return [{ type: 'footnoteDefinition', identifier: label, label, children: state.toFlow(state.all(item)) as FootnoteDefinition['children'] }];
  });
};

export const markHandlers: Record<string, Handle> = { sup: superscript, sub: scriptText(subscripts), section };

/** The Markdown tree's tidying, run once it is built. */
export function tidyMarkdownTree(root: Root): void {
  tidyChildren(root);
}

function tidyChildren(parent: Parent): void {
  for (const child of parent.children) if ('children' in child) tidyChildren(child);
  parent.children = parent.children.flatMap((child) => tidyNode(child as RootContent)) as Parent['children'];
}

function tidyNode(node: RootContent): RootContent[] {
  if (node.type === 'list') return [tightenList(node)];
  if (node.type === 'emphasis' || node.type === 'strong' || node.type === 'delete') return spacesOutside(node);
  if (node.type === 'link' && node.children.every(isBlankPhrasing)) return [];
  if (node.type === 'paragraph') return splitOutImages(node);
  if (node.type === 'heading' && node.children.every(isBlankPhrasing)) return [];
  return [node];
}

/**
 * A list item is loose (blank lines between items) only when it holds several paragraphs or blocks: a nested list
 * after its text does not make it so, as it would not in the HTML it came from.
 */
function tightenList(list: List): List {
  for (const item of list.children) item.spread = item.children.filter((child) => child.type !== 'list').length > 1;
  list.spread = list.children.some((item) => item.spread);
  return list;
}

const isBlankPhrasing = (node: Nodes) => (node.type === 'text' && node.value.trim() === '') || node.type === 'break';

/** "** bold **" cannot be written in Markdown: the spaces move out, around the emphasis; empty emphasis goes. */
function spacesOutside(node: Extract<RootContent, { type: 'emphasis' | 'strong' | 'delete' }>): RootContent[] {
  if (node.children.every(isBlankPhrasing)) return node.children.length > 0 ? [{ type: 'text', value: ' ' }] : [];
  const first = node.children[0]!;
  const last = node.children.at(-1)!;
  const before = first.type === 'text' ? /^\s*/.exec(first.value)![0] : '';
  const after = last.type === 'text' ? /\s*$/.exec(last.value)![0] : '';
  if (first.type === 'text') first.value = first.value.slice(before.length);
  if (last.type === 'text') last.value = last.value.slice(0, last.value.length - after.length);
  return [...(before ? [{ type: 'text' as const, value: ' ' }] : []), node, ...(after ? [{ type: 'text' as const, value: ' ' }] : [])];
}

/** Whether a phrasing node is an image, alone or as the whole of a link. */
const isPicture = (node: PhrasingContent) => node.type === 'image' || (node.type === 'link' && node.children.length === 1 && node.children[0]!.type === 'image');

/**
 * An image stands in a paragraph of its own, where Rostrum shows it as a figure: a paragraph of text with images
 * in it becomes text, image, text. Line breaks and spaces at the cuts go.
 */
function splitOutImages(paragraph: Paragraph): RootContent[] {
  const children = paragraph.children;
  if (children.every(isBlankPhrasing)) return [];
  if (!children.some(isPicture) || children.filter((c) => !isBlankPhrasing(c)).length === 1) return [paragraph];
  const paragraphs: Paragraph[] = [];
  let run: PhrasingContent[] = [];
  const closeRun = () => {
    const trimmed = trimRun(run);
    if (trimmed.length > 0) paragraphs.push({ type: 'paragraph', children: trimmed });
    run = [];
  };
  for (const child of children) {
    if (!isPicture(child)) {
      run.push(child);
      continue;
    }
    closeRun();
    paragraphs.push({ type: 'paragraph', children: [child] });
  }
  closeRun();
  return paragraphs;
}

/** A run of phrasing without the breaks and white space at its ends. */
function trimRun(run: PhrasingContent[]): PhrasingContent[] {
  let start = 0;
  let end = run.length;
  while (start < end && isBlankPhrasing(run[start]!)) start++;
  while (end > start && isBlankPhrasing(run[end - 1]!)) end--;
  const trimmed = run.slice(start, end);
  const first = trimmed[0];
  const last = trimmed.at(-1);
  if (first?.type === 'text') first.value = first.value.trimStart();
  if (last?.type === 'text') last.value = last.value.trimEnd();
  return trimmed;
}
