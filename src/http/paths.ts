/**
 * Addresses as readers may write them and as the site names them. Both helpers read a path alone
 * (no query, no fragment), as `new URL(...).pathname` or the part of a request's URL before `?` gives it.
 */

/** Path segments of reader pages: slugs, ids and file names, percent-encoded where they are not ASCII. */
const segmentPattern = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})+$/;
/** What a decoded segment may not hold: a separator, which would turn it into two, or a control character. */
const unsafeDecoded = /[/\\\u0000-\u001f\u007f]/;
/** Top-level folders that hold no page for readers: the API, the office and files. */
const notReaderPages = new Set(['api', 'admin', 'media', 'assets']);
const maxPagePathLength = 1024;

function decodedSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The path, when it can only be a reader's page on this site: one leading slash (never `//` or `/\`,
 * which a browser reads as another host), plain segments (no dot segments, no encoded slash or backslash,
 * no control characters), not the API, the office or a file, and of a sensible length. Undefined otherwise.
 */
export function readerPagePath(path: string): string | undefined {
  if (path.length > maxPagePathLength || !path.startsWith('/')) return undefined;
  if (path === '/') return path;
  const segments = path.slice(1).split('/');
  if (notReaderPages.has(segments[0]!)) return undefined;
  const plain = segments.every((segment, i) => {
    if (segment === '') return i === segments.length - 1 && i > 0; // a trailing slash, not `//`
    const decoded = decodedSegment(segment);
    return segmentPattern.test(segment) && decoded !== undefined && decoded !== '.' && decoded !== '..' && !unsafeDecoded.test(decoded);
  });
  return plain ? path : undefined;
}
