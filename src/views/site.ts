/** What every page needs to know about the site; built from the site settings. */
export interface SiteView {
  name: string;
  tagline: string;
  description: string;
  brandColor: string;
  publicUrl: string;
  assets: AssetUrls;
}

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
