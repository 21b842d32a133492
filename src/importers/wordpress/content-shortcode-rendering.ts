/**
 * What WordPress's own shortcodes become: HTML that the shared converter knows how to put into Markdown. A
 * [caption] is a <figure> with its <figcaption>; a [gallery] one figure per image, each with its caption; [embed]
 * and a URL alone on its line a link; [audio], [video] and [playlist] players, which the converter turns into links
 * and reports. Other shortcodes stay as text and are named in the report.
 */
import { mediaKindOf } from '../html-to-markdown.ts';
import { escapeHtml, type Conversion, type WordPressAttachment } from './content-context.ts';
import { literalBrackets, replaceShortcodes, unknownShortcodes, type Shortcode } from './content-shortcodes.ts';

const renderers: Record<string, (shortcode: Shortcode, conversion: Conversion) => string> = {
  caption: renderCaption,
  wp_caption: renderCaption,
  gallery: renderGallery,
  embed: renderEmbed,
  audio: (shortcode, conversion) => renderPlayer(shortcode, conversion, 'audio'),
  video: (shortcode, conversion) => renderPlayer(shortcode, conversion, 'video'),
  playlist: renderPlaylist,
};

const handled = Object.keys(renderers);

/** Replaces WordPress's own shortcodes in `html`; reports the others by name, leaving them as text. */
export function expandShortcodes(html: string, conversion: Conversion): string {
  const expanded = expandHandled(html, conversion);
  for (const name of unknownShortcodes(expanded)) {
    if (!handled.includes(name)) conversion.report.warn(`The shortcode [${name}] is not known to the importer; it was kept as text.`);
  }
  return expanded;
}

const expandHandled = (html: string, conversion: Conversion): string => replaceShortcodes(html, handled, (shortcode) => renderers[shortcode.name]!(shortcode, conversion));

/**
 * A URL alone on its line in a classic post is an embed (WordPress's oEmbed, run before paragraphs are made):
 * it becomes an [embed] shortcode, so that it is reported and linked like one. Code in <pre> is left as written.
 */
