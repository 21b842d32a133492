/**
 * Footnotes, however the old site wrote them, become Markdown footnotes (`[^1]` in the text, the notes at the end).
 * A reference is an in-page link in superscript (or a bare number like `[1]`) to an item of a list: WordPress 6.3+
 * (`<sup data-fn><a href="#id">`), markdown-it-footnote (what Rostrum itself renders, and Ghost's Markdown card),
 * Ghost's footnote-style links and most hand-made notes. When the links point nowhere because the editor dropped the
 * items' ids (Ghost does), a numbered reference n is item n of the last numbered list after the references, when
 * that list is long enough: that is where a reader would look too.
 *
 * The references and notes are marked on the tree (`data.footnoteLabel`, `data.footnoteDefinitions`) and the
 * Markdown step turns the marks into footnote nodes.
 */
import type { Element, ElementContent, Root } from 'hast';
import { attribute, childElements, element, elementsWithParents, hasClass, isBlank, isElement, mark, replaceNode, textOf, type Parent } from './html-to-markdown-tree.ts';

declare module 'hast' {
  interface ElementData {
    /** On an empty <sup>: a footnote reference with this label. */
    footnoteLabel?: string;
    /** On a <section> of <li>s, each with a footnoteLabel: the footnotes' texts, in order. */
    footnoteDefinitions?: boolean;
  }
}

interface Reference {
  /** What the reference replaces: the <sup> around the link, or the link itself. */
  node: Element;
  parent: Parent;
  link: Element;
  targetId: string;
  number: number | undefined;
}

interface Note {
  item: Element;
  list: Element;
}

type Parents = Map<Element, Parent>;

const bareNumber = /^\[?(\d{1,3})\]?$/;

export function extractFootnotes(root: Root): void {
  const elements = elementsWithParents(root);
  const parents: Parents = new Map(elements.map(({ node, parent }) => [node, parent]));
  const notesById = listItemsById(elements);
  const references = findReferences(elements, parents);
  if (references.length === 0) return;
  const notes = new Map<Reference, Note>();
  for (const reference of references) {
    const note = notesById.get(reference.targetId);
    if (note) notes.set(reference, note);
  }
  matchByNumber(references, notes, elements);
  if (notes.size === 0) return;
  const labels = labelNotes(references, notes);
  replaceReferences(references, notes, labels);
  moveNotesToEnd(root, labels, references, parents);
}

/** Items of lists that carry an id: what an in-page link can point at. */
function listItemsById(elements: Array<{ node: Element; parent: Parent }>): Map<string, Note> {
  const items = new Map<string, Note>();
  for (const { node, parent } of elements) {
    const id = attribute(node, 'id');
    if (id && node.tagName === 'li' && isElement(parent as Element, 'ol', 'ul')) items.set(id, { item: node, list: parent as Element });
  }
  return items;
}

function findReferences(elements: Array<{ node: Element; parent: Parent }>, parents: Parents): Reference[] {
  const references: Reference[] = [];
  for (const { node, parent } of elements) {
    if (node.tagName !== 'a') continue;
    const href = attribute(node, 'href');
    if (!href.startsWith('#') || href.length < 2) continue;
    const label = textOf(node);
    const number = bareNumber.exec(label)?.[1];
    const superscript = superscriptAround(node, parent, parents);
    if (!superscript && !number) continue;
    if (superscript && label.length > 6) continue; // a superscript word is not a note number
    references.push({
      node: superscript ?? node,
      parent: superscript ? parents.get(superscript)! : parent,
      link: node,
      targetId: safeDecode(href.slice(1)),
      number: number === undefined ? undefined : Number(number),
    });
  }
  return references;
}

