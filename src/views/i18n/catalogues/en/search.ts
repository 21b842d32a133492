/** The reader's words of the search pages (see ../index.ts). */
export const search = {} as const;
