/** The reader's words of the citations pages (see ../index.ts). */
export const citations = {} as const;
