/**
 * HTML written by office programs (Word's clipboard and "Save as Web Page", Google Docs, LibreOffice Writer, and
 * mammoth's reading of a .docx) made into plain, structured HTML before the shared HTML → Markdown conversion
 * (../html-to-markdown.ts) runs its own passes. Office HTML says most of its structure with styles rather than
 * elements: Word writes lists as paragraphs with `mso-list` in their style and the bullet as text hidden in a
 * conditional comment, Google Docs writes bold as `font-weight:700` on a span inside a `<b>` that is not bold,
 * and all three write footnotes as pairs of anchors that point at each other. Each of those becomes the element a
 * browser (and the converter) understands: lists, <strong>/<em>, and notes in the shape the footnote step knows.
 */
import type { Element, ElementContent, Root } from 'hast';
import { ContentReport, type ConvertedContent } from '../html-to-markdown-report.ts';
import { htmlToMarkdown } from '../html-to-markdown.ts';
import type { RootContent } from 'hast';
import { tooLarge } from '../../core/refusals.ts';
import { attribute, childElements, classesOf, element, elementsWithParents, isBlank, isElement, replaceNode, text, textOf, walkElements, type Parent } from '../html-to-markdown-tree.ts';

/**
 * What one conversion takes. The passes below are linear, but the conversion runs in the server's process while
 * the request waits: a paste (or a document) larger than any article is refused before it is parsed. A very long
 * article is some 200,000 characters of text; Word's markup around it is what the 2 MB allow for.
 */
export const officeHtmlLimits = { maxHtmlBytes: 2 * 1024 * 1024, maxElements: 100_000, maxInPageLinks: 20_000 };

/**
 * Refuses (413) HTML beyond officeHtmlLimits, counted without what the conversion drops unread: style sheets
 * (Word's is most of its clipboard), scripts and comments (Word's conditional comments).
 */
