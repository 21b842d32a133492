/**
 * What a brand colour is: "#" and six hex digits. Kept free of imports so that the office's browser
 * script (src/client/admin-settings.ts) holds to the very rule the server's schemas use (src/site/fields.ts).
 */
export const brandColorPattern = /^#[0-9a-fA-F]{6}$/;

export const isBrandColor = (text: string) => brandColorPattern.test(text);
