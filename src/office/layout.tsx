import type { ComponentChildren } from 'preact';
import type { FastifyReply } from 'fastify';
import type { UserActor } from '../core/actor.ts';
import { renderDocument } from '../views/render.ts';
import { safeColor } from '../views/layout.tsx';
import type { SiteView } from '../views/site.ts';
import { PostForm } from './forms.tsx';
import { LocaleContext, localeFor } from '../views/i18n/locale.ts';
import { englishOnly } from '../views/i18n/languages.ts';

export type OfficeSection = 'dashboard' | 'articles' | 'polls' | 'portals' | 'tags' | 'glossary' | 'pages' | 'experts' | 'users' | 'tokens' | 'redirects' | 'settings' | 'audit' | 'account';

/** A section's entry in the office menu, and who sees it there (whoever may open the section). */
export interface OfficeMenuEntry {
  section: OfficeSection;
  href: string;
  label: string;
  shownTo: (actor: UserActor) => boolean;
}

/** The office menu, in order: the entries of the sections app.tsx registered (src/admin/sections.ts). */
const officeMenu: OfficeMenuEntry[] = [];

export function setOfficeMenu(entries: OfficeMenuEntry[]): void {
  officeMenu.splice(0, officeMenu.length, ...entries);
}

const roleNames: Record<UserActor['role'], string> = { admin: 'Administrator', editor: 'Editor', author: 'Author' };
export const roleName = (role: UserActor['role']) => roleNames[role];

interface HeadProps {
  site: SiteView;
  title: string;
}

function OfficeHead(props: HeadProps) {
  const { site } = props;
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex, nofollow" />
      <meta name="color-scheme" content="light dark" />
      <title>{`${props.title} — ${site.name} editorial office`}</title>
      <link rel="icon" type="image/svg+xml" href={site.assets.favicon} />
      <link rel="stylesheet" href={site.assets.screenCss} />
      <link rel="stylesheet" href={site.assets.adminCss} />
      <link rel="stylesheet" href={`/assets/brand.css?c=${safeColor(site.brandColor).slice(1)}`} />
      <script type="module" src={site.assets.adminJs} />
    </head>
  );
}

export interface OfficePageProps {
  site: SiteView;
  actor: UserActor;
  title: string;
  section: OfficeSection;
  /** A short confirmation of what just happened ("Draft saved"). */
  notice?: string;
  children: ComponentChildren;
}

/** The office's frame: skip link, header with the sections and the account, main landmark. */
export function OfficePage(props: OfficePageProps) {
  const { site, actor } = props;
  return (
    <html lang="en" data-time-zone={site.locale.timeZone}>
      <OfficeHead site={site} title={props.title} />
      <body class="office">
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="office-header">
          <div class="office-header-inner">
            <a class="office-brand" href="/admin">
              {site.name} <span>Editorial office</span>
            </a>
            <nav class="office-nav" aria-label="Office sections">
              <ul>
                {officeMenu
                  .filter((item) => item.shownTo(actor))
                  .map((item) => (
                    <li>
                      <a href={item.href} aria-current={item.section === props.section ? 'page' : undefined}>
                        {item.label}
                      </a>
                    </li>
                  ))}
              </ul>
            </nav>
            <div class="office-account">
              <a href="/admin/account" aria-current={props.section === 'account' ? 'page' : undefined} title="Your account">
                {actor.name || actor.email}
              </a>
              <span class="office-role">{roleName(actor.role)}</span>
              <a href="/">View site</a>
              <PostForm action="/admin/logout" csrf={actor.session?.csrfToken ?? ''} class="inline-form">
                <button type="submit" class="button-link">
                  Sign out
                </button>
              </PostForm>
            </div>
          </div>
        </header>
        <main id="main" tabIndex={-1} class="office-main">
          {props.notice && (
            <p class="office-notice" role="status">
              {props.notice}
            </p>
          )}
          <OfficeClock site={site}>{props.children}</OfficeClock>
        </main>
      </body>
    </html>
  );
}

/**
 * The office speaks English whatever the site's editions, on the site's clocks: its screens read the
 * time zone with useLocale().timeZone (src/views/time-zone.ts has the conversions).
 */
function OfficeClock(props: { site: SiteView; children: ComponentChildren }) {
  return <LocaleContext.Provider value={localeFor('en', englishOnly, props.site.locale.timeZone)}>{props.children}</LocaleContext.Provider>;
}

/** Pages for people who are not signed in: sign-in, invitations, password resets. */
export function OfficeDoor(props: { site: SiteView; title: string; children: ComponentChildren }) {
  return (
    <html lang="en">
      <OfficeHead site={props.site} title={props.title} />
      <body class="office office-door">
        <main id="main" class="door-card">
          <p class="office-brand">
            <a href="/">{props.site.name}</a> <span>Editorial office</span>
          </p>
          <OfficeClock site={props.site}>{props.children}</OfficeClock>
        </main>
      </body>
    </html>
  );
}

/**
 * A table that may scroll sideways on a phone. Keyboard users must be able to scroll it too, so the
 * region takes focus (axe-core's scrollable-region-focusable).
 */
export function ScrollingTable(props: { children: ComponentChildren }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label="Table, scrolls sideways on small screens">
      {props.children}
    </div>
  );
}

/** Office pages are personal and change with every action: never stored by a browser or a proxy. */
export function sendOfficePage(reply: FastifyReply, page: preact.VNode, status = 200) {
  return reply.status(status).header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow').type('text/html; charset=utf-8').send(renderDocument(page));
}
