/** The reader's words of the articles pages (see ../index.ts). */
export const articles = {} as const;
