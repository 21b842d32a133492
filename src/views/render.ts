import { renderToString } from 'preact-render-to-string';
import type { VNode } from 'preact';

/** Renders a whole page; preact escapes every text and attribute value. */
export function renderDocument(page: VNode): string {
  return '<!doctype html>' + renderToString(page);
}
