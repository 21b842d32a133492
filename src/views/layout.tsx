import type { ComponentChildren } from 'preact';
import { audienceLinks, type MenuLink, type SiteView } from './site.ts';
import { useLocale } from './i18n/locale.ts';
import { defaultLanguageOf, editionLanguages, type EditionLanguage } from './i18n/languages.ts';

/** This page in each edition that has it, by path (prefix included): for the switcher and hreflang. */
export type LanguageAlternates = Partial<Record<EditionLanguage, string>>;

/** A page every edition has at the same path (a listing): its address in each of them; none on a one-language site. */
export function everyEdition(site: SiteView, sitePath: string): LanguageAlternates | undefined {
  const { editions, pathIn } = site.locale;
  if (editions.languages.length < 2) return undefined;
  return Object.fromEntries(editions.languages.map((language) => [language, pathIn(language, sitePath)]));
}

export interface LayoutProps {
  site: SiteView;
  title: string;
  description?: string;
  canonicalPath?: string;
  head?: ComponentChildren;
  bodyClass?: string;
  /** The page in the site's other editions; without it the switcher leads to their front pages. */
  alternates?: LanguageAlternates;
  children: ComponentChildren;
}

/** The page as a set of equivalents in other languages, as search engines read them: each, and x-default (the default edition's). */
function HreflangLinks(props: { site: SiteView; alternates?: LanguageAlternates }) {
  const { site, alternates } = props;
  if (!alternates || Object.keys(alternates).length < 2) return null;
  const fallback = alternates[defaultLanguageOf(site.locale.editions)];
  return (
    <>
      {site.locale.editions.languages.map((language) => {
        const path = alternates[language];
        return path === undefined ? null : <link rel="alternate" hreflang={language} href={site.publicUrl + path} />;
      })}
      {fallback !== undefined && <link rel="alternate" hreflang="x-default" href={site.publicUrl + fallback} />}
    </>
  );
}

/** The document head every page shares: title, description, canonical address, styles and the one script. */
function PageHead(props: Pick<LayoutProps, 'site' | 'title' | 'description' | 'canonicalPath' | 'head' | 'alternates'>) {
  const { site } = props;
  const fullTitle = props.title === site.name ? site.name : `${props.title} — ${site.name}`;
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{fullTitle}</title>
      <meta name="description" content={props.description ?? site.description} />
      <meta name="color-scheme" content="light dark" />
      {props.canonicalPath !== undefined && <link rel="canonical" href={site.publicUrl + props.canonicalPath} />}
      <HreflangLinks site={site} alternates={props.alternates} />
      {site.appearance?.favicon ? <link rel="icon" type={site.appearance.favicon.type} href={site.appearance.favicon.src} /> : <link rel="icon" type="image/svg+xml" href={site.assets.favicon} />}
      <link rel="stylesheet" href={site.assets.screenCss} />
      <link rel="stylesheet" href={site.assets.printCss} media="print" />
      <script type="module" src={site.assets.clientJs} />
      {props.head}
    </head>
  );
}

/**
 * A page made to sit in another site's iframe: no masthead, navigation or footer, only the content in a
 * main landmark. Links in it open in a new tab, away from the page that embeds it.
 */
export function FramedLayout(props: Omit<LayoutProps, 'bodyClass'>) {
  return (
    <html lang={props.site.locale.language}>
      <PageHead {...props} head={[<meta name="robots" content="noindex" />, <base target="_blank" />, props.head]} />
      <body class="framed">
        <main id="main">{props.children}</main>
      </body>
    </html>
  );
}

/**
 * The site's editions, each in its own language: the one shown is marked, each other leads to this page's
 * version in it, or to its front page where this page has none.
 */
