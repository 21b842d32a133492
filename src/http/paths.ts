/**
 * Addresses as readers may write them and as the site names them. Both helpers read a path alone
 * (no query, no fragment), as `new URL(...).pathname` or the part of a request's URL before `?` gives it.
 */

/** Path segments of reader pages: slugs, ids and file names, percent-encoded where they are not ASCII. */
const segmentPattern = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})+$/;
/** What a decoded segment may not hold: a separator, which would turn it into two, or a control character. */
const unsafeDecoded = /[/\\\u0000-\u001f\u007f]/;
/** Top-level folders that hold no page for readers: the API, the office and files. */
export const notReaderPages: ReadonlySet<string> = new Set(['api', 'admin', 'media', 'assets']);
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

const unreservedCharacter = /^[A-Za-z0-9\-._~]$/;
/**
 * A percent escape, a run of slashes, or an ASCII character a path may not carry as it is. Other bytes
 * are left alone: how the server read them is the router's business, not the cache's.
 */
const toCanonicalize = /%([0-9A-Fa-f]{2})|\/{2,}|[\x00-\x20"<>\\^`{|}\x7f]/g;

/**
 * The one spelling of an address the site uses and its page cache keeps: single slashes, no trailing
 * slash (but `/`), unreserved characters written out (`%69` is `i`), other escapes in upper case,
 * and stray ASCII characters (a backslash, say) escaped. The query is left as it is. An address that is not a
 * path (`*`, or the absolute form some proxies send) is returned unchanged.
 */
export function canonicalAddress(url: string): string {
  if (!url.startsWith('/')) return url;
  const at = url.indexOf('?');
  const path = at < 0 ? url : url.slice(0, at);
  const query = at < 0 ? '' : url.slice(at);
  let canonical = path.replace(toCanonicalize, (match: string, hex: string | undefined) => {
    if (hex !== undefined) {
      const decoded = String.fromCharCode(parseInt(hex, 16));
      return unreservedCharacter.test(decoded) ? decoded : match.toUpperCase();
    }
    // `//` at the start of an address is read by browsers as another host: one slash, always.
    return match.startsWith('/') ? '/' : encodeURIComponent(match);
  });
  if (canonical.length > 1 && canonical.endsWith('/')) canonical = canonical.slice(0, -1);
  return canonical + query;
}
