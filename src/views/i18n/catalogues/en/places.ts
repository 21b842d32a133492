/** The reader's words of the places pages (see ../index.ts). */
export const places = {} as const;
