import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Writable } from 'node:stream';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { Config } from './config.ts';
import type { Db } from './schema.ts';
import type { AppContext } from './context.ts';
import { composeCapabilities } from './compose.ts';
import { trackRunningHandlers } from './http/shutdown.ts';
import { PageCache } from './http/page-cache.ts';
import { cachingServerFactory, registerPageCache } from './http/pages.ts';
import { registerPrivateCaching } from './http/private-responses.ts';
import { sessionActor } from './http/auth.ts';
import { errorHandler, HttpError, type PageRenderer } from './http/errors.ts';
import { requestedEdition, rewriteEditionUrl } from './http/editions.ts';
import { englishLocale, localeFor } from './views/i18n/locale.ts';
import { defaultLanguageOf, type EditionLanguage } from './views/i18n/languages.ts';
import { notFound } from './core/refusals.ts';
import { securityHeaders, transportSecurityHeaders } from './http/security-headers.ts';
import { ContentChangeBus } from './db/notify.ts';
import { DueTimer } from './http/due-timer.ts';
import { nextScheduledPublication, publishedTagIds } from './articles/store.ts';
import { renderDocument } from './views/render.ts';
import { ErrorPage } from './views/layout.tsx';
import { loadAssets } from './views/assets.ts';
import { noMenus, type SiteView } from './views/site.ts';
import { defaultSettings, getSiteSettings, siteTextsIn } from './site/store.ts';
import { rereadSigningSecrets, signingSecrets, useEnvironmentSecrets } from './site/secrets.ts';
import { siteRoutes } from './site/routes.tsx';
import { actorResolver } from './users/auth.ts';
import { createMailer } from './mail/mailer.ts';
import { adminRoutes } from './admin/routes.tsx';
import { registerOfficeSections, type OfficeSectionEntry } from './admin/sections.ts';
import { dashboardOffice } from './admin/dashboard.tsx';
import { auditOffice } from './admin/audit.tsx';
import { articleOffice } from './articles/admin.tsx';
import { pollOffice } from './polls/admin.tsx';
import { portalOffice } from './portals/admin.tsx';
import { tagOffice } from './tags/admin.tsx';
import { glossaryOffice } from './glossary/admin.tsx';
import { expertOffice } from './experts/admin.tsx';
import { expertLookupRoutes } from './experts/lookup.ts';
import { tagLookupRoutes } from './tags/lookup.ts';
import { pollLookupRoutes } from './polls/lookup.ts';
import { peopleOffice } from './users/admin.tsx';
import { noticeOffice, noticeRoutes } from './notifications/routes.tsx';
import { NoticeCourier } from './notifications/courier.ts';
import { tokenOffice } from './users/tokens-admin.tsx';
import { settingsOffice } from './site/admin.tsx';
import { appearanceOffice } from './site/appearance-admin.tsx';
import { appearanceIn, getSiteAppearance } from './site/appearance.ts';
import { uploadSiteImage } from './admin/site-images.ts';
import { permits } from './core/policy.ts';
import { articlePermissions } from './articles/policies.ts';
import { pollPermissions } from './polls/policies.ts';
import { portalPermissions } from './portals/policies.ts';
import { tagPermissions } from './tags/policies.ts';
import { glossaryPermissions } from './glossary/policies.ts';
import { expertPermissions } from './experts/policies.ts';
import { tokenPermissions, userPermissions } from './users/policies.ts';
import { sitePermissions } from './site/policies.ts';
import { auditPermissions } from './audit/policies.ts';
import { listUsers } from './users/store.ts';
import { articleRoutes } from './articles/routes.tsx';
import { expertRoutes } from './experts/routes.tsx';
import { mediaRoutes } from './media/routes.ts';
import { mediaLibraryOffice } from './media/library-office.tsx';
import { maxUploadBytes } from './media/fields.ts';
import { ImageQueue } from './media/queue.ts';
import { tagRoutes } from './tags/routes.tsx';
import { frontPageRoutes } from './pages/front-routes.tsx';
import { blogPageRoutes } from './pages/blog-routes.tsx';
import { tagPageRoutes } from './pages/tag-routes.tsx';
import { placeRoutes } from './pages/place-routes.tsx';
import { feedRoutes } from './feeds/routes.ts';
import { citationRoutes } from './citations/routes.ts';
import { findPublishedArticlePage } from './articles/present.ts';
import { searchRoutes } from './search/routes.tsx';
import { glossaryRoutes } from './glossary/routes.tsx';
import { portalRoutes } from './portals/routes.tsx';
import { pollRoutes } from './polls/routes.tsx';
import { pollPageRoutes } from './polls/page-routes.tsx';
import { bypassForVoters } from './polls/voter.ts';
import { flushBallots } from './polls/store.ts';
import { standalonePageRoutes, servePublishedPage } from './standalone-pages/routes.tsx';
import { standalonePageOffice } from './standalone-pages/admin.tsx';
import { pagePermissions } from './standalone-pages/policies.ts';
import { siteMenus } from './standalone-pages/store.ts';
import { fallbackRoutes, type FallbackResponder } from './pages/fallback-routes.tsx';
import { redirectRoutes, serveRedirect } from './redirects/routes.ts';
import { redirectOffice } from './redirects/admin.tsx';
import { redirectPermissions } from './redirects/policies.ts';
import { previewOffice } from './previews/office.tsx';
import { previewRoutes } from './previews/routes.tsx';
import { wordApiRoutes, wordOffice } from './importers/word/routes.tsx';

