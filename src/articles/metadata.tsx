import type { SiteView } from '../views/site.ts';
import { invertedName, splitPersonName } from '../citations/names.ts';
import { dateParts } from '../citations/work.ts';
import { localDate } from '../views/time-zone.ts';
import { blogTitle } from '../experts/present.ts';
import { lastChangedAt, type ArticlePageView, type ArticleTranslation } from './present.ts';
import { editionLanguages, isEditionLanguage } from '../views/i18n/languages.ts';

/**
 * JSON for a `<script type="application/ld+json">` data block. `<`, `>` and `&` are written as JSON
 * escapes so that no title can close the element or open a comment, and U+2028/2029 so that the text
 * is also valid as JavaScript for tools that read it as such.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** "2021/12/17", the date form Google Scholar asks for: the day the page prints, on the site's clocks. */
function slashDate(iso: string, zone: string): string {
  return dateParts(iso, zone)
    .map((n) => String(n).padStart(2, '0'))
    .join('/');
}

/** Open Graph wants language_TERRITORY; a bare "en" is read as Facebook's default, en_US. */
function ogLocale(language: string): string {
  if (isEditionLanguage(language)) return editionLanguages[language].ogLocale;
  return language.replace('-', '_');
}

interface PageFacts {
  canonical: string;
  blogUrl: string;
  imageUrl?: string;
  /** The article's versions in other languages, by absolute URL. */
  translations: Array<ArticleTranslation & { absoluteUrl: string }>;
}

/**
 * schema.org's translation links: the first version of a group (whose id names it) is the work the others
 * translate; it lists them as workTranslation, and each of them names it as translationOfWork.
 */
function translationLinks(article: ArticlePageView, facts: PageFacts) {
  if (facts.translations.length === 0 || article.translationGroup === null) return {};
  const work = (t: PageFacts['translations'][number]) => ({ '@type': 'BlogPosting', '@id': `${t.absoluteUrl}#article`, url: t.absoluteUrl, inLanguage: t.language, headline: t.title });
  if (article.translationGroup === article.id) return { workTranslation: facts.translations.map(work) };
  const original = facts.translations.find((t) => t.id === article.translationGroup);
  return original ? { translationOfWork: work(original) } : {};
}

/** The schema.org description of the article: a BlogPosting (ScholarlyArticle may be offered per article later). */
export function articleJsonLd(site: SiteView, article: ArticlePageView, facts: PageFacts) {
  const { image } = article;
  const authors = article.authorProfiles.map((author) => ({
    '@type': 'Person',
    name: author.name,
    url: site.publicUrl + author.url,
    ...(author.jobTitle && { jobTitle: author.jobTitle }),
    affiliation: { '@type': 'Organization', name: author.affiliation || site.name },
    ...(author.sameAs.length > 0 && { sameAs: author.sameAs }),
  }));
  return {
    '@context': 'https://schema.org',
    '@type': 'BlogPosting',
    '@id': `${facts.canonical}#article`,
    headline: article.title,
    description: article.lead,
    datePublished: article.publishedAt,
    dateModified: lastChangedAt(article),
    inLanguage: article.language,
    url: facts.canonical,
    mainEntityOfPage: { '@type': 'WebPage', '@id': facts.canonical },
    // One author is an object, as before; several are a list in byline order.
    author: authors.length === 1 ? authors[0] : authors,
    publisher: { '@type': 'Organization', name: site.name, url: site.publicUrl },
    ...(image &&
      facts.imageUrl && {
        image: {
          '@type': 'ImageObject',
          url: facts.imageUrl,
          contentUrl: facts.imageUrl,
          width: image.width,
          height: image.height,
          caption: image.alt,
          ...(image.credit && { creditText: image.credit }),
          ...(image.creditUrl && { acquireLicensePage: image.creditUrl }),
        },
      }),
    ...(article.tags.length > 0 && { keywords: article.tags.map((t) => t.name) }),
    isPartOf: { '@type': 'Blog', name: blogTitle(article.expert.name, site.locale), url: facts.blogUrl },
    ...translationLinks(article, facts),
  };
}