export function markStandaloneUrls(content: string): string {
  return content
    .split(/(<pre[\s>][\s\S]*?<\/pre>)/i)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/^(\s*)(https?:\/\/[^\s<>"]+)(\s*)$/gim, '$1[embed]$2[/embed]$3')))
    .join('');
}

function renderCaption(shortcode: Shortcode, conversion: Conversion): string {
  const content = shortcode.content ?? '';
  let image = content;
  let caption = shortcode.attributes.caption ?? '';
  // The caption is the text after the (linked) image, unless an older post gave it as an attribute.
  if (shortcode.attributes.caption === undefined) {
    const parts = /((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*<\/a>)?)(.*)/is.exec(content);
    if (parts) [image, caption] = [parts[1]!, parts[2]!.trim()];
  }
  image = withAttachmentAlt(image, shortcode.attributes.id, conversion);
  const figcaption = caption ? `<figcaption>${expandHandled(caption, conversion)}</figcaption>` : '';
  return `<figure>${expandHandled(image, conversion)}${figcaption}</figure>`;
}

/** An image captioned without alt text takes its attachment's (id="attachment_612"), as WordPress's editor would. */
function withAttachmentAlt(image: string, id: string | undefined, conversion: Conversion): string {
  const attachment = conversion.context.attachment(Number(/(\d+)$/.exec(id ?? '')?.[1]));
  if (!attachment?.alt) return image;
  return image.replace(/<img\b([^>]*)>/i, (tag, attributes: string) => {
    if (/\salt\s*=\s*(["'])(?!\s*\1)/.test(attributes)) return tag;
    return `<img alt="${escapeHtml(attachment.alt)}"${attributes.replace(/\salt\s*=\s*(["'])\s*\1/, '')}>`;
  });
}

const idList = (value: string | undefined): number[] =>
  (value ?? '')
    .split(/[\s,]+/)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);

const isImage = (attachment: WordPressAttachment) => (attachment.mimeType ? attachment.mimeType.startsWith('image/') : mediaKindOf(attachment.url) === 'image');

function renderGallery(shortcode: Shortcode, conversion: Conversion): string {
  const images = galleryAttachments(shortcode, conversion).filter(isImage);
  if (images.length === 0) conversion.report.warn('A gallery had no images that the export holds; it was left out.');
  return images.map((image) => figureHtml(image)).join('');
}

export function figureHtml(image: WordPressAttachment): string {
  const caption = image.caption.trim() ? `<figcaption>${image.caption}</figcaption>` : '';
  return `<figure><img src="${escapeHtml(image.url)}" alt="${escapeHtml(image.alt)}">${caption}</figure>`;
}

/**
 * The attachments a gallery shows, in WordPress's order: those it names (ids, include) in the order named, or else
 * the post's own less those excluded. "rand" order has no fixed meaning, so the named or menu order is kept.
 */
function galleryAttachments(shortcode: Shortcode, conversion: Conversion): WordPressAttachment[] {
  const { attributes } = shortcode;
  const { context, report } = conversion;
  const named = idList(attributes.ids ?? attributes.include);
  let attachments: WordPressAttachment[];
  if (named.length > 0) {
    attachments = named.flatMap((id) => {
      const attachment = context.attachment(id);
      if (!attachment) report.warn(`The gallery image ${id} is not in the export; it was left out.`);
      return attachment ? [attachment] : [];
    });
  } else if (attributes.id && Number(attributes.id) !== context.postId) {
    report.warn(`A gallery of another post's images (post ${attributes.id}) was left out.`);
    return [];
  } else {
    const excluded = new Set(idList(attributes.exclude));
    attachments = context.attachmentsOfPost().filter((a) => !excluded.has(a.id));
  }
  return ordered(attachments, attributes);
}

function ordered(attachments: WordPressAttachment[], attributes: Record<string, string>): WordPressAttachment[] {
  const orderBy = (attributes.orderby ?? '').toLowerCase();
  const sorted = [...attachments];
  if (orderBy === 'title') sorted.sort((a, b) => a.title.localeCompare(b.title));
  else if (orderBy === 'id') sorted.sort((a, b) => a.id - b.id);
  return (attributes.order ?? '').toUpperCase() === 'DESC' ? sorted.reverse() : sorted;
}

function renderEmbed(shortcode: Shortcode, conversion: Conversion): string {
  const url = (shortcode.content ?? shortcode.positional[0] ?? '').trim();
  if (!/^https?:\/\//i.test(url)) return literalBrackets(escapeHtml(url));
  conversion.report.warn(`Embedded content from ${url} was kept as a link.`);
  return `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`;
}

const sourceAttributes = { audio: ['src', 'mp3', 'm4a', 'ogg', 'wav', 'flac', 'wma'], video: ['src', 'mp4', 'm4v', 'webm', 'ogv', 'wmv', 'flv'] };

/**
 * An [audio] or [video] player: its file is the first of src and the type attributes WordPress reads, or a URL given
 * without a name, or else the post's first attachment of that kind (as WordPress does).
 */
function renderPlayer(shortcode: Shortcode, conversion: Conversion, kind: 'audio' | 'video'): string {
  const named = sourceAttributes[kind].map((name) => shortcode.attributes[name]).find(Boolean);
  const given = shortcode.positional.find((value) => /^https?:\/\//i.test(value));
  const attached = conversion.context.attachmentsOfPost().find((a) => a.mimeType?.startsWith(`${kind}/`));
  const source = named ?? given ?? attached?.url;
  if (!source) {
    conversion.report.warn(`An [${kind}] shortcode without a file was left out.`);
    return '';
  }
  return `<p><${kind} src="${escapeHtml(source)}"></${kind}></p>`;
}

function renderPlaylist(shortcode: Shortcode, conversion: Conversion): string {
  const kind = shortcode.attributes.type === 'video' ? 'video' : 'audio';
  const ids = idList(shortcode.attributes.ids ?? shortcode.attributes.include);
  const attachments = ids.length > 0 ? ids.flatMap((id) => conversion.context.attachment(id) ?? []) : conversion.context.attachmentsOfPost();
  const files = attachments.filter((a) => (a.mimeType ? a.mimeType.startsWith(`${kind}/`) : mediaKindOf(a.url) === kind));
  if (files.length === 0) conversion.report.warn(`A [playlist] without ${kind} files in the export was left out.`);
  return files.map((file) => `<p><${kind} src="${escapeHtml(file.url)}"></${kind}></p>`).join('');
}
