import { Layout } from '../views/layout.tsx';
import type { SiteView } from '../views/site.ts';

/** A published page as readers get it; `bodyHtml` is the sanitised HTML kept at save. */
export interface PageView {
  title: string;
  /** The page's address on the site, `/about/team`. */
  href: string;
  description: string;
  bodyHtml: string;
}

/**
 * An institution's own page (About, Contact, Terms): its title and body in the article's reading column,
 * so it reads, and prints, as the articles do.
 */
export function StandalonePageView(props: { site: SiteView; page: PageView }) {
  const { page } = props;
  return (
    <Layout site={props.site} title={page.title} description={page.description || undefined} canonicalPath={page.href} bodyClass="standalone-page-view">
      <article class="article standalone-page">
        <header class="standalone-page-header">
          <h1 class="article-title">{page.title}</h1>
        </header>
        <div class="article-body" dangerouslySetInnerHTML={{ __html: page.bodyHtml }} />
      </article>
    </Layout>
  );
}