function OpenGraph(props: { site: SiteView; article: ArticlePageView; facts: PageFacts }) {
  const { site, article, facts } = props;
  return (
    <>
      <meta property="og:type" content="article" />
      <meta property="og:title" content={article.title} />
      <meta property="og:description" content={article.lead} />
      <meta property="og:url" content={facts.canonical} />
      <meta property="og:site_name" content={site.name} />
      <meta property="og:locale" content={ogLocale(article.language)} />
      {facts.translations.map((t) => (
        <meta property="og:locale:alternate" content={ogLocale(t.language)} />
      ))}
      {article.image && facts.imageUrl && (
        <>
          <meta property="og:image" content={facts.imageUrl} />
          <meta property="og:image:type" content="image/jpeg" />
          <meta property="og:image:width" content={String(article.image.width)} />
          <meta property="og:image:height" content={String(article.image.height)} />
          <meta property="og:image:alt" content={article.image.alt} />
        </>
      )}
      <meta property="article:published_time" content={article.publishedAt} />
      <meta property="article:modified_time" content={lastChangedAt(article)} />
      {article.authorProfiles.map((author) => (
        <meta property="article:author" content={site.publicUrl + author.url} />
      ))}
      {article.tags.map((t) => (
        <meta property="article:tag" content={t.name} />
      ))}
      <meta name="twitter:card" content={facts.imageUrl ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={article.title} />
      <meta name="twitter:description" content={article.lead} />
      {article.image && facts.imageUrl && (
        <>
          <meta name="twitter:image" content={facts.imageUrl} />
          <meta name="twitter:image:alt" content={article.image.alt} />
        </>
      )}
    </>
  );
}

/** Highwire Press tags (Google Scholar, Zotero, Mendeley) and Dublin Core, which Zotero also reads. */
function CitationTags(props: { site: SiteView; article: ArticlePageView; facts: PageFacts }) {
  const { site, article, facts } = props;
  const authors = article.authorProfiles.map((author) => ({ ...author, inverted: invertedName(splitPersonName(author.name)) }));
  return (
    <>
      <meta name="citation_title" content={article.title} />
      {/* One citation_author per author, in order, each followed by its institution (Highwire's pairing). */}
      {authors.map((author) => (
        <>
          <meta name="citation_author" content={author.inverted} />
          {author.affiliation && <meta name="citation_author_institution" content={author.affiliation} />}
        </>
      ))}
      <meta name="citation_publication_date" content={slashDate(article.publishedAt, site.locale.timeZone)} />
      <meta name="citation_online_date" content={slashDate(article.publishedAt, site.locale.timeZone)} />
      {/* Not citation_technical_report_institution: with it, Zotero files a blog post as a report. */}
      <meta name="citation_publisher" content={site.name} />
      <meta name="citation_language" content={article.language} />
      <meta name="citation_abstract_html_url" content={facts.canonical} />
      <meta name="citation_fulltext_html_url" content={facts.canonical} />
      {article.tags.length > 0 && <meta name="citation_keywords" content={article.tags.map((t) => t.name).join('; ')} />}
      <meta name="DC.title" content={article.title} />
      {authors.map((author) => (
        <meta name="DC.creator" content={author.inverted} />
      ))}
      <meta name="DC.date" content={localDate(article.publishedAt, site.locale.timeZone)} />
      <meta name="DC.publisher" content={site.name} />
      <meta name="DC.language" content={article.language} />
      <meta name="DC.identifier" content={facts.canonical} />
    </>
  );
}

/**
 * Everything the article page's head says about the article for machines: Open Graph and Twitter cards,
 * JSON-LD and citation tags. The canonical link, the description and the hreflang alternates come from Layout.
 */
export function ArticleMetadata(props: { site: SiteView; article: ArticlePageView; translations?: ArticleTranslation[] }) {
  const { site, article } = props;
  const facts: PageFacts = {
    canonical: site.publicUrl + article.url,
    blogUrl: site.publicUrl + article.expert.url,
    imageUrl: article.image ? site.publicUrl + article.image.src : undefined,
    translations: (props.translations ?? []).map((t) => ({ ...t, absoluteUrl: site.publicUrl + t.url })),
  };
  return (
    <>
      <OpenGraph site={site} article={article} facts={facts} />
      <CitationTags site={site} article={article} facts={facts} />
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: scriptSafeJson(articleJsonLd(site, article, facts)) }} />
    </>
  );
}
