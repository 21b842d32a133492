/**
 * Sent with every response. The policy allows nothing from another origin and no inline script:
 * pages work without JavaScript, and the little there is comes from /assets.
 */
export const securityHeaders: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
    "frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'SAMEORIGIN',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
};

/**
 * For pages other sites may put in an iframe (a poll's embed): any site may frame them; everything
 * else stays as strict as on every other page.
 */
export const frameableHeaders: Record<string, string> = Object.fromEntries(
  Object.entries(securityHeaders)
    .filter(([name]) => name !== 'x-frame-options')
    .map(([name, value]) => [name, name === 'content-security-policy' ? value.replace("frame-ancestors 'self'", 'frame-ancestors *') : value]),
);

/**
 * Strict-Transport-Security for a site whose public address is https: browsers then refuse plain HTTP to
 * it for a year. Without includeSubDomains: the institution's other hosts are not ours to commit. An http
 * public address gets none (a browser ignores it over HTTP, and a test or local site must stay reachable).
 */
export function transportSecurityHeaders(publicUrl: string): Record<string, string> {
  return publicUrl.startsWith('https:') ? { 'strict-transport-security': 'max-age=31536000' } : {};
}
