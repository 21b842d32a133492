/** The reader's words of the portals pages (see ../index.ts); the portals' names are in common.ts. */
export const portals = {
  'portal.selected': 'Selected for you',
  'portal.latest': 'Latest analysis',
} as const;
