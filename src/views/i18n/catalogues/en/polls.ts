/** The reader's words of the polls pages (see ../index.ts). */
export const polls = {} as const;
