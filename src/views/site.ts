import type { MessageKey } from './i18n/catalogues/index.ts';
import type { Locale } from './i18n/locale.ts';

/** What every page needs to know about the site, in one edition's language; built from the site settings. */
export interface SiteView {
  /** The edition's language, its words, dates and addresses. */
  locale: Locale;
  name: string;
  tagline: string;
  description: string;
  brandColor: string;
  publicUrl: string;
  assets: AssetUrls;
  /** Links to the institution's own pages (About, Contact…), given by the composition; views know no capability. */
  menu: SiteMenus;
  /** The logo, favicon, masthead menu and footer the settings give (src/site/appearance.ts); absent, the built-in ones. */
  appearance?: SiteAppearance;
}

/** An uploaded image as pages show it: its smallest variant, the set to choose from, its size and type. */
export interface SiteImageView {
  src: string;
  srcset: string;
  width: number;
  height: number;
  type: string;
}

/** What the appearance settings add to every page of one edition. */
export interface SiteAppearance {
  logo?: SiteImageView;
  /** The logo alone in the masthead, the site's name being its text alternative. */
  logoOnly: boolean;
  favicon?: SiteImageView;
  /** The masthead's links in place of the built-in ones, in order; absent, the built-in ones. */
  sections?: MenuLink[];
  /** A line of the site's own under the footer's links ('' for none). */
  footerText: string;
  footerLinks: MenuLink[];
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

/** The three audience portals, named as the reference page names them; the path is the default edition's. */
export const audienceLinks: ReadonlyArray<{ href: string; label: MessageKey }> = [
  { href: '/for-business', label: 'portal.business' },
  { href: '/for-researchers', label: 'portal.researchers' },
  { href: '/for-students', label: 'portal.students' },
];
