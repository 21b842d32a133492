import type { ComponentChildren } from 'preact';
import { Layout } from '../views/layout.tsx';
import type { SiteView } from '../views/site.ts';
import { ArticleCardList, OlderLink, type ArticleCardView } from '../views/article-cards.tsx';
import { countryPath, type Country } from './countries.ts';
import { regionPath, type Region } from './regions.ts';

function PlaceLinks(props: { places: Array<{ href: string; name: string }> }) {
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

const countryLink = (c: Country) => ({ href: countryPath(c), name: c.name });
const regionLink = (r: Region) => ({ href: regionPath(r), name: r.name });

interface PlacePageProps {
  site: SiteView;
  eyebrow: string;
  name: string;
  path: string;
  /** The linked places: a region's countries, a country's regions. */
  related: { heading: string; places: Array<{ href: string; name: string }> };
  articles: ArticleCardView[];
  olderHref?: string;
  /** Whether this page follows an earlier one: an empty later page says "nothing more". */
  continued: boolean;
  head?: ComponentChildren;
}

function PlacePage(props: PlacePageProps) {
  return (
    <Layout site={props.site} title={props.name} canonicalPath={props.path} head={props.head} description={`Analysis on ${props.name}.`}>
      <header class="page-header">
        <p class="eyebrow">{props.eyebrow}</p>
        <h1>{props.name}</h1>
      </header>
      <div class="place-page">
        <section class="place-analysis" aria-labelledby="analysis-heading">
          <h2 id="analysis-heading">Analysis</h2>
          <ArticleCardList
            articles={props.articles}
            headingLevel={3}
            emptyText={props.continued ? `Nothing more has been published on ${props.name}.` : `No analysis on ${props.name} has been published yet.`}
          />
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
  return <PlacePage {...props} eyebrow="Region" name={region.name} path={regionPath(region)} related={{ heading: 'Countries', places: props.members.map(countryLink) }} />;
}

export function CountryPage(props: Omit<PlacePageProps, 'eyebrow' | 'name' | 'path' | 'related'> & { country: Country; regions: Region[] }) {
  const { country } = props;
  return <PlacePage {...props} eyebrow="Country" name={country.name} path={countryPath(country)} related={{ heading: 'Regions', places: props.regions.map(regionLink) }} />;
}

export interface RegionEntry {
  region: Region;
  /** Its member countries with published analysis. */
  countries: Country[];
}

/** An index of places: a heading, a line that leads to the other index, and the list. */
function PlaceIndex(props: { site: SiteView; title: string; path: string; intro: string; other: { href: string; label: string }; children: ComponentChildren }) {
  return (
    <Layout site={props.site} title={props.title} canonicalPath={props.path} description={props.intro}>
      <header class="page-header">
        <h1>{props.title}</h1>
        <p>
          {props.intro} <a href={props.other.href}>{props.other.label}</a>
        </p>
      </header>
      {props.children}
    </Layout>
  );
}

export function RegionIndexPage(props: { site: SiteView; entries: RegionEntry[] }) {
  return (
    <PlaceIndex site={props.site} title="Regions" path="/regions" intro="Analysis by region, and by the countries in each." other={{ href: '/countries', label: 'All countries with analysis' }}>
      {props.entries.length === 0 ? (
        <p class="empty">No analysis about a region or country has been published yet.</p>
      ) : (
        <ul class="region-index">
          {props.entries.map(({ region, countries }) => (
            <li>
              <h2>
                <a href={regionPath(region)}>{region.name}</a>
              </h2>
              {countries.length > 0 && <PlaceLinks places={countries.map(countryLink)} />}
            </li>
          ))}
        </ul>
      )}
    </PlaceIndex>
  );
}

export function CountryIndexPage(props: { site: SiteView; countries: Country[] }) {
  return (
    <PlaceIndex site={props.site} title="Countries" path="/countries" intro="Countries with published analysis, A to Z." other={{ href: '/regions', label: 'Browse by region' }}>
      {props.countries.length === 0 ? <p class="empty">No analysis about a country has been published yet.</p> : <PlaceLinks places={props.countries.map(countryLink)} />}
    </PlaceIndex>
  );
}
