/** What the WordPress content converter is given about a post, and what its parts share while converting it. */
import type { ContentReport } from '../html-to-markdown.ts';

export interface WordPressAttachment {
  id: number;
  url: string;
  alt: string;
  caption: string;
  title: string;
  parentId: number;
  mimeType?: string;
}

export interface WordPressContentContext {
  postId: number;
  /** The post's `footnotes` meta (WordPress 6.3+ stores footnotes as JSON [{id, content}] in post meta). */
  footnotes?: string;
  attachment(id: number): WordPressAttachment | undefined;
  /** Attachments whose parent is this post, in menu order: what a bare [gallery] shows. */
  attachmentsOfPost(): WordPressAttachment[];
  /** Where an image of the old site lives in Rostrum now (a /media/... path), or undefined: then the original URL is kept and a warning says so. */
  imageAddress?(url: string): string | undefined;
}

/** One post's conversion: its context, and the report its warnings and media go to. */
export interface Conversion {
  /** The post's content as stored. */
  content: string;
  context: WordPressContentContext;
  report: ContentReport;
  /** Blocks WordPress generates when a page is shown (latest posts, a calendar), named once in the report. */
  generatedBlocks: Set<string>;
  /** Set once the post's footnotes have been placed (where its footnotes block stands, or else at the end). */
  footnotesPlaced?: boolean;
}

export { escapeHtml } from '../../views/html-text.ts';