export const jsonBodyLimit = 1024 * 1024;

const everyone = () => true;
/**
 * The office's sections in menu order: each one's screens, and its menu entry with who sees it. A
 * section that needs a higher capability's answer gets the function here (tags: which have a page;
 * experts: the accounts linked to them), so that no capability imports one above it.
 */
const officeSections: OfficeSectionEntry[] = [
  { routes: dashboardOffice, menu: { section: 'dashboard', href: '/admin', label: 'Dashboard', shownTo: everyone } },
  { routes: articleOffice, menu: { section: 'articles', href: '/admin/articles', label: 'Articles', shownTo: (a) => permits(articlePermissions, a, 'list') } },
  // Previews of drafts and their secret links: screens of the articles section, with no menu entry of their own.
  { routes: previewOffice },
  { routes: pollOffice, menu: { section: 'polls', href: '/admin/polls', label: 'Polls', shownTo: (a) => permits(pollPermissions, a, 'list') } },
  { routes: portalOffice, menu: { section: 'portals', href: '/admin/portals', label: 'Portals', shownTo: (a) => permits(portalPermissions, a, 'list') } },
  { routes: (app, ctx) => tagOffice(app, ctx, publishedTagIds), menu: { section: 'tags', href: '/admin/tags', label: 'Tags', shownTo: (a) => permits(tagPermissions, a, 'list') } },
  { routes: glossaryOffice, menu: { section: 'glossary', href: '/admin/glossary', label: 'Glossary', shownTo: (a) => permits(glossaryPermissions, a, 'list') } },
  { routes: standalonePageOffice, menu: { section: 'pages', href: '/admin/pages', label: 'Pages', shownTo: (a) => permits(pagePermissions, a, 'list') } },
  { routes: (app, ctx) => expertOffice(app, ctx, listUsers), menu: { section: 'experts', href: '/admin/experts', label: 'Experts', shownTo: (a) => permits(expertPermissions, a, 'listAll') } },
  // A person linked to an expert keeps that profile: "My profile" leads to it (its screens are the experts').
  { routes: async () => {}, menu: { section: 'experts', href: '/admin/experts/mine', label: 'My profile', shownTo: (a) => a.expertId !== null } },
  { routes: peopleOffice, menu: { section: 'users', href: '/admin/users', label: 'People', shownTo: (a) => permits(userPermissions, a, 'list') } },
  { routes: tokenOffice, menu: { section: 'tokens', href: '/admin/tokens', label: 'API tokens', shownTo: (a) => permits(tokenPermissions, a, 'list') } },
  { routes: redirectOffice, menu: { section: 'redirects', href: '/admin/redirects', label: 'Redirects', shownTo: (a) => permits(redirectPermissions, a, 'list') } },
  {
    routes: async (app, ctx) => {
      await settingsOffice(app, ctx);
      await appearanceOffice(app, ctx, uploadSiteImage);
    },
    menu: { section: 'settings', href: '/admin/settings', label: 'Settings', shownTo: (a) => permits(sitePermissions, a, 'list') },
  },
  { routes: auditOffice, menu: { section: 'audit', href: '/admin/audit', label: 'Audit log', shownTo: (a) => permits(auditPermissions, a, 'list') } },
  // Your notices and their e-mail switch (/admin/account/notices), reached from Your account and the dashboard.
  { routes: noticeOffice },
  // The media library (figures for articles' bodies): reached from the article editor, no menu entry of its own.
  { routes: mediaLibraryOffice },
  // Word in: the editor's paste conversion and "Import from Word" (src/importers/word/).
  { routes: wordOffice },
  // The pickers' lookups (src/office/picker.tsx): screens of no section of their own.
  { routes: expertLookupRoutes },
  { routes: tagLookupRoutes },
  { routes: pollLookupRoutes },
];

