import type { ComponentChildren } from 'preact';
import { Layout } from '../views/layout.tsx';
import type { SiteView } from '../views/site.ts';
import { useLocale, type Locale } from '../views/i18n/locale.ts';
import { ArticleCardList, OlderLink, type ArticleCardView } from '../views/article-cards.tsx';
import { countryPath, type Country } from './countries.ts';
import { regionPath, type Region } from './regions.ts';
import { countryNameFor, regionNameFor } from './names.ts';

/*
 * The place pages speak the language of the page's locale (renderDocument gives it): places' names come
 * from src/places/names.ts, addresses carry the edition's prefix, and lists of names sort as that
 * language sorts them.
 */

interface PlaceLink {
  href: string;
  name: string;
}

/** Places as links, in the order given: countries come A to Z in the page's language (countryLinks), regions in the list's order. */
function PlaceLinks(props: { places: PlaceLink[] }) {
  return (
    <ul class="place-links">
      {props.places.map((p) => (
        <li>
          <a href={p.href}>{p.name}</a>
        </li>
      ))}
    </ul>
  );
}

const countryLink = (c: Country, locale: Locale): PlaceLink => ({ href: locale.path(countryPath(c)), name: countryNameFor(c, locale.language) });
/** Countries A to Z by their names in the page's language: "Германия" before "Казахстан" whatever their English order. */
const countryLinks = (countries: Country[], locale: Locale): PlaceLink[] => countries.map((c) => countryLink(c, locale)).sort((a, b) => locale.compare(a.name, b.name));
const regionLink = (r: Region, locale: Locale): PlaceLink => ({ href: locale.path(regionPath(r)), name: regionNameFor(r, locale.language) });

interface PlacePageProps {
  site: SiteView;
  eyebrow: string;
  name: string;
  path: string;
  /** The linked places: a region's countries, a country's regions. */
  related: { heading: string; places: PlaceLink[] };
  articles: ArticleCardView[];
  olderHref?: string;
  /** Whether this page follows an earlier one: an empty later page says "nothing more". */
  continued: boolean;
  head?: ComponentChildren;
}

function PlacePage(props: PlacePageProps) {
  const { t, path } = useLocale();
  return (
    <Layout site={props.site} title={props.name} canonicalPath={path(props.path)} head={props.head} description={t('places.description', { name: props.name })}>
      <header class="page-header">
        <p class="eyebrow">{props.eyebrow}</p>
        <h1>{props.name}</h1>
      </header>
      <div class="place-page">
        <section class="place-analysis" aria-labelledby="analysis-heading">
          <h2 id="analysis-heading">{t('places.analysis')}</h2>
          <ArticleCardList articles={props.articles} headingLevel={3} emptyText={props.continued ? t('places.nothingMore', { name: props.name }) : t('places.noAnalysis', { name: props.name })} />
          <OlderLink href={props.olderHref} />
        </section>
        {props.related.places.length > 0 && (
          <nav class="place-related" aria-labelledby="related-heading">
            <h2 id="related-heading">{props.related.heading}</h2>
            <PlaceLinks places={props.related.places} />
          </nav>
        )}
      </div>
    </Layout>
  );
}

export function RegionPage(props: Omit<PlacePageProps, 'eyebrow' | 'name' | 'path' | 'related'> & { region: Region; members: Country[] }) {
  const { region } = props;
  const locale = useLocale();
  const related = { heading: locale.t('places.countries'), places: countryLinks(props.members, locale) };
  return <PlacePage {...props} eyebrow={locale.t('places.region')} name={regionNameFor(region, locale.language)} path={regionPath(region)} related={related} />;
}

export function CountryPage(props: Omit<PlacePageProps, 'eyebrow' | 'name' | 'path' | 'related'> & { country: Country; regions: Region[] }) {
  const { country } = props;
  const locale = useLocale();
  const related = { heading: locale.t('places.regions'), places: props.regions.map((r) => regionLink(r, locale)) };
  return <PlacePage {...props} eyebrow={locale.t('places.country')} name={countryNameFor(country, locale.language)} path={countryPath(country)} related={related} />;
}

export interface RegionEntry {
  region: Region;
  /** Its member countries with published analysis. */
  countries: Country[];
}

/** An index of places: a heading, a line that leads to the other index, and the list. */
function PlaceIndex(props: { site: SiteView; title: string; path: string; intro: string; other: { href: string; label: string }; children: ComponentChildren }) {
  const { path } = useLocale();
  return (
    <Layout site={props.site} title={props.title} canonicalPath={path(props.path)} description={props.intro}>
      <header class="page-header">
        <h1>{props.title}</h1>
        <p>
          {props.intro} <a href={path(props.other.href)}>{props.other.label}</a>
        </p>
      </header>
      {props.children}
    </Layout>
  );
}

export function RegionIndexPage(props: { site: SiteView; entries: RegionEntry[] }) {
  const locale = useLocale();
  const { t } = locale;
  const entries = props.entries.map(({ region, countries }) => ({ link: regionLink(region, locale), countries: countryLinks(countries, locale) }));
  return (
    <PlaceIndex site={props.site} title={t('places.regions')} path="/regions" intro={t('places.regionIndexIntro')} other={{ href: '/countries', label: t('places.regionIndexOther') }}>
      {entries.length === 0 ? (
        <p class="empty">{t('places.regionIndexEmpty')}</p>
      ) : (
        <ul class="region-index">
          {entries.map(({ link, countries }) => (
            <li>
              <h2>
                <a href={link.href}>{link.name}</a>
              </h2>
              {countries.length > 0 && <PlaceLinks places={countries} />}
            </li>
          ))}
        </ul>
      )}
    </PlaceIndex>
  );
}

export function CountryIndexPage(props: { site: SiteView; countries: Country[] }) {
  const locale = useLocale();
  const { t } = locale;
  return (
    <PlaceIndex site={props.site} title={t('places.countries')} path="/countries" intro={t('places.countryIndexIntro')} other={{ href: '/regions', label: t('places.countryIndexOther') }}>
      {props.countries.length === 0 ? <p class="empty">{t('places.countryIndexEmpty')}</p> : <PlaceLinks places={countryLinks(props.countries, locale)} />}
    </PlaceIndex>
  );
}
