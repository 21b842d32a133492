import { citationStyleNames, referenceFormatters, chicagoReference, type CitationStyle } from './styles.ts';
import type { CitableWork } from './work.ts';

/** The files a reference manager imports, by the extension their address ends with. */
export const citationDownloads = [
  { extension: 'bib', label: 'BibTeX' },
  { extension: 'ris', label: 'RIS' },
  { extension: 'json', label: 'CSL-JSON' },
] as const;

const styles: CitationStyle[] = ['apa', 'chicago', 'mla'];

/**
 * "Cite this article": each style in a disclosure, open for APA, readable and selectable without
 * JavaScript; src/client/cite.ts adds the Copy buttons. The references' HTML is ours, escaped by styles.ts.
 */
export function CiteBlock(props: { work: CitableWork; articlePath: string }) {
  return (
    <section class="cite" aria-labelledby="cite-heading" data-cite>
      <h2 id="cite-heading">Cite this article</h2>
      {styles.map((style) => (
        <details class="cite-style" open={style === 'apa'}>
          <summary>{citationStyleNames[style]}</summary>
          <p class="cite-reference" id={`cite-${style}`} dangerouslySetInnerHTML={{ __html: referenceFormatters[style](props.work).html }} />
        </details>
      ))}
      <p class="cite-downloads">
        Download the reference:{' '}
        {citationDownloads.map((d, i) => (
          <>
            {i > 0 && ' · '}
            <a href={`${props.articlePath}/cite.${d.extension}`} download>
              {d.label}
            </a>
          </>
        ))}
      </p>
      <p class="visually-hidden" role="status" aria-live="polite" data-cite-status></p>
    </section>
  );
}

/** The print version's reference, in Chicago style, which names the institution. */
export function SuggestedCitation(props: { work: CitableWork }) {
  return (
    <p class="suggested-citation">
      <strong>Suggested citation:</strong> <span dangerouslySetInnerHTML={{ __html: chicagoReference(props.work).html }} />
    </p>
  );
}
