/**
 * Ghost's cards (images, galleries, bookmarks, embeds, callouts, files…) as HTML, from the data its editors store:
 * Lexical keeps a card as a node whose fields are the card's data, Mobiledoc as [name, data] with mostly the same
 * fields. The HTML follows what Ghost itself renders, in the shapes that cards.ts and the shared converter read, so
 * a post stored without `html` comes out as one stored with it.
 */
import MarkdownIt, { type PluginSimple } from 'markdown-it';
import footnote from 'markdown-it-footnote';
import type { ContentReport } from '../html-to-markdown.ts';
import { escapeHtml } from '../../views/html-text.ts';

export type CardData = Record<string, unknown>;

/** A field as a string ('' when absent or not a string). */
export const field = (data: CardData, name: string): string => (typeof data[name] === 'string' ? (data[name] as string) : '');

// Ghost's Markdown card allows HTML and footnotes; what it renders goes through the converter's cleaning like any HTML.
const markdown = new MarkdownIt({ html: true, linkify: true }).use(footnote as unknown as PluginSimple);

const figure = (inner: string, caption: string) => `<figure>${inner}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;

const image = (data: CardData) => `<img src="${escapeHtml(field(data, 'src'))}" alt="${escapeHtml(field(data, 'alt'))}">`;

function imageCard(data: CardData): string {
  if (!field(data, 'src')) return '';
  const href = field(data, 'href');
  return figure(href ? `<a href="${escapeHtml(href)}">${image(data)}</a>` : image(data), field(data, 'caption'));
}

function galleryCard(data: CardData): string {
  const images = Array.isArray(data.images) ? (data.images as CardData[]) : [];
  const figures = images.filter((i) => field(i, 'src')).map((i) => figure(image(i), field(i, 'caption')));
  return figure(figures.join(''), field(data, 'caption'));
}

function bookmarkCard(data: CardData): string {
  const metadata = (data.metadata ?? {}) as CardData;
  const title = field(metadata, 'title') || field(data, 'url');
  const link = `<a class="kg-bookmark-container" href="${escapeHtml(field(data, 'url'))}"><div class="kg-bookmark-title">${escapeHtml(title)}</div></a>`;
  return `<figure class="kg-card kg-bookmark-card">${link}${field(data, 'caption') ? `<figcaption>${field(data, 'caption')}</figcaption>` : ''}</figure>`;
}

function embedCard(data: CardData, report: ContentReport): string {
  const url = field(data, 'url');
  if (!/^https?:\/\//i.test(url)) return '';
  report.warn(`Embedded content from ${url} was kept as a link.`);
  return `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>${field(data, 'caption') ? `<p>${field(data, 'caption')}</p>` : ''}`;
}

function codeCard(data: CardData): string {
  const language = field(data, 'language').replace(/[^\w+-]/g, '');
  const code = `<pre><code${language ? ` class="language-${language}"` : ''}>${escapeHtml(field(data, 'code'))}</code></pre>`;
  return field(data, 'caption') ? figure(code, field(data, 'caption')) : code;
}

const playerCard = (kind: 'audio' | 'video') => (data: CardData) =>
  `<div class="kg-card kg-${kind}-card"><${kind} src="${escapeHtml(field(data, 'src'))}"></${kind}><div class="kg-${kind}-title">${escapeHtml(field(data, 'title'))}</div>${field(data, 'caption') ? `<figcaption>${field(data, 'caption')}</figcaption>` : ''}</div>`;

function fileCard(data: CardData): string {
  const title = `<div class="kg-file-card-title">${escapeHtml(field(data, 'fileTitle'))}</div><div class="kg-file-card-filename">${escapeHtml(field(data, 'fileName'))}</div>`;
  const caption = `<div class="kg-file-card-caption">${escapeHtml(field(data, 'fileCaption'))}</div>`;
  return `<div class="kg-card kg-file-card"><a class="kg-file-card-container" href="${escapeHtml(field(data, 'src'))}">${title}${caption}</a></div>`;
}

const buttonLink = (url: string, text: string) => (url && text ? `<p><a href="${escapeHtml(url)}">${escapeHtml(text)}</a></p>` : '');

function headerCard(data: CardData): string {
  const header = field(data, 'header') ? `<h2>${field(data, 'header')}</h2>` : '';
  const subheader = field(data, 'subheader') ? `<h3>${field(data, 'subheader')}</h3>` : '';
  return header + subheader + (data.buttonEnabled ? buttonLink(field(data, 'buttonUrl'), field(data, 'buttonText')) : '');
}

function productCard(data: CardData): string {
  const picture = field(data, 'productImageSrc') ? figure(`<img src="${escapeHtml(field(data, 'productImageSrc'))}" alt="">`, '') : '';
  const title = field(data, 'productTitle') ? `<h4>${field(data, 'productTitle')}</h4>` : '';
  const button = data.productButtonEnabled ? buttonLink(field(data, 'productUrl'), field(data, 'productButton')) : '';
  return picture + title + field(data, 'productDescription') + button;
}

const renderers: Record<string, (data: CardData, report: ContentReport) => string> = {
  image: imageCard,
  gallery: galleryCard,
  bookmark: bookmarkCard,
  embed: embedCard,
  code: codeCard,
  codeblock: codeCard,
  html: (data) => field(data, 'html'),
  markdown: (data) => markdown.render(field(data, 'markdown')),
  hr: () => '<hr>',
  horizontalrule: () => '<hr>',
  callout: (data) => `<blockquote><p>${escapeHtml(field(data, 'calloutEmoji'))} ${field(data, 'calloutText')}</p></blockquote>`,
  toggle: (data) => `<p><strong>${field(data, 'heading')}</strong></p>${field(data, 'content')}`,
  button: (data) => buttonLink(field(data, 'buttonUrl'), field(data, 'buttonText')),
  header: headerCard,
  product: productCard,
  audio: playerCard('audio'),
  video: playerCard('video'),
  file: fileCard,
  // What only members' e-mails or the live site show: nothing of it belongs in an article's text.
  paywall: () => '',
  email: () => '',
  'email-cta': () => '',
};

/** Cards whose content exists only on the live Ghost site (a sign-up form, a list of posts): reported, left out. */
const liveOnly = new Set(['signup', 'collection', 'transistor', 'call-to-action', 'cta']);

/** A card's HTML, or '' for one that has nothing to keep (reported when something was lost). */
export function renderCard(name: string, data: CardData, report: ContentReport): string {
  const renderer = renderers[name];
  if (renderer) return renderer(data, report);
  if (liveOnly.has(name)) report.warn(`A Ghost ${name} card shows content only the live site can show; it was left out.`);
  else report.warn(`The Ghost card "${name}" is not known to the importer; it was left out.`);
  return '';
}

export const isCard = (name: string) => name in renderers || liveOnly.has(name);
