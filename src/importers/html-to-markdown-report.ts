/** What a conversion found besides the Markdown: the media to bring over and the warnings for the import report. */

export type MediaKind = 'image' | 'audio' | 'video' | 'file';

export interface MediaReference {
  url: string;
  kind: MediaKind;
}

export interface ConvertedContent {
  markdown: string;
  /** Every image, audio, video or file the content points at on the old site (URLs as written), each once. */
  media: MediaReference[];
  /** Human-readable warnings for the import report, each once, in the order they arose. */
  warnings: string[];
}

/** Collects media and warnings while a body is converted; the same media or warning twice is kept once. */
export class ContentReport {
  readonly media: MediaReference[] = [];
  readonly warnings: string[] = [];
  private readonly seenMedia = new Set<string>();
  private readonly seenWarnings = new Set<string>();

  /** Notes a media file; false when it was noted before (or is no address at all). */
  addMedia(url: string, kind: MediaKind): boolean {
    if (!url || this.seenMedia.has(url)) return false;
    this.seenMedia.add(url);
    this.media.push({ url, kind });
    return true;
  }

  warn(message: string): void {
    if (this.seenWarnings.has(message)) return;
    this.seenWarnings.add(message);
    this.warnings.push(message);
  }
}

const extensionsByKind: Record<Exclude<MediaKind, 'file'>, RegExp> = {
  image: /\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?|heic)$/i,
  audio: /\.(?:mp3|m4a|ogg|oga|wav|flac|aac|opus)$/i,
  video: /\.(?:mp4|m4v|webm|ogv|mov|avi|wmv|mkv|3gp)$/i,
};

/** What a URL names, by the extension of its path ('file' for anything else: a PDF, a spreadsheet). */
export function mediaKindOf(url: string): MediaKind {
  const path = url.replace(/[?#].*$/, '');
  for (const kind of ['image', 'audio', 'video'] as const) if (extensionsByKind[kind].test(path)) return kind;
  return 'file';
}
