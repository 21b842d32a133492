/**
 * What an import records in place of a fingerprint for a thing the site had already and the import used as
 * it was (a tag with the slug, a glossary term with the words, a redirect from the address, an image with
 * the bytes, a portal the site had curated): the site's own, which no later run of the same export updates.
 * A fingerprint is 64 hexadecimal digits, so no fingerprint reads so.
 */
export const adoptedFingerprint = 'adopted: this site owns it';

export const isAdopted = (fingerprint: string | undefined) => fingerprint === adoptedFingerprint;
