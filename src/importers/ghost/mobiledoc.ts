/**
 * Ghost's older Mobiledoc documents (the `mobiledoc` column, Ghost 1–4) → HTML, for posts exported without `html`.
 * Mobiledoc's documented format: `markups` ([tag, [attribute, value, …]]), `atoms` ([name, text, data]), `cards`
 * ([name, data]) and `sections`: [1, tag, markers] text, [2, src] image, [3, tag, items] list, [10, card index] card.
 * A marker is [0 text | 1 atom, markups it opens, how many it closes, text or atom index].
 */
import type { ContentReport } from '../html-to-markdown.ts';
import { renderCard, type CardData } from './card-html.ts';
import { escapeHtml } from '../../views/html-text.ts';

type Markup = [tag: string, attributes?: string[]];
type Marker = [kind: number, opens: number[], closes: number, value: string | number];

interface Mobiledoc {
  markups?: Markup[];
  atoms?: Array<[name: string, text: string, data: unknown]>;
  cards?: Array<[name: string, data: CardData]>;
  sections?: unknown[][];
}

const textTags = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote']);
const markupTags = new Set(['a', 'b', 'strong', 'em', 'i', 'u', 's', 'del', 'code', 'sub', 'sup', 'mark']);

export function mobiledocToHtml(json: string, report: ContentReport): string {
  let document: Mobiledoc;
  try {
    document = JSON.parse(json) as Mobiledoc;
  } catch {
    report.warn("The post's Mobiledoc content could not be read; it was left out.");
    return '';
  }
  return (document.sections ?? []).map((section) => renderSection(section, document, report)).join('');
}

function renderSection(section: unknown[], document: Mobiledoc, report: ContentReport): string {
  const [kind] = section;
  if (kind === 1) {
    const tag = String(section[1]).toLowerCase();
    // Ghost's "aside" and "pull-quote" sections are styled quotations.
    const element = textTags.has(tag) ? tag : 'blockquote';
    return `<${element}>${renderMarkers(section[2] as Marker[], document)}</${element}>`;
  }
  if (kind === 2) return `<figure><img src="${escapeHtml(String(section[1] ?? ''))}" alt=""></figure>`;
  if (kind === 3) {
    const tag = section[1] === 'ol' ? 'ol' : 'ul';
    const items = (section[2] as Marker[][]).map((markers) => `<li>${renderMarkers(markers, document)}</li>`);
    return `<${tag}>${items.join('')}</${tag}>`;
  }
  if (kind === 10) {
    const [name, data] = document.cards?.[Number(section[1])] ?? ['', {}];
    return renderCard(name, data ?? {}, report);
  }
  return '';
}

/** Text with its markups opened and closed where the markers say; an atom's text, or a line break for a soft return. */
function renderMarkers(markers: Marker[] = [], document: Mobiledoc): string {
  const open: string[] = [];
  let html = '';
  for (const [kind, opens, closes, value] of markers) {
    for (const index of opens ?? []) {
      const [tag, attributes] = document.markups?.[index] ?? ['span'];
      const name = markupTags.has(tag.toLowerCase()) ? tag.toLowerCase() : 'span';
      html += `<${name}${renderAttributes(attributes ?? [])}>`;
      open.push(name);
    }
    html += kind === 1 ? renderAtom(Number(value), document) : escapeHtml(String(value ?? ''));
    for (let i = 0; i < (closes ?? 0) && open.length > 0; i++) html += `</${open.pop()}>`;
  }
  return (
    html +
    open
      .reverse()
      .map((tag) => `</${tag}>`)
      .join('')
  );
}

function renderAttributes(attributes: string[]): string {
  let html = '';
  for (let i = 0; i + 1 < attributes.length; i += 2) {
    const name = String(attributes[i]).toLowerCase();
    if (name === 'href' || name === 'title') html += ` ${name}="${escapeHtml(String(attributes[i + 1]))}"`;
  }
  return html;
}

function renderAtom(index: number, document: Mobiledoc): string {
  const [name, text] = document.atoms?.[index] ?? ['', ''];
  return name === 'soft-return' ? '<br>' : escapeHtml(String(text ?? ''));
}
