/** The reader's words of the citations pages (see ../index.ts). */
export const citations = {
  'cite.heading': 'Cite this article',
  'cite.style.gost': 'GOST R 7.0.100–2018',
  'cite.style.apa': 'APA (7th edition)',
  'cite.style.chicago': 'Chicago (17th edition)',
  'cite.style.mla': 'MLA (9th edition)',
  'cite.download': 'Download the reference:',
  'cite.downloadAs': 'Download the reference as {format}',
  'cite.suggested': 'Suggested citation:',
  // The Copy buttons that src/client/cite.ts adds, given to it in the block's data attributes.
  'cite.copy': 'Copy',
  'cite.copyStyle': 'Copy the {style} reference',
  'cite.copied': 'Copied',
  'cite.copiedStatus': '{style} reference copied',
  'cite.selectToCopy': 'Press Ctrl+C or ⌘C to copy the selected reference',
} as const;
