import { createHmac, timingSafeEqual } from 'node:crypto';

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodedOrUndefined(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** A cookie value anyone may have typed: broken percent-encoding counts as no cookie, not as an error. */
function decodedOrUndefined(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

function signature(value: string, secret: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}

export function sign(value: string, secret: string): string {
  return `${value}.${signature(value, secret)}`;
}

/**
 * The value of a signed cookie and which secret signed it (0: the first, the one that signs now), or
 * undefined when none of the secrets did. Every secret is tried, so the time taken tells nothing.
 */
export function verifySigned(signed: string | undefined, secrets: readonly string[]): { value: string; secretIndex: number } | undefined {
  if (!signed) return undefined;
  const dot = signed.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const value = signed.slice(0, dot);
  const given = Buffer.from(signed.slice(dot + 1));
  let secretIndex = -1;
  secrets.forEach((secret, i) => {
    const expected = Buffer.from(signature(value, secret));
    if (given.length === expected.length && timingSafeEqual(given, expected) && secretIndex < 0) secretIndex = i;
  });
  return secretIndex < 0 ? undefined : { value, secretIndex };
}

/** The value of a signed cookie, or undefined when it was not signed with this secret (or any of these). */
export function unsign(signed: string | undefined, secret: string | readonly string[]): string | undefined {
  return verifySigned(signed, typeof secret === 'string' ? [secret] : secret)?.value;
}

export function cookieHeader(name: string, value: string, options: { maxAgeSeconds: number; secure: boolean; path?: string }): string {
  return [`${name}=${encodeURIComponent(value)}`, `Path=${options.path ?? '/'}`, `Max-Age=${options.maxAgeSeconds}`, 'HttpOnly', 'SameSite=Lax', ...(options.secure ? ['Secure'] : [])].join('; ');
}
