import type { ComponentChildren } from 'preact';
import { audienceLinks, type MenuLink, type SiteView } from './site.ts';

export interface LayoutProps {
  site: SiteView;
  title: string;
  description?: string;
  canonicalPath?: string;
  head?: ComponentChildren;
  bodyClass?: string;
  children: ComponentChildren;
}

/** The document head every page shares: title, description, canonical address, styles and the one script. */
function PageHead(props: Pick<LayoutProps, 'site' | 'title' | 'description' | 'canonicalPath' | 'head'>) {
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
      <link rel="icon" type="image/svg+xml" href={site.assets.favicon} />
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
    <html lang="en">
      <PageHead {...props} head={[<meta name="robots" content="noindex" />, <base target="_blank" />, props.head]} />
      <body class="framed">
        <main id="main">{props.children}</main>
      </body>
    </html>
  );
}

/** The page frame: skip link, masthead, main landmark, audience navigation and footer. */
export function Layout(props: LayoutProps) {
  const { site } = props;
  return (
    <html lang="en">
      <PageHead {...props} />
      <body class={props.bodyClass}>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="masthead">
          <div class="masthead-inner">
            <a class="site-name" href="/">
              {site.name}
            </a>
            {site.tagline && <p class="site-tagline">{site.tagline}</p>}
            <nav class="site-nav" aria-label="Sections">
              <ul>
                <li>
                  <a href="/blogs">Expert blogs</a>
                </li>
                <li>
                  <a href="/polls">Reader polls</a>
                </li>
                <li>
                  <a href="/regions">Regions</a>
                </li>
                {audienceLinks.map((l) => (
                  <li>
                    <a href={l.href}>{l.label}</a>
                  </li>
                ))}
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
          <nav aria-label="Audiences" class="footer-audiences">
            <ul>
              {audienceLinks.map((l) => (
                <li>
                  <a href={l.href}>{l.label}</a>
                </li>
              ))}
            </ul>
          </nav>
          {site.menu.footer.length > 0 && (
            <nav aria-label="Site pages" class="footer-pages">
              <ul>
                <MenuItems links={site.menu.footer} current={props.canonicalPath} />
              </ul>
            </nav>
          )}
          <p>
            © {new Date().getUTCFullYear()} {site.name}. {site.description}
          </p>
        </footer>
      </body>
    </html>
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
  return (
    <form class="masthead-search" role="search" method="get" action="/search" data-search-form="masthead">
      <label for="masthead-q" class="visually-hidden">
        Search the site
      </label>
      <input id="masthead-q" type="search" name="q" placeholder="Search" autocomplete="off" maxLength={2000} />
      <button type="submit">Search</button>
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

export function ErrorPage(props: { site: SiteView; status: number; title: string; message: string }) {
  return (
    <Layout site={props.site} title={props.title}>
      <section class="error-page">
        <p class="error-status">Error {props.status}</p>
        <h1>{props.title}</h1>
        <p>{props.message}</p>
        <p>
          <a href="/">Go to the front page</a> or browse the <a href="/blogs">expert blogs</a>.
        </p>
      </section>
    </Layout>
  );
}
