/** What every page needs to know about the site; built from the site settings. */
export interface SiteView {
  name: string;
  tagline: string;
  description: string;
  brandColor: string;
  publicUrl: string;
  assets: AssetUrls;
  /** Links to the institution's own pages (About, Contact…), given by the composition; views know no capability. */
  menu: SiteMenus;
}

/** One link of a site menu. */
export interface MenuLink {
  href: string;
  label: string;
}

/** The links a site adds to its masthead's navigation and to its footer, in order. */
export interface SiteMenus {
  masthead: MenuLink[];
  footer: MenuLink[];
}

export const noMenus: SiteMenus = { masthead: [], footer: [] };

export interface AssetUrls {
  screenCss: string;
  printCss: string;
  clientJs: string;
  favicon: string;
  /** The editorial office's own styles and script, loaded only on its pages. */
  adminCss: string;
  adminJs: string;
}

/** The three audience portals, named as the reference page names them. */
export const audienceLinks = [
  { href: '/for-business', label: 'For business' },
  { href: '/for-researchers', label: 'For researchers' },
  { href: '/for-students', label: 'For students' },
] as const;