/**
 * What answers a read no built-in route took, in order (see fallbackRoutes). Redirects are not among
 * them: they are asked before any not-found page, so an old address under a built-in route (a renamed
 * article's) is found too.
 */
const fallbackResponders: FallbackResponder[] = [servePublishedPage];

/**
 * An address as the server log may keep it: one-time secrets (reset, invitation and setup links, and
 * the CSRF token upload forms carry in their query) are masked, so reading the log lets nobody in.
 */
export function loggableUrl(url: string): string {
  return url.replace(/^(\/admin\/(?:password-reset|invitations|setup)\/)[^/?#]+/, '$1[redacted]').replace(/([?&]_csrf=)[^&#]*/g, '$1[redacted]');
}

const logSerializers = {
  req: (request: FastifyRequest) => ({
    method: request.method,
    url: loggableUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }),
};

/** How often a process reads the signing secrets again even when the bus is silent. */
const SECRETS_REREAD_MS = 60_000;

export interface BuiltApp {
  app: FastifyInstance;
  ctx: AppContext;
  /** The process's page cache (tests look at what it keeps). */
  pageCache: PageCache;
}

/** Builds the whole site: each capability registers its own routes; the cross-cutting parts come first. */
export async function buildApp(config: Config, handle: Db, options: { logger?: boolean; logStream?: Writable } = {}): Promise<BuiltApp> {
  // First of all: nothing may sign with the database's secret when ROSTRUM_SECRET names others.
  useEnvironmentSecrets(handle, config.secrets);
  composeCapabilities();
  const siteHeaders = transportSecurityHeaders(config.publicUrl);
  const cache = new PageCache(config.pageCacheSeconds * 1000, config.pageCacheBytes, siteHeaders);
  // Assigned below, once the error page can be rendered; the router needs it from the start.
  let handleError: ReturnType<typeof errorHandler> = async (_err, _request, reply) => reply.status(404).send();
  const app = Fastify({
    serverFactory: cachingServerFactory(cache),
    logger: options.logger || options.logStream ? { level: config.logLevel, serializers: logSerializers, ...(options.logStream && { stream: options.logStream }) } : false,
    bodyLimit: jsonBodyLimit,
    trustProxy: config.trustProxy ? config.trustProxy.split(',').map((s) => s.trim()) : false,
    routerOptions: { maxParamLength: 500, ignoreTrailingSlash: true },
    // A language edition's prefix (`/ru/…`) is taken off before routing; see src/http/editions.ts.
    rewriteUrl: rewriteEditionUrl,
    // Addresses the router cannot even read (broken percent-encoding) are not found, in the site's design.
    frameworkErrors: (_error, request, reply) => {
      const page: Parameters<typeof handleError>[2] = reply.headers({ ...securityHeaders, ...siteHeaders });
      // Fastify does not wait for this handler: a not-found page that cannot be rendered (the database away)
      // goes on to Fastify's own error handling rather than reject unseen and bring the process down.
      handleError(notFound('We could not find the page you asked for.'), request, page).catch((err: unknown) => void page.send(err));
    },
  });
  const handlersDone = trackRunningHandlers(app, config.shutdownGraceMs);
  const assets = await loadAssets();
  const bus = new ContentChangeBus(handle, config.databaseUrl, { onError: (message, err) => app.log.warn({ err }, message) });
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
  // Notices' mail (src/notifications): looked for after every change, here or in another process (the bus).
  const courier = new NoticeCourier(handle, mailer, { publicUrl: config.publicUrl, onError: (message, err) => app.log.warn({ err }, message) });

  // Each edition's view of the site, made once until content changes; undefined is the default edition.
  const siteViews = new Map<EditionLanguage | undefined, Promise<SiteView>>();
  const loadSiteView = async (language: EditionLanguage | undefined): Promise<SiteView> => {
    const [settings, menu, appearance] = await Promise.all([getSiteSettings(handle), siteMenus(handle), getSiteAppearance(handle)]);
    const editions = { languages: settings.languages };
    const shown = language && settings.languages.includes(language) ? language : defaultLanguageOf(editions);
    const screenCss = await assets.themedScreenCss(settings.brandColor);
    return {
      ...siteTextsIn(settings, shown),
      brandColor: settings.brandColor,
      locale: localeFor(shown, editions, settings.timeZone),
      publicUrl: config.publicUrl,
      assets: { ...assets.urls, screenCss },
      menu,
      appearance: appearanceIn(appearance, shown, editions),
    };
  };
  const dropLocal = () => {
    cache.clearLocal();
    siteViews.clear();
  };
  // An article set to appear at a future time does so by itself: each process drops its cached pages then.
  const publications = new DueTimer(
    () => nextScheduledPublication(handle),
    dropLocal,
    (err) => app.log.warn({ err }, 'could not look up the next scheduled publication'),
  );
  // `rostrum secret rotate` (or prune) in another process changes the signing secrets: they are read again
  // when the bus fires, and once a minute in case a message was lost, so no process needs a restart.
  // The page cache checks a voter's signed list of polls before Fastify and cannot wait: it uses the list as last read.
  let secretsInUse = await signingSecrets(handle);
  const rereadSecrets = () =>
    void rereadSigningSecrets(handle)
      .then(async () => (secretsInUse = await signingSecrets(handle)))
      .catch((err: unknown) => app.log.warn({ err }, 'could not read the signing secrets again; keeping the ones in use'));
  await bus.listen(
    () => {
      // Heard from the other processes, so hearing them (again): pages may be kept.
      cache.storing = true;
      dropLocal();
      publications.rearm();
      rereadSecrets();
      courier.nudge();
    },
    () => {
      // Deaf to the other processes until the bus reconnects: what is cached may already be stale.
      cache.storing = false;
      dropLocal();
    },
  );
  publications.rearm();
  courier.start();
  const secretsTimer = setInterval(rereadSecrets, SECRETS_REREAD_MS);
  secretsTimer.unref();
  // Runs once the server has closed every connection: handlers whose client went away finish, and ballots still
  // queued are written, before the caller closes the database.
  app.addHook('onClose', async () => {
    await handlersDone();
    publications.stop();
    await courier.stop();
    clearInterval(secretsTimer);
    await flushBallots(handle);
    await bus.close();
  });

  const ctx: AppContext = {
    config,
    handle,
    siteView(language) {
      let view = siteViews.get(language);
      if (!view) {
        view = loadSiteView(language).catch((e) => {
          siteViews.delete(language);
          throw e;
        });
        siteViews.set(language, view);
      }
      return view;
    },
    resolveActor: actorResolver(handle, { secrets: () => signingSecrets(handle), sessionTtlMs: config.sessionTtlMs }),
    mailer,
    imageQueue: new ImageQueue({ concurrent: config.imageJobs, waiting: config.imageQueue }),
    contentChanged() {
      dropLocal();
      publications.rearm();
      bus.publish();
      courier.nudge();
    },
  };

  app.addHook('onSend', async (request, reply, payload) => {
    for (const [name, value] of Object.entries(request.securityHeaders ?? securityHeaders)) if (!reply.hasHeader(name)) reply.header(name, value);
    for (const [name, value] of Object.entries(siteHeaders)) reply.header(name, value);
    return payload;
  });
  registerPrivateCaching(app);
  // The API speaks JSON (and multipart for uploads); anything else is refused before a parser sees it.
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/') || !['POST', 'PUT', 'PATCH'].includes(request.method)) return;
    const type = request.headers['content-type'] ?? '';
    if (!type && !request.headers['content-length'] && !request.headers['transfer-encoding']) return;
    if (!/^application\/json\b|^multipart\/form-data\b/i.test(type)) {
      throw new HttpError(415, 'unsupported_media_type', 'Send JSON (Content-Type: application/json), or multipart/form-data for uploads');
    }
  });
  cache.bypass = (cookieHeader, marks) => bypassForVoters(cookieHeader, marks, secretsInUse);
  registerPageCache(app, cache, { hasLiveSession: async (request) => (await sessionActor(request, ctx.resolveActor)) !== undefined });
  // The default edition has no prefix (`/en/polls` → `/polls`), and an edition the site does not have (or
  // no longer has) sends its readers to the default one: its articles are read there now, at their plain address.
  app.addHook('onRequest', async (request, reply) => {
    const language = requestedEdition(request);
    if (!language) return;
    const { editions } = (await ctx.siteView(language)).locale;
    if (editions.languages.includes(language) && language !== defaultLanguageOf(editions)) return;
    if (request.method === 'GET' || request.method === 'HEAD') return reply.redirect(request.url, 301);
    throw notFound('We could not find the page you asked for.');
  });
  await app.register(formbody, { bodyLimit: jsonBodyLimit });
  await app.register(multipart, { limits: { fileSize: maxUploadBytes, files: 1 } });

  // The error page wears the site's own name when the database answers, and a plain one when it does not.
  const renderErrorPage: PageRenderer = async (request, status, kind, message) => {
    const plainSite = (): SiteView => ({ ...defaultSettings, locale: englishLocale, publicUrl: config.publicUrl, assets: assets.urls, menu: noMenus });
    const site = await ctx.siteView(requestedEdition(request)).catch(plainSite);
    const { t, language, editions } = site.locale;
    const words = {
      not_found: ['error.notFound', 'error.notFoundMessage'],
      failed: ['error.failed', 'error.failedMessage'],
      busy: ['error.busy', 'error.busyMessage'],
      refused: ['error.refused', 'error.refusedMessage'],
    } as const;
    const [titleKey, messageKey] = words[kind];
    // The default edition says what the refusal says (in English, as the domain words it); another edition
    // says it in its own words, with the refusal's own beside them, marked as English.
    if (language === defaultLanguageOf(editions)) {
      return renderDocument(<ErrorPage site={site} status={status} title={t(titleKey)} message={kind === 'failed' ? t(messageKey) : message} />, site.locale);
    }
    const detail = kind === 'refused' || kind === 'busy' ? message : undefined;
    return renderDocument(<ErrorPage site={site} status={status} title={t(titleKey)} message={t(messageKey)} detail={detail} />, site.locale);
  };
  handleError = errorHandler(renderErrorPage, { beforeNotFound: (request, reply) => serveRedirect(request, reply, ctx) });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(() => {
    throw notFound('We could not find the page you asked for. It may have moved, or the address may be mistyped.');
  });

  await app.register(async (scope) => siteRoutes(scope, { ...ctx, assets }));
  await app.register(async (scope) => frontPageRoutes(scope, ctx));
  await app.register(async (scope) => expertRoutes(scope, ctx));
  await app.register(async (scope) => blogPageRoutes(scope, ctx));
  await app.register(async (scope) => articleRoutes(scope, ctx));
  await app.register(async (scope) => mediaRoutes(scope, ctx));
  await app.register(async (scope) => tagRoutes(scope, ctx));
  await app.register(async (scope) => tagPageRoutes(scope, ctx));
  await app.register(async (scope) => placeRoutes(scope, ctx));
  await app.register(async (scope) => feedRoutes(scope, ctx));
  await app.register(async (scope) => citationRoutes(scope, ctx, findPublishedArticlePage));
  await app.register(async (scope) => searchRoutes(scope, ctx));
  await app.register(async (scope) => glossaryRoutes(scope, ctx));
  await app.register(async (scope) => standalonePageRoutes(scope, ctx));
  await app.register(async (scope) => portalRoutes(scope, ctx));
  await app.register(async (scope) => pollRoutes(scope, ctx));
  await app.register(async (scope) => pollPageRoutes(scope, ctx));
  await app.register(async (scope) => wordApiRoutes(scope, ctx));
  await app.register(async (scope) => noticeRoutes(scope, ctx));
  await app.register(async (scope) => redirectRoutes(scope, ctx));
  await app.register(async (scope) => previewRoutes(scope, ctx));
  await app.register(async (scope) => fallbackRoutes(scope, ctx, fallbackResponders));
  registerOfficeSections(officeSections);
  await app.register(async (scope) => adminRoutes(scope, ctx));
  return { app, ctx, pageCache: cache };
}
