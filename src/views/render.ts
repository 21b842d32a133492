import { renderToString } from 'preact-render-to-string';
import { h, type VNode } from 'preact';
import { englishLocale, LocaleContext, type Locale } from './i18n/locale.ts';

/** Renders a whole page in a locale (English unless given); preact escapes every text and attribute value. */
export function renderDocument(page: VNode, locale: Locale = englishLocale): string {
  return '<!doctype html>' + renderToString(locale === englishLocale ? page : (h(LocaleContext.Provider, { value: locale }, page) as VNode<unknown> as VNode));
}
