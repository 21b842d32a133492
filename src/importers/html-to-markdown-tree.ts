/**
 * Small helpers over hast (the HTML syntax tree of the unified ecosystem) shared by the content converters: finding
 * elements, reading their text and classes, and replacing a node by others in its parent.
 */
import type { Element, ElementContent, ElementData, Root, RootContent, Text } from 'hast';

export type Parent = Root | Element;

export const isElement = (node: RootContent | Root | undefined, ...tagNames: string[]): node is Element => node?.type === 'element' && (tagNames.length === 0 || tagNames.includes(node.tagName));

export const element = (tagName: string, properties: Element['properties'] = {}, children: ElementContent[] = []): Element => ({
  type: 'element',
  tagName,
  properties,
  children,
});

export const text = (value: string): Text => ({ type: 'text', value });

/** Marks an element for a later step (data is not an attribute: nothing in the imported HTML can forge it). */
export function mark(node: Element, data: Partial<ElementData>): Element {
  node.data = { ...node.data, ...data } as ElementData;
  return node;
}

/** An attribute as a string ('' when absent); hast keeps class as a list and some attributes as numbers. */
export function attribute(node: Element, name: string): string {
  const value = node.properties[name];
  if (value === undefined || value === null || value === false) return '';
  return Array.isArray(value) ? value.join(' ') : String(value);
}

export const classesOf = (node: Element): string[] => attribute(node, 'className').split(/\s+/).filter(Boolean);

export const hasClass = (node: Element, name: string) => classesOf(node).includes(name);

/** Whether any class of the element starts with the prefix (Ghost's `kg-…-card`, WordPress's `wp-block-…`). */
export const hasClassPrefix = (node: Element, prefix: string) => classesOf(node).some((c) => c.startsWith(prefix));

/**
 * The text of a node, as a reader would see it: line breaks as spaces, runs of white space as one. Walks without
 * recursion, so a hostile document nested thousands deep costs time, not the stack.
 */
export function textOf(node: RootContent | Root): string {
  const parts: string[] = [];
  const pending: Array<RootContent | Root> = [node];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (current.type === 'text') parts.push(current.value);
    else if (isElement(current, 'br')) parts.push(' ');
    else if ('children' in current) for (let i = current.children.length - 1; i >= 0; i--) pending.push(current.children[i]!);
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** Every element under `root` (not root itself) with its parent, in document order; walked without recursion. */
export function elementsWithParents(root: Parent): Array<{ node: Element; parent: Parent }> {
  const found: Array<{ node: Element; parent: Parent }> = [];
  const pending: Array<{ node: Element; parent: Parent }> = [];
  const queueChildren = (parent: Parent) => {
    for (let i = parent.children.length - 1; i >= 0; i--) {
      const child = parent.children[i]!;
      if (child.type === 'element') pending.push({ node: child, parent });
    }
  };
  queueChildren(root);
  while (pending.length > 0) {
    const entry = pending.pop()!;
    found.push(entry);
    queueChildren(entry.node);
  }
  return found;
}

/** The elements with one of the tag names, in document order. */
export const elementsNamed = (root: Parent, ...tagNames: string[]) => elementsWithParents(root).filter(({ node }) => tagNames.includes(node.tagName));

/** Puts `replacements` where `node` was in `parent` (nothing when `node` is no longer there). */
export function replaceNode(parent: Parent, node: RootContent, replacements: RootContent[]): void {
  const index = parent.children.indexOf(node as ElementContent);
  if (index >= 0) parent.children.splice(index, 1, ...(replacements as ElementContent[]));
}

export const removeNode = (parent: Parent, node: RootContent) => replaceNode(parent, node, []);

/** Whether a node is only white space (or a comment), i.e. nothing a reader sees. */
export const isBlank = (node: RootContent) => (node.type === 'text' && node.value.trim() === '') || node.type === 'comment';

/** The element children of a parent, white space and comments left out. */
export const childElements = (parent: Parent): Element[] => (parent.children as RootContent[]).filter((c): c is Element => c.type === 'element');

/**
 * Visits every element in document order, parents first. `visit` may change the element or its parent; it returns
 * false when the element's children are not to be visited (it removed or replaced the element, or took care of
 * them). Without recursion, so depth costs no stack.
 */
export function walkElements(root: Parent, visit: (node: Element, parent: Parent) => boolean | void): void {
  const pending: Array<{ node: Element; parent: Parent }> = [];
  const queueChildren = (parent: Parent) => {
    for (let i = parent.children.length - 1; i >= 0; i--) {
      const child = parent.children[i]!;
      if (child.type === 'element') pending.push({ node: child, parent });
    }
  };
  queueChildren(root);
  while (pending.length > 0) {
    const { node, parent } = pending.pop()!;
    if (visit(node, parent) === false) continue;
    queueChildren(node);
  }
}

/**
 * Flattens everything nested deeper than `maxDepth` into its text, so that the recursive steps after this one (the
 * unified converters, markdown-it's own nesting limit) never meet a hostile document thousands of levels deep.
 */
export function limitDepth(root: Root, maxDepth: number): void {
  const pending: Array<{ node: Parent; depth: number }> = [{ node: root, depth: 0 }];
  while (pending.length > 0) {
    const { node, depth } = pending.pop()!;
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      if (depth + 1 >= maxDepth) child.children = [text(textOf(child))];
      else pending.push({ node: child, depth: depth + 1 });
    }
  }
}
