import { referenceFormatters, type CitationStyle } from './styles.ts';
import type { CitableWork } from './work.ts';
import { useLocale } from '../views/i18n/locale.ts';
import type { EditionLanguage } from '../views/i18n/languages.ts';
import type { MessageKey } from '../views/i18n/catalogues/index.ts';

/** The files a reference manager imports, by the extension their address ends with; the formats' own names. */
export const citationDownloads = [
  { extension: 'bib', label: 'BibTeX' },
  { extension: 'ris', label: 'RIS' },
  { extension: 'json', label: 'CSL-JSON' },
] as const;

/**
 * The styles each edition offers, in order, the one shown open, and the one the print version suggests.
 * English readers get the three international styles as before, Chicago suggested because it names the
 * institution. Russian readers cite by ГОСТ Р 7.0.100 first (what Russian journals, theses and reports ask
 * for) and suggested; APA, Chicago and MLA follow unchanged, in their own (English) conventions.
 * ГОСТ is not offered in English: a reader writing in English has no use for a Russian-language reference.
 */
export const editionCitationStyles = {
  en: { shown: ['apa', 'chicago', 'mla'], open: 'apa', suggested: 'chicago' },
  ru: { shown: ['gost', 'apa', 'chicago', 'mla'], open: 'gost', suggested: 'gost' },
} as const satisfies Record<EditionLanguage, { shown: readonly CitationStyle[]; open: CitationStyle; suggested: CitationStyle }>;

const styleNames: Record<CitationStyle, MessageKey> = {
  gost: 'cite.style.gost',
  apa: 'cite.style.apa',
  chicago: 'cite.style.chicago',
  mla: 'cite.style.mla',
};

/**
 * "Cite this article": each style in a disclosure, the edition's first one open, readable and selectable
 * without JavaScript; src/client/cite.ts adds the Copy buttons, in the words the block gives it in its
 * data attributes. The references' HTML is ours, escaped by styles.ts.
 */
export function CiteBlock(props: { work: CitableWork; articlePath: string }) {
  const { t, language } = useLocale();
  const styles = editionCitationStyles[language];
  return (
    <section class="cite" aria-labelledby="cite-heading" data-cite data-cite-copy={t('cite.copy')} data-cite-copied={t('cite.copied')} data-cite-select={t('cite.selectToCopy')}>
      <h2 id="cite-heading">{t('cite.heading')}</h2>
      {styles.shown.map((style) => {
        const name = t(styleNames[style]);
        return (
          <details class="cite-style" open={style === styles.open}>
            <summary>{name}</summary>
            <p
              class="cite-reference"
              id={`cite-${style}`}
              data-cite-copy-label={t('cite.copyStyle', { style: name })}
              data-cite-copied-status={t('cite.copiedStatus', { style: name })}
              dangerouslySetInnerHTML={{ __html: referenceFormatters[style](props.work).html }}
            />
          </details>
        );
      })}
      <p class="cite-downloads">
        {t('cite.download')}{' '}
        {citationDownloads.map((d, i) => (
          <>
            {i > 0 && ' · '}
            <a href={`${props.articlePath}/cite.${d.extension}`} download aria-label={t('cite.downloadAs', { format: d.label })}>
              {d.label}
            </a>
          </>
        ))}
      </p>
      <p class="visually-hidden" role="status" aria-live="polite" data-cite-status></p>
    </section>
  );
}

/** The print version's reference, in the style the edition suggests. */
export function SuggestedCitation(props: { work: CitableWork }) {
  const { t, language } = useLocale();
  const style = editionCitationStyles[language].suggested;
  return (
    <p class="suggested-citation">
      <strong>{t('cite.suggested')}</strong> <span dangerouslySetInnerHTML={{ __html: referenceFormatters[style](props.work).html }} />
    </p>
  );
}
