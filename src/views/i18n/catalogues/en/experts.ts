/** The reader's words of the experts pages (see ../index.ts). */
export const experts = {} as const;
