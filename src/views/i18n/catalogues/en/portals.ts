/** The reader's words of the portals pages (see ../index.ts). */
export const portals = {} as const;
