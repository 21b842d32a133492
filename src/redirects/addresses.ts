import { canonicalAddress } from '../http/paths.ts';

/** The longest old address or target kept: longer ones are not addresses anyone links to. */
export const maxAddressLength = 2000;

const base = 'http://rostrum.invalid';

/** Characters a path must not hold even escaped: they end it, or make a browser read another host. */
const unsafePath = /%(?:0[0-9A-F]|1[0-9A-F]|7F|2F|5C)/i;

/**
 * An old address in the one spelling redirects are kept and looked up by: the path as the page cache
 * spells it (single slashes, no trailing slash, escapes in upper case, non-ASCII escaped), and the query
 * with its parameters in order, so `/?p=5&x=1` and `/?x=1&p=5` are one address. A full URL counts by its
 * path and query alone, whatever its host: an import names the old site's addresses that way. Undefined
 * when the text is no path at all.
 */
export function addressKey(address: string): string | undefined {
  const text = address.trim();
  if (!text || text.length > maxAddressLength || /[\u0000-\u001f\u007f]/.test(text)) return undefined;
  const absolute = /^https?:\/\//i.test(text);
  if (!absolute && (!text.startsWith('/') || text.startsWith('//') || text.startsWith('/\\'))) return undefined;
  // Dot segments would be resolved away by URL and name another address than the one written.
  if (/\/\.{1,2}(?:[/?#]|$)/.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    return undefined;
  }
  if (unsafePath.test(url.pathname)) return undefined;
  const path = canonicalAddress(url.pathname);
  url.searchParams.sort();
  const query = url.searchParams.toString();
  return query ? `${path}?${query}` : path;
}

/** The same address without its query: an old address with a query no redirect names is looked up by its path. */
export const pathOfKey = (key: string) => key.split('?')[0]!;

/**
 * A redirect's target as kept and sent in Location: a path on this site (spelt as addressKey spells it,
 * its query kept in order) or an absolute http(s) URL, escaped where a header needs it. Undefined for
 * anything else: `//host` (another site pretending to be a path), other schemes, control characters.
 */
export function targetAddress(target: string): string | undefined {
  const text = target.trim();
  if (!text || text.length > maxAddressLength || /[\u0000-\u001f\u007f]/.test(text)) return undefined;
  if (/^https?:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      return url.username || url.password ? undefined : url.href;
    } catch {
      return undefined;
    }
  }
  if (!text.startsWith('/') || text.startsWith('//') || text.startsWith('/\\')) return undefined;
  try {
    const url = new URL(text, base);
    if (url.origin !== base) return undefined;
    const path = canonicalAddress(url.pathname);
    return `${path}${url.search}${url.hash}`;
  } catch {
    return undefined;
  }
}

/** Where a target leads, as a key of this site's addresses; undefined for a target on another site. */
export function localKeyOf(target: string): string | undefined {
  return target.startsWith('/') ? addressKey(target.split('#')[0]!) : undefined;
}

/** The address under a prefix redirect: `/blogs/old/piece` under `/blogs/old` → `/blogs/new` is `/blogs/new/piece`. */
export function underPrefix(fromPath: string, target: string, requested: string): string {
  const rest = requested.slice(fromPath === '/' ? 0 : fromPath.length);
  const [targetPath, ...fragment] = target.split('#');
  const joined = targetPath!.endsWith('/') && rest.startsWith('/') ? targetPath + rest.slice(1) : targetPath + rest;
  return fragment.length ? `${joined}#${fragment.join('#')}` : joined;
}

/** Whether a path is the folder's own or one under it: `/a/b` is under `/a`, `/ab` is not. */
export const isUnder = (path: string, folder: string) => pathOfKey(path) === folder || pathOfKey(path).startsWith(folder === '/' ? '/' : `${folder}/`);

/** Parameters that say where a reader came from (a newsletter, a social network), never which page: an old link carrying them is the same link. */
const trackingParameter = /^(?:utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|ref|igshid)$/i;

/** The key without the tracking parameters in its query; the key itself when it has none. */
function withoutTracking(key: string): string {
  const at = key.indexOf('?');
  if (at < 0) return key;
  const params = new URLSearchParams(key.slice(at + 1));
  for (const name of [...params.keys()]) if (trackingParameter.test(name)) params.delete(name);
  const query = params.toString();
  return query ? `${key.slice(0, at)}?${query}` : key.slice(0, at);
}

/**
 * The keys a request is looked up by, most specific first: the address with its query, with its query but the
 * tracking parameters (`/?p=123&utm_source=x` is `/?p=123`), the path, then each folder above it.
 */
export function lookupKeys(key: string): { exact: string[]; prefixes: string[] } {
  const path = pathOfKey(key);
  const exact = [...new Set([key, withoutTracking(key), path])];
  const prefixes: string[] = [];
  for (let at = path.lastIndexOf('/'); at > 0; at = path.lastIndexOf('/', at - 1)) prefixes.push(path.slice(0, at));
  return { exact, prefixes: [path, ...prefixes] };
}
