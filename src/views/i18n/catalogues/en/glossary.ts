/** The reader's words of the glossary pages (see ../index.ts). */
export const glossary = {} as const;