export function checkOfficeHtmlSize(html: string, field = 'html', limits = officeHtmlLimits): void {
  const content = html.replace(/<!--[\s\S]*?(?:-->|$)/g, '').replace(/<(style|script)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, '');
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > limits.maxHtmlBytes)
    throw tooLarge(`is ${(bytes / 1024 / 1024).toFixed(1)} MB of text and markup: more than the ${limits.maxHtmlBytes / 1024 / 1024} MB one conversion takes. Paste or import it in parts`, field);
  const elements = content.match(/<[a-z]/gi)?.length ?? 0;
  if (elements > limits.maxElements)
    throw tooLarge(`has ${elements.toLocaleString('en')} elements: more than the ${limits.maxElements.toLocaleString('en')} one conversion takes. Paste or import it in parts`, field);
  const links = content.match(/\bhref\s*=\s*["']?#/gi)?.length ?? 0;
  if (links > limits.maxInPageLinks)
    throw tooLarge(
      `has ${links.toLocaleString('en')} links within the page (footnotes): more than the ${limits.maxInPageLinks.toLocaleString('en')} one conversion takes. Paste or import it in parts`,
      field,
    );
}

/**
 * Visits every element in document order, parents first, like walkElements, but `visit` does not change the
 * parent: it returns what takes the element's place (visited in turn), or undefined to keep it and visit its
 * children. Each parent's children are rebuilt once, so removing many siblings costs one pass, not one scan each.
 */
function rewriteElements(root: Parent, visit: (node: Element, parent: Parent) => ElementContent[] | undefined): void {
  const pending: Parent[] = [root];
  while (pending.length > 0) {
    const parent = pending.pop()!;
    const kept: ElementContent[] = [];
    const keptElements: Element[] = [];
    const todo = [...(parent.children as ElementContent[])].reverse();
    let changed = false;
    while (todo.length > 0) {
      const child = todo.pop()!;
      const replacement = child.type === 'element' ? visit(child, parent) : undefined;
      if (replacement === undefined) {
        kept.push(child);
        if (child.type === 'element') keptElements.push(child);
        continue;
      }
      changed = true;
      for (let i = replacement.length - 1; i >= 0; i--) todo.push(replacement[i]!);
    }
    if (changed) parent.children = kept;
    for (let i = keptElements.length - 1; i >= 0; i--) pending.push(keptElements[i]!);
  }
}

/** Replacements gathered first and made in one pass per parent (see rewriteElements). */
function replaceAll(replacements: Map<Parent, Map<RootContent, ElementContent[]>>): void {
  for (const [parent, nodes] of replacements) parent.children = (parent.children as ElementContent[]).flatMap((child) => nodes.get(child) ?? [child]);
}

const planReplacement = (replacements: Map<Parent, Map<RootContent, ElementContent[]>>, parent: Parent, node: RootContent, by: ElementContent[]) => {
  let nodes = replacements.get(parent);
  if (!nodes) replacements.set(parent, (nodes = new Map<RootContent, ElementContent[]>()));
  nodes.set(node, by);
};

/** The declarations of an element's style attribute, and of the class rules a `<style>` block gave its classes (Google Docs' export). */
type Styles = Map<string, string>;

function parseDeclarations(css: string, into: Styles = new Map()): Styles {
  for (const declaration of css.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const name = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    if (name) into.set(name, value);
  }
  return into;
}

/** `.c3{font-weight:700}` rules of the document's style blocks, by class name: what "Download as HTML" puts there instead of inline styles. */
function classRules(root: Root): Map<string, string> {
  const rules = new Map<string, string>();
  for (const { node } of elementsWithParents(root)) {
    if (node.tagName !== 'style') continue;
    const css = textOf(node).replace(/\/\*[\s\S]*?\*\//g, '');
    for (const match of css.matchAll(/\.([\w-]+)\s*\{([^{}]*)\}/g)) rules.set(match[1]!, `${rules.get(match[1]!) ?? ''};${match[2]}`);
  }
  return rules;
}

function stylesOf(node: Element, rules: Map<string, string>): Styles {
  const styles: Styles = new Map();
  for (const name of classesOf(node)) {
    const rule = rules.get(name);
    if (rule) parseDeclarations(rule, styles);
  }
  return parseDeclarations(attribute(node, 'style'), styles);
}

const headings = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

/** Runs every step on the tree, in order; `report` hears what was left out. */
export function normalizeOfficeHtml(root: Root, report: ContentReport): void {
  const rules = classRules(root);
  dropTrackedDeletions(root, report);
  dropComments(root, report);
  dropLocalImages(root, report);
  unwrapFalseEmphasis(root, rules);
  emphasisFromStyles(root, rules);
  wordParagraphStyles(root);
  wordLists(root, rules);
  nestStrayLists(root);
  notesFromAnchorPairs(root);
  plainHeadings(root);
  plainHeaderRows(root);
  demoteHeadings(root);
  dropSpacerRows(root);
  unwrapRedirectLinks(root);
}

/** Office HTML (a clipboard's, a saved page's) as Rostrum's Markdown, with what could not be carried over. */
export function officeHtmlToMarkdown(html: string, report = new ContentReport()): ConvertedContent {
  return htmlToMarkdown(html, { report, transforms: [normalizeOfficeHtml] });
}

/**
 * Word's tracked changes in HTML: the inserted text is the document as it reads now and stays; deleted text
 * (`<del>` in a `msoDel` span, or with the reviewer in `cite`) goes. An ordinary <del> (struck-through text
 * in a web page) is kept as strike-through.
 */
function dropTrackedDeletions(root: Root, report: ContentReport): void {
  rewriteElements(root, (node) => {
    const tracked = classesOf(node).some((c) => /^mso(?:Del|Ins)$/i.test(c)) || /^mailto:/i.test(attribute(node, 'cite'));
    if (!tracked) return undefined;
    if (node.tagName === 'del' || classesOf(node).some((c) => /^msoDel$/i.test(c))) {
      report.warn('Tracked changes: insertions were kept as text, deletions were left out.');
      return [];
    }
    return node.children;
  });
}

/** Word's comments (the marks in the text and the list of comments at the end) are the reviewers', not the readers'. */
function dropComments(root: Root, report: ContentReport): void {
  rewriteElements(root, (node) => {
    const style = attribute(node, 'style').toLowerCase();
    if (classesOf(node).some((c) => /^MsoComment(?:Reference)?$/i.test(c)) || /mso-element:\s*comment/.test(style) || /^_msocom_/.test(attribute(node, 'name'))) {
      report.warn('Comments were left out.');
      return [];
    }
    return undefined;
  });
}

/**
 * An image on the clipboard is a path on the writer's own computer (`file:///C:/Users/…/clip_image001.png`) or
 * nothing at all; no server can read it. Said once, with what to do instead.
 */
function dropLocalImages(root: Root, report: ContentReport): void {
  rewriteElements(root, (node) => {
    if (node.tagName !== 'img') return undefined;
    const src = attribute(node, 'src').trim();
    if (src && !/^(?:file|blob|cid|ms-[\w-]+):/i.test(src) && !/^[a-z]:\\/i.test(src)) return undefined;
    report.warn('An image that exists only on your computer (the clipboard gives its path, not the picture) was left out: add it with Insert figure, or use Import from Word.');
    return [];
  });
}

const isBoldWeight = (value: string | undefined) => value !== undefined && (value === 'bold' || value === 'bolder' || Number(value) >= 600);
const isNormalWeight = (value: string | undefined) => value !== undefined && (value === 'normal' || value === 'lighter' || (Number(value) > 0 && Number(value) < 600));

/** `<b style="font-weight:normal">` (Google Docs' wrapper around everything it copies) and `<i style="font-style:normal">` are not emphasis. */
function unwrapFalseEmphasis(root: Root, rules: Map<string, string>): void {
  // The wrapper that takes an element's place is visited in turn, and so are its children.
  rewriteElements(root, (node) => {
    if (!['b', 'strong', 'i', 'em'].includes(node.tagName)) return undefined;
    const styles = stylesOf(node, rules);
    const plain = (['b', 'strong'].includes(node.tagName) && isNormalWeight(styles.get('font-weight'))) || (['i', 'em'].includes(node.tagName) && styles.get('font-style') === 'normal');
    if (!plain) return undefined;
    return [element('span', { style: attribute(node, 'style'), className: classesOf(node) }, node.children)];
  });
}

/**
 * Emphasis said only by style (Google Docs' spans, LibreOffice's and many web pages'): bold, italic, struck
 * through, superscript and subscript become the elements Markdown has words for. A heading's own weight is not
 * emphasis (see plainHeadings).
 */
function emphasisFromStyles(root: Root, rules: Map<string, string>): void {
  walkElements(root, (node) => {
    if (node.tagName !== 'span' && node.tagName !== 'font') return;
    const styles = stylesOf(node, rules);
    const wrappers: string[] = [];
    if (isBoldWeight(styles.get('font-weight'))) wrappers.push('strong');
    if (styles.get('font-style') === 'italic' || styles.get('font-style') === 'oblique') wrappers.push('em');
    if (/line-through/.test(styles.get('text-decoration') ?? styles.get('text-decoration-line') ?? '')) wrappers.push('del');
    const align = styles.get('vertical-align');
    if (align === 'super') wrappers.push('sup');
    if (align === 'sub') wrappers.push('sub');
    if (wrappers.length === 0) return;
    let children: ElementContent[] = node.children;
    for (const name of wrappers.reverse()) children = [element(name, {}, children)];
    node.children = children;
  });
}

/** Word's paragraph styles that stand for structure: the title a heading, quotations a block quote (consecutive ones together). */
function wordParagraphStyles(root: Root): void {
  walkElements(root, (node) => {
    if (node.tagName !== 'p') return;
    const classes = classesOf(node);
    if (classes.includes('MsoTitle')) node.tagName = 'h1';
    else if (classes.includes('MsoSubtitle')) node.tagName = 'h2';
  });
  const parents = new Set<Parent>([root, ...elementsWithParents(root).map(({ node }) => node)]);
  for (const parent of parents) {
    const quotes = (node: ElementContent) => isElement(node, 'p') && classesOf(node).some((c) => /^Mso(?:Intense)?Quote$/.test(c));
    if (!parent.children.some((c) => quotes(c as ElementContent))) continue;
    const children: ElementContent[] = [];
    let open: Element | undefined;
    for (const child of parent.children as ElementContent[]) {
      if (quotes(child)) {
        if (!open) children.push((open = element('blockquote')));
        open.children.push(child);
      } else {
        if (!isBlank(child)) open = undefined;
        if (!open) children.push(child);
      }
    }
    parent.children = children;
  }
}

interface WordListItem {
  paragraph: Element;
  level: number;
  ordered: boolean;
  start?: number;
}

/** Word's hidden list marker: the span styled `mso-list:Ignore` ("1.", "a)", "·", "o", "§") and what it held. */
function takeListMarker(paragraph: Element, rules: Map<string, string>): string {
  let marker = '';
  rewriteElements(paragraph, (node) => {
    if (!/^ignore$/.test(stylesOf(node, rules).get('mso-list') ?? '')) return undefined;
    marker =
      marker ||
      textOf(node)
        .replace(/\u00a0/g, ' ')
        .trim();
    return [];
  });
  return marker;
}

const orderedMarker = /^\(?(\d{1,4}|[a-z]|[ivxlcdm]{1,6})[.)]$|^(\d{1,4})$/i;

/** A paragraph Word made a list item: `mso-list:l0 level2 lfo1` in its style (never `none`, which ends a list). */
function wordListItem(node: ElementContent, rules: Map<string, string>): WordListItem | undefined {
  if (!isElement(node, 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6')) return undefined;
  const list = stylesOf(node, rules).get('mso-list');
  if (!list || !/\blevel\d/.test(list)) return undefined;
  const level = Number(/\blevel(\d+)/.exec(list)![1]);
  const marker = takeListMarker(node, rules);
  const number = orderedMarker.exec(marker);
  const digits = number && /\d+/.exec(marker)?.[0];
  return { paragraph: node, level, ordered: number !== null, start: digits ? Number(digits) : undefined };
}

/**
 * Word's lists are runs of paragraphs, each with its level in its style and its number or bullet as text in
 * a conditional comment: such a run becomes <ol>/<ul> (by the first item's marker at each level), nested by level.
 */
function wordLists(root: Root, rules: Map<string, string>): void {
  const parents: Parent[] = [root, ...elementsWithParents(root).map(({ node }) => node)];
  for (const parent of parents) {
    if (
      !parent.children.some(
        (c) =>
          c.type === 'element' &&
          /mso-list/i.test(
            attribute(c, 'style') +
              classesOf(c)
                .map((n) => rules.get(n) ?? '')
                .join(';'),
          ),
      )
    )
      continue;
    const children: ElementContent[] = [];
    let run: WordListItem[] = [];
    const closeRun = () => {
      if (run.length > 0) children.push(buildList(run));
      run = [];
    };
    for (const child of parent.children as ElementContent[]) {
      if (isBlank(child)) continue;
      const item = wordListItem(child, rules);
      if (item) run.push(item);
      else {
        closeRun();
        children.push(child);
      }
    }
    closeRun();
    parent.children = children;
  }
}

function buildList(items: WordListItem[]): Element {
  const newList = (item: WordListItem) => element(item.ordered ? 'ol' : 'ul', item.ordered && item.start && item.start > 1 ? { start: item.start } : {});
  const top = newList(items[0]!);
  // Each open list with its last item, where a deeper list goes (kept, not searched for: a long list stays linear).
  const stack: Array<{ level: number; list: Element; last?: Element }> = [{ level: items[0]!.level, list: top }];
  for (const item of items) {
    while (stack.length > 1 && stack.at(-1)!.level > item.level) stack.pop();
    let current = stack.at(-1)!;
    if (item.level > current.level) {
      const nested = newList(item);
      if (!current.last) current.list.children.push((current.last = element('li')));
      current.last.children.push(nested);
      stack.push((current = { level: item.level, list: nested }));
    }
    // A heading made a list item (Word's numbered headings) keeps its words, not its size.
    current.list.children.push((current.last = element('li', {}, item.paragraph.children)));
  }
  return top;
}

/** A list written straight inside another list (Google Docs' nesting, invalid HTML) belongs to the item before it. */
function nestStrayLists(root: Root): void {
  for (const { node } of elementsWithParents(root).reverse()) {
    if (!isElement(node, 'ul', 'ol')) continue;
    const children: ElementContent[] = [];
    // The last child that is not white space: the item a stray list joins.
    let previous: ElementContent | undefined;
    for (const child of node.children) {
      if (isElement(child, 'ul', 'ol') && isElement(previous, 'li')) previous.children.push(child);
      else if (isElement(child, 'ul', 'ol')) children.push((previous = element('li', {}, [child])));
      else {
        children.push(child);
        if (!isBlank(child)) previous = child;
      }
    }
    node.children = children;
  }
}

interface AnchorNote {
  reference: Element;
  referenceParent: Parent;
  anchor: Element;
  /** The block that holds the note and nothing else: Word's div#ftn1, LibreOffice's div#sdfootnote1, Google's <div> or <p>. */
  container: Element;
  containerParent: Parent;
}

const inPageTarget = (node: Element) => {
  const href = attribute(node, 'href');
  return href.startsWith('#') && href.length > 1 ? href.slice(1) : undefined;
};

/**
 * Footnotes and endnotes as Word (`#_ftn1` ↔ `_ftnref1`, `#_edn1`), Google Docs (`#ftnt1` ↔ `ftnt_ref1`) and
 * LibreOffice (`#sdfootnote1sym` ↔ `sdfootnote1anc`, `sdendnote…`) write them: a reference is a link to an anchor
 * in the note, and that anchor links back to the reference. Each such pair becomes a superscript link to an item
 * of one list at the end, the shape the shared footnote step (../html-to-markdown-footnotes.ts) turns into
 * Markdown footnotes. Links that do not point back are left alone: they are ordinary in-page links.
 */
function notesFromAnchorPairs(root: Root): void {
  const all = elementsWithParents(root);
  const parents = new Map(all.map(({ node, parent }) => [node as Parent, parent]));
  const byName = new Map<string, Element>();
  for (const { node } of all) {
    for (const key of [attribute(node, 'id'), node.tagName === 'a' ? attribute(node, 'name') : '']) if (key && !byName.has(key)) byName.set(key, node);
  }
  const namesOf = (node: Element) => [attribute(node, 'id'), attribute(node, 'name')].filter(Boolean);
  const pairs: Array<{ reference: Element; referenceParent: Parent; anchor: Element }> = [];
  const anchors = new Set<Element>();
  for (const { node, parent } of all) {
    if (node.tagName !== 'a') continue;
    const target = inPageTarget(node);
    const anchor = target === undefined ? undefined : byName.get(target);
    if (!anchor || anchor.tagName !== 'a' || anchor === node || anchors.has(node)) continue;
    const back = inPageTarget(anchor);
    if (back === undefined || !namesOf(node).includes(back)) continue;
    pairs.push({ reference: node, referenceParent: parent, anchor });
    anchors.add(anchor);
  }
  if (pairs.length === 0) return;
  const references = new Set(pairs.map((p) => p.reference));
  // How many references and anchors each element holds, itself included: counted once, from the leaves up.
  const marks = new Map<Parent, number>();
  for (let i = all.length - 1; i >= 0; i--) {
    const { node, parent } = all[i]!;
    const own = (marks.get(node) ?? 0) + (references.has(node) || anchors.has(node) ? 1 : 0);
    marks.set(node, own);
    if (own > 0) marks.set(parent, (marks.get(parent) ?? 0) + own);
  }
  const notes: AnchorNote[] = [];
  for (const pair of pairs) {
    const container = noteContainer(pair.anchor, parents, marks, references);
    if (container) notes.push({ ...pair, ...container });
  }
  // Every change is planned first and made in one pass per parent: a thousand notes in one footnote list, or a
  // thousand references in one paragraph, cost one rebuilding of its children, not one scan each.
  const replacements = new Map<Parent, Map<RootContent, ElementContent[]>>();
  const solid = new Map<Parent, number>();
  const items: Element[] = [];
  notes.forEach((note, index) => {
    const id = `office-note-${index + 1}`;
    const label = String(index + 1);
    const superscript = element('sup', {}, [element('a', { href: `#${id}` }, [text(label)])]);
    const referenceParent = note.referenceParent;
    // A reference that alone fills a superscript (LibreOffice's, Google's) replaces that superscript.
    let soleInSup = false;
    if (isElement(referenceParent as Element, 'sup')) {
      if (!solid.has(referenceParent)) solid.set(referenceParent, referenceParent.children.filter((c) => !isBlank(c)).length);
      soleInSup = solid.get(referenceParent) === 1;
    }
    if (soleInSup) planReplacement(replacements, parents.get(referenceParent)!, referenceParent as Element, [superscript]);
    else planReplacement(replacements, referenceParent, note.reference, [superscript]);
    removeAnchor(note.anchor, parents.get(note.anchor)!);
    planReplacement(replacements, note.containerParent, note.container, []);
    items.push(element('li', { id }, note.container.tagName === 'p' || headings.includes(note.container.tagName) ? note.container.children : [note.container]));
  });
  replaceAll(replacements);
  removeEmptyAncestors(
    root,
    notes.map((note) => note.containerParent),
    parents,
  );
  removeTrailingRules(root);
  root.children.push(element('ol', {}, items));
}

/** The highest block around a note's anchor that holds no other note and no reference: the note, whole. */
function noteContainer(anchor: Element, parents: Map<Parent, Parent>, marks: Map<Parent, number>, references: Set<Element>): { container: Element; containerParent: Parent } | undefined {
  if (references.has(anchor)) return undefined;
  let best: { container: Element; containerParent: Parent } | undefined;
  let current: Parent = anchor;
  for (;;) {
    const parent = parents.get(current);
    if (!parent || parent.type === 'root') break;
    // The anchor itself is one mark; any other is another note's or a reference.
    if ((marks.get(parent) ?? 0) > 1) break;
    if (['p', 'div', 'li', 'section', 'aside', 'footer', 'span', 'font', 'blockquote'].includes(parent.tagName) || headings.includes(parent.tagName)) {
      best = { container: parent, containerParent: parents.get(parent)! };
    }
    current = parent;
  }
  return best;
}

/** The anchor that linked back to the reference ("[1]", "1", "i"): the footnote brings its own. */
function removeAnchor(anchor: Element, parent: Parent): void {
  replaceNode(parent, anchor, []);
  // The space Google Docs puts after it ("[1] The note") would start the note.
  const first = parent.children.find((c) => !isBlank(c) || c.type === 'text');
  if (first?.type === 'text') first.value = first.value.replace(/^[\s\u00a0]+/, '');
}

const pictureTags = new Set(['img', 'table', 'iframe', 'video', 'audio']);

/**
 * What held only notes (Word's footnote list, with its separator rule) goes once they are moved out: from each
 * place a note was taken, up while the element shows nothing (no text, no picture). What each element shows is
 * worked out once for the whole tree, from the leaves up.
 */
function removeEmptyAncestors(root: Root, starts: Parent[], parents: Map<Parent, Parent>): void {
  const shows = new Set<Parent>();
  for (const { node, parent } of elementsWithParents(root).reverse()) {
    if (pictureTags.has(node.tagName) || node.children.some((c) => c.type === 'text' && c.value.trim() !== '')) shows.add(node);
    if (shows.has(node)) shows.add(parent);
  }
  const replacements = new Map<Parent, Map<RootContent, ElementContent[]>>();
  const seen = new Set<Parent>();
  for (const start of starts) {
    let current: Parent | undefined = start;
    while (current && current.type === 'element' && !shows.has(current) && !seen.has(current)) {
      seen.add(current);
      const parent: Parent | undefined = parents.get(current);
      if (!parent) break;
      planReplacement(replacements, parent, current, []);
      current = parent;
    }
  }
  replaceAll(replacements);
}

/** The last child that is not white space nor a line break. */
const lastShown = (parent: Parent) => {
  for (let i = parent.children.length - 1; i >= 0; i--) {
    const child = parent.children[i]!;
    if (!isBlank(child) && !isElement(child as ElementContent, 'br')) return child;
  }
  return undefined;
};

/** The rule above the notes (Google Docs' <hr>, Word's short one) is left at the very end once they are gone. */
function removeTrailingRules(root: Root): void {
  let parent: Parent = root;
  for (;;) {
    const last = lastShown(parent);
    if (isElement(last as ElementContent, 'hr')) {
      // From the end: the rule is (nearly) the last child, so this is no scan of a long body.
      parent.children.splice(parent.children.lastIndexOf(last as ElementContent), 1);
      continue;
    }
    if (isElement(last as ElementContent, 'div', 'b', 'span', 'section') && textOf(last!) !== '') {
      parent = last as Element;
      continue;
    }
    return;
  }
}

/** Bold inside a heading is the heading's own weight (Google Docs and Word write it out); Markdown headings are bold already. */
function plainHeadings(root: Root): void {
  // Elements inside a heading (or a header cell), found on the way down: one walk for the whole tree.
  const inHeading = new WeakSet<Parent>();
  rewriteElements(root, (node, parent) => {
    const inside = inHeading.has(parent);
    if (inside && (node.tagName === 'b' || node.tagName === 'strong')) return node.children;
    if (inside || headings.includes(node.tagName) || node.tagName === 'th') inHeading.add(node);
    return undefined;
  });
}

const unwrapBold = (within: Element) => rewriteElements(within, (inner) => (inner.tagName === 'b' || inner.tagName === 'strong' ? inner.children : undefined));

/**
 * A table's first row set in bold (how office programs mark a header row) becomes the header row without the
 * bold: a table without <th> gets its first row as header later on (../html-to-markdown-shapes.ts).
 */
function plainHeaderRows(root: Root): void {
  // In document order an element's descendants follow it: from the leaves up, once, each element's count of
  // descendants, whether one is a header cell, and where the next row starts. No table is searched again.
  const all = elementsWithParents(root);
  const size = new Map<Parent, number>();
  const holdsHeader = new Set<Parent>();
  const nextRow: number[] = new Array<number>(all.length + 1).fill(Infinity);
  for (let i = all.length - 1; i >= 0; i--) {
    const { node, parent } = all[i]!;
    const own = (size.get(node) ?? 0) + 1;
    size.set(parent, (size.get(parent) ?? 0) + own);
    if (node.tagName === 'th' || node.tagName === 'thead' || holdsHeader.has(node)) holdsHeader.add(parent);
    nextRow[i] = node.tagName === 'tr' ? i : nextRow[i + 1]!;
  }
  for (let i = 0; i < all.length; i++) {
    const table = all[i]!.node;
    if (table.tagName !== 'table' || holdsHeader.has(table)) continue;
    const row = nextRow[i + 1]!;
    const first = row <= i + (size.get(table) ?? 0) ? all[row]!.node : undefined;
    if (!first) continue;
    const cells = childElements(first).filter((c) => c.tagName === 'td');
    const allBold = (cell: Element) => {
      const bold = elementsWithParents(cell)
        .filter(({ node }) => node.tagName === 'b' || node.tagName === 'strong')
        .map(({ node }) => textOf(node))
        .join('');
      return textOf(cell).replace(/\s/g, '') === bold.replace(/\s/g, '');
    };
    if (cells.length > 0 && cells.every(allBold)) for (const cell of cells) unwrapBold(cell);
  }
}

/**
 * The article's title is its only level-1 heading: a document whose sections are Heading 1 keeps its outline
 * one level down (Heading 1 → ##, Heading 2 → ###), rather than Heading 1 and Heading 2 both becoming ##.
 */
function demoteHeadings(root: Root): void {
  const found = elementsWithParents(root).filter(({ node }) => headings.includes(node.tagName));
  if (!found.some(({ node }) => node.tagName === 'h1')) return;
  for (const { node } of found) node.tagName = `h${Math.min(6, Number(node.tagName[1]) + 1)}`;
}

/** Word's table of column widths: an empty row of height 0 at the end of a table. */
function dropSpacerRows(root: Root): void {
  rewriteElements(root, (node) => (node.tagName === 'tr' && attribute(node, 'height') === '0' && textOf(node) === '' ? [] : undefined));
}

/** Google Docs' exported links go through its redirector (`https://www.google.com/url?q=<target>&sa=…`): the target is the link. */
function unwrapRedirectLinks(root: Root): void {
  for (const { node } of elementsWithParents(root)) {
    if (node.tagName !== 'a') continue;
    const href = attribute(node, 'href');
    if (!/^https:\/\/www\.google\.com\/url\?/.test(href)) continue;
    try {
      const target = new URL(href).searchParams.get('q');
      if (target && /^https?:\/\//i.test(target)) node.properties.href = target;
    } catch {
      // A link that is not a URL stays as it was; the cleaning step judges it.
    }
  }
}
