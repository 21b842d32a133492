/**
 * A WordPress post's content → Rostrum's Markdown, for either editor WordPress has had. Classic posts get
 * WordPress's paragraphs (wpautop) and their URLs alone on a line become embeds; block-editor posts are rendered
 * block by block; then, as WordPress does, shortcodes are expanded in both, and the post's footnotes put at their
 * block (or at the end). The shared converter (../html-to-markdown.ts) does the rest.
 *
 * Pure: no database, no files. The importer calls it once without `imageAddress` to learn the media, brings them
 * over, then again with `imageAddress` for the Markdown it stores.
 */
import { ContentReport, htmlToMarkdown, type ConvertedContent } from '../html-to-markdown.ts';
import { wpautop } from './content-autop.ts';
import { renderBlocks } from './content-block-rendering.ts';
import { hasBlocks, parseBlocks } from './content-blocks.ts';
import type { Conversion, WordPressContentContext } from './content-context.ts';
import { footnotesList } from './content-footnotes.ts';
import { correctWordPressMarkup, isWordPressUpload } from './content-markup.ts';
import { expandShortcodes, markStandaloneUrls } from './content-shortcode-rendering.ts';

export type { ConvertedContent } from '../html-to-markdown.ts';
export type { WordPressAttachment, WordPressContentContext } from './content-context.ts';

export function convertWordPressContent(content: string, context: WordPressContentContext): ConvertedContent {
  const conversion: Conversion = { content, context, report: new ContentReport(), generatedBlocks: new Set() };
  const rendered = hasBlocks(content) ? renderBlocks(parseBlocks(content), conversion) : wpautop(markStandaloneUrls(content));
  if (conversion.generatedBlocks.size > 0) {
    const names = [...conversion.generatedBlocks].join(', ');
    conversion.report.warn(`Blocks that WordPress fills in when a page is shown store no content and were left out: ${names}.`);
  }
  // Notes whose footnotes block is missing (or that an editor added by hand) go at the end, as WordPress's would.
  const html = expandShortcodes(rendered, conversion) + footnotesList(conversion);
  return htmlToMarkdown(html, {
    report: conversion.report,
    imageAddress: context.imageAddress ? (url) => context.imageAddress!(url) : undefined,
    isSiteFile: isWordPressUpload,
    transforms: [correctWordPressMarkup],
  });
}