function LanguageSwitcher(props: { site: SiteView; alternates?: LanguageAlternates }) {
  const { locale } = props.site;
  const t = useLocale().t;
  if (locale.editions.languages.length < 2) return null;
  return (
    <nav class="language-switcher" aria-label={t('layout.languages')}>
      <ul>
        {locale.editions.languages.map((language) => (
          <li>
            {language === locale.language ? (
              <span aria-current="true" lang={language}>
                {editionLanguages[language].nativeName}
              </span>
            ) : (
              <a href={props.alternates?.[language] ?? locale.pathIn(language, '/')} hreflang={language} lang={language}>
                {editionLanguages[language].nativeName}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The audience portals of this edition. */
export function AudienceLinks() {
  const { t, path } = useLocale();
  return (
    <>
      {audienceLinks.map((l) => (
        <li>
          <a href={path(l.href)}>{t(l.label)}</a>
        </li>
      ))}
    </>
  );
}

/** The page frame: skip link, masthead, main landmark, audience navigation and footer. */
export function Layout(props: LayoutProps) {
  const { site } = props;
  const { t, path } = site.locale;
  return (
    <html lang={site.locale.language} data-time-zone={site.locale.timeZone}>
      <PageHead {...props} />
      <body class={props.bodyClass}>
        <a class="skip-link" href="#main">
          {t('layout.skip')}
        </a>
        <header class="masthead">
          <div class="masthead-inner">
            <SiteName site={site} />
            {site.tagline && <p class="site-tagline">{site.tagline}</p>}
            <LanguageSwitcher site={site} alternates={props.alternates} />
            <nav class="site-nav" aria-label={t('layout.sections')}>
              <ul>
                {site.appearance?.sections ? (
                  <MenuItems links={site.appearance.sections} current={props.canonicalPath} />
                ) : (
                  <>
                    <li>
                      <a href={path('/blogs')}>{t('layout.blogs')}</a>
                    </li>
                    <li>
                      <a href={path('/polls')}>{t('layout.polls')}</a>
                    </li>
                    <li>
                      <a href={path('/regions')}>{t('layout.regions')}</a>
                    </li>
                    <AudienceLinks />
                  </>
                )}
                <MenuItems links={site.menu.masthead} current={props.canonicalPath} />
              </ul>
            </nav>
            <MastheadSearch />
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <nav aria-label={t('layout.audiences')} class="footer-audiences">
            <ul>
              <AudienceLinks />
            </ul>
          </nav>
          {site.menu.footer.length + (site.appearance?.footerLinks.length ?? 0) > 0 && (
            <nav aria-label={t('layout.sitePages')} class="footer-pages">
              <ul>
                <MenuItems links={[...(site.appearance?.footerLinks ?? []), ...site.menu.footer]} current={props.canonicalPath} />
              </ul>
            </nav>
          )}
          {site.appearance?.footerText && <p class="footer-text">{site.appearance.footerText}</p>}
          <p>
            {t('layout.copyright', { year: new Date().getUTCFullYear(), site: site.name })} {site.description}
          </p>
        </footer>
      </body>
    </html>
  );
}

/**
 * The site's name in the masthead, leading to the front page; with a logo, the logo beside it, or the logo
 * alone with the name as its text alternative. The logo is drawn at the masthead's height (CSS), its
 * variants chosen for that width.
 */
function SiteName(props: { site: SiteView }) {
  const { site } = props;
  const logo = site.appearance?.logo;
  if (!logo) {
    return (
      <a class="site-name" href={site.locale.path('/')}>
        {site.name}
      </a>
    );
  }
  const shownWidth = Math.min(240, Math.round((48 * logo.width) / logo.height));
  return (
    <a class="site-name has-logo" href={site.locale.path('/')}>
      <img class="site-logo" src={logo.src} srcset={logo.srcset} sizes={`${shownWidth}px`} width={logo.width} height={logo.height} alt={site.appearance?.logoOnly ? site.name : ''} />
      {!site.appearance?.logoOnly && <span>{site.name}</span>}
    </a>
  );
}

/** The site's own pages in a menu; the one the reader is on is marked as the current page. */
function MenuItems(props: { links: MenuLink[]; current?: string }) {
  return (
    <>
      {props.links.map((l) => (
        <li>
          <a href={l.href} aria-current={l.href === props.current ? 'page' : undefined}>
            {l.label}
          </a>
        </li>
      ))}
    </>
  );
}

/** A small search form on every page; with JavaScript, results appear under it as the reader types. */
function MastheadSearch() {
  const { t, path } = useLocale();
  return (
    <form class="masthead-search" role="search" method="get" action={path('/search')} data-search-form="masthead">
      <label for="masthead-q" class="visually-hidden">
        {t('search.label')}
      </label>
      <input id="masthead-q" type="search" name="q" placeholder={t('search.placeholder')} autocomplete="off" maxLength={2000} />
      <button type="submit">{t('search.button')}</button>
      <div class="masthead-search-results" data-search-results="masthead" hidden>
        <p class="visually-hidden" aria-live="polite" data-search-status />
        <ul data-search-list />
      </div>
    </form>
  );
}

/** The brand colour goes into CSS; only a hex colour may pass. */
export function safeColor(value: string): string {
  return /^#[0-9a-fA-F]{3,8}$/.test(value) ? value : '#8a1c2b';
}

/** `detail`: the refusal's own words (in English, as the domain writes them), under the edition's message. */
export function ErrorPage(props: { site: SiteView; status: number; title: string; message: string; detail?: string }) {
  const { t, rich, path } = props.site.locale;
  return (
    <Layout site={props.site} title={props.title}>
      <section class="error-page">
        <p class="error-status">{t('error.status', { status: props.status })}</p>
        <h1>{props.title}</h1>
        <p>{props.message}</p>
        {props.detail && (
          <p class="error-detail" lang="en">
            {props.detail}
          </p>
        )}
        <p>{rich('error.ways', { front: (words) => <a href={path('/')}>{words}</a>, blogs: (words) => <a href={path('/blogs')}>{words}</a> })}</p>
      </section>
    </Layout>
  );
}