/** The element that makes the link a superscript: the <sup> it alone fills, or itself when it holds only a <sup>. */
function superscriptAround(link: Element, parent: Parent, parents: Parents): Element | undefined {
  if (isElement(parent as Element, 'sup') && parent.children.filter((c) => !isBlank(c)).length === 1 && parents.has(parent as Element)) return parent as Element;
  const content = link.children.filter((c) => !isBlank(c));
  if (content.length === 1 && isElement(content[0], 'sup')) return link;
  return undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Numbered references whose targets are missing: item n of the last long-enough numbered list after them all. */
function matchByNumber(references: Reference[], notes: Map<Reference, Note>, elements: Array<{ node: Element; parent: Parent }>): void {
  const ids = new Set(elements.map(({ node }) => attribute(node, 'id')));
  // Only links that point nowhere: a numbered link to a heading that exists is a link, not a note.
  const unmatched = references.filter((r) => !notes.has(r) && r.number !== undefined && !ids.has(r.targetId));
  if (unmatched.length === 0) return;
  const order = new Map(elements.map(({ node }, index) => [node, index]));
  const after = Math.max(...unmatched.map((r) => order.get(r.node)!));
  const highest = Math.max(...unmatched.map((r) => r.number!));
  const list = elements
    .map(({ node }) => node)
    .filter((node) => node.tagName === 'ol' && order.get(node)! > after)
    .at(-1);
  if (!list) return;
  const items = childElements(list).filter((c) => c.tagName === 'li');
  const start = Number.parseInt(attribute(list, 'start'), 10) || 1;
  if (items.length + start - 1 < highest) return;
  for (const reference of unmatched) {
    const item = items[reference.number! - start];
    if (item) notes.set(reference, { item, list });
  }
}

/** Each note's label, 1, 2, 3…, in the order of its first reference. */
function labelNotes(references: Reference[], notes: Map<Reference, Note>): Map<Element, { label: string; note: Note }> {
  const labels = new Map<Element, { label: string; note: Note }>();
  for (const reference of references) {
    const note = notes.get(reference);
    if (note && !labels.has(note.item)) labels.set(note.item, { label: String(labels.size + 1), note });
  }
  return labels;
}

function replaceReferences(references: Reference[], notes: Map<Reference, Note>, labels: Map<Element, { label: string }>): void {
  for (const reference of references) {
    const note = notes.get(reference);
    if (!note) continue;
    replaceNode(reference.parent, reference.node, [mark(element('sup'), { footnoteLabel: labels.get(note.item)!.label })]);
  }
}

/** The notes leave their lists for a marked section at the end; what held only them goes too. */
function moveNotesToEnd(root: Root, labels: Map<Element, { label: string; note: Note }>, references: Reference[], parents: Parents): void {
  const referenceIds = new Set(references.flatMap((r) => [attribute(r.link, 'id'), attribute(r.node, 'id')]).filter(Boolean));
  const definitions: ElementContent[] = [];
  const emptied = new Set<Element>();
  for (const { label, note } of labels.values()) {
    replaceNode(note.list, note.item, []);
    emptied.add(note.list);
    definitions.push(mark(element('li', {}, withoutBacklinks(note.item, referenceIds)), { footnoteLabel: label }));
  }
  for (const list of emptied) removeIfEmpty(list, parents);
  removeSeparators(root);
  root.children.push(mark(element('section', {}, definitions), { footnoteDefinitions: true }));
}

/** A note's content without the links back up to its references ("↩"), which Markdown footnotes add themselves. */
function withoutBacklinks(item: Element, referenceIds: Set<string>): ElementContent[] {
  for (const { node, parent } of elementsWithParents(item)) {
    if (node.tagName !== 'a' || !isBacklink(node, referenceIds)) continue;
    replaceNode(parent, node, []);
  }
  return item.children;
}

function isBacklink(link: Element, referenceIds: Set<string>): boolean {
  const href = attribute(link, 'href');
  if (!href.startsWith('#')) return false;
  if (hasClass(link, 'footnote-backref') || referenceIds.has(safeDecode(href.slice(1)))) return true;
  // Arrows, possibly with a variation selector (↩︎), and nothing else.
  return /^(?:[\s↩↑⤴^]|\ufe0e|\ufe0f)+$/.test(textOf(link) || ' ');
}

/**
 * An emptied list goes, then a heading just before it ("Notes") when nothing followed the list, then any container
 * the removals left empty (a footnotes <section>), up to the root.
 */
function removeIfEmpty(list: Element, parents: Parents): void {
  if (list.children.some((c) => !isBlank(c))) return;
  let parent = parents.get(list);
  if (!parent) return;
  const siblings = parent.children;
  const index = siblings.indexOf(list);
  const last = siblings.slice(index + 1).every(isBlank);
  const before = siblings
    .slice(0, index)
    .filter((c) => !isBlank(c))
    .at(-1);
  replaceNode(parent, list, []);
  if (last && isElement(before, 'h1', 'h2', 'h3', 'h4', 'h5', 'h6')) replaceNode(parent, before, []);
  while (parent.type === 'element' && parent.children.every(isBlank)) {
    const grandparent: Parent | undefined = parents.get(parent);
    if (!grandparent) break;
    replaceNode(grandparent, parent, []);
    parent = grandparent;
  }
}

/** markdown-it-footnote's rule above its notes: Markdown footnotes bring their own. */
function removeSeparators(root: Root): void {
  for (const { node, parent } of elementsWithParents(root)) if (node.tagName === 'hr' && hasClass(node, 'footnotes-sep')) replaceNode(parent, node, []);
}
