/**
 * Ghost 5's Lexical documents (the `lexical` column: Lexical's serialized tree) → HTML, for posts exported without
 * `html`. The tree is root → blocks (paragraph, heading, quote, list → listitem, and Ghost's cards) → inline nodes
 * (text with a format bit mask, link, linebreak). Ghost's own nodes are named "extended-text", "extended-heading"
 * and so on; they are read like Lexical's.
 */
import type { ContentReport } from '../html-to-markdown.ts';
import { field, isCard, renderCard, type CardData } from './card-html.ts';
import { escapeHtml } from '../../views/html-text.ts';

type LexicalNode = CardData & { type?: string; children?: LexicalNode[] };

/** Lexical's text format bits, and the element each stands for. */
const formats: Array<[bit: number, tag: string]> = [
  [16, 'code'],
  [1, 'strong'],
  [2, 'em'],
  [4, 's'],
  [8, 'u'],
  [32, 'sub'],
  [64, 'sup'],
  [128, 'mark'],
];

/** Deeper than this, a hostile document's nodes are kept as their text (as the shared converter does for HTML). */
const maxDepth = 64;

export function lexicalToHtml(json: string, report: ContentReport): string {
  let document: { root?: LexicalNode };
  try {
    document = JSON.parse(json) as { root?: LexicalNode };
  } catch {
    report.warn("The post's Lexical content could not be read; it was left out.");
    return '';
  }
  return renderChildren(document.root ?? {}, report, 0);
}

function renderChildren(node: LexicalNode, report: ContentReport, depth: number): string {
  const children = Array.isArray(node.children) ? node.children : [];
  if (baseType(node.type ?? '') === 'list') return renderListItems(children, report, depth);
  return children.map((child) => renderNode(child, report, depth + 1)).join('');
}

const baseType = (type: string) => type.replace(/^extended-/, '');

function renderNode(node: LexicalNode, report: ContentReport, depth: number): string {
  if (depth > maxDepth) return escapeHtml(plainText(node));
  const type = baseType(node.type ?? '');
  const inner = () => renderChildren(node, report, depth);
  switch (type) {
    case 'text':
      return formattedText(node);
    case 'linebreak':
      return '<br>';
    case 'tab':
      return '\t';
    case 'paragraph':
      return `<p>${inner()}</p>`;
    case 'heading': {
      const tag = /^h[1-6]$/.test(field(node, 'tag')) ? field(node, 'tag') : 'h2';
      return `<${tag}>${inner()}</${tag}>`;
    }
    case 'quote':
    case 'aside':
      return `<blockquote><p>${inner()}</p></blockquote>`;
    case 'list': {
      const tag = node.listType === 'number' ? 'ol' : 'ul';
      const start = tag === 'ol' && typeof node.start === 'number' && node.start !== 1 ? ` start="${node.start}"` : '';
      return `<${tag}${start}>${inner()}</${tag}>`;
    }
    case 'link':
    case 'autolink':
      return `<a href="${escapeHtml(field(node, 'url'))}">${inner()}</a>`;
    case 'at-link':
    case 'zwnj':
      return inner();
    default:
      if (isCard(type)) return renderCard(type, node, report);
      if (Array.isArray(node.children)) return inner();
      return renderCard(type, node, report);
  }
}

/**
 * A list's items. Lexical nests a list in an item of its own right after the item it belongs to; in HTML (and in
 * Markdown) the nested list goes inside that item.
 */
function renderListItems(items: LexicalNode[], report: ContentReport, depth: number): string {
  const rendered: Array<{ open: string; nested: string }> = [];
  for (const item of items) {
    const children = Array.isArray(item.children) ? item.children : [];
    const onlyAList = children.length > 0 && children.every((c) => baseType(c.type ?? '') === 'list');
    const html = renderChildren(item, report, depth + 1);
    if (onlyAList && rendered.length > 0) rendered.at(-1)!.nested += html;
    else rendered.push({ open: html, nested: '' });
  }
  return rendered.map((item) => `<li>${item.open}${item.nested}</li>`).join('');
}

function formattedText(node: LexicalNode): string {
  const format = typeof node.format === 'number' ? node.format : 0;
  let html = escapeHtml(field(node, 'text'));
  for (const [bit, tag] of formats) if (format & bit) html = `<${tag}>${html}</${tag}>`;
  return html;
}

/** The text of a node and everything in it, without recursion. */
function plainText(node: LexicalNode): string {
  const parts: string[] = [];
  const pending: LexicalNode[] = [node];
  while (pending.length > 0) {
    const current = pending.pop()!;
    parts.push(field(current, 'text'));
    if (Array.isArray(current.children)) for (let i = current.children.length - 1; i >= 0; i--) pending.push(current.children[i]!);
  }
  return parts.join('');
}
