import type { Config } from './config.ts';
import type { Db } from './schema.ts';
import type { ActorResolver } from './http/auth.ts';
import type { SiteView } from './views/site.ts';
import type { EditionLanguage } from './views/i18n/languages.ts';
import type { Mailer } from './mail/mailer.ts';
import type { ImageQueue } from './media/queue.ts';

/** What every capability plugin is given when the app is built. */
export interface AppContext {
  config: Config;
  handle: Db;
  /** The site as an edition shows it (the default edition when no language, or one the site has not, is given). */
  siteView(language?: EditionLanguage): Promise<SiteView>;
  resolveActor: ActorResolver;
  /** Sends invitation and reset links when SMTP is configured (`mailer.enabled`). */
  mailer: Mailer;
  /** Called after any change that readers can see: drops cached pages in every process. */
  contentChanged(): void;
  /** Bounds how many uploaded images this process decodes at once (ROSTRUM_IMAGE_JOBS, ROSTRUM_IMAGE_QUEUE). */
  imageQueue: ImageQueue;
}

/** The context a command runs in for one request: the app's, with the client's address for the audit log. */
export function requestContext(ctx: AppContext, request: { ip: string }): AppContext & { ip: string } {
  return { ...ctx, ip: request.ip };
}
