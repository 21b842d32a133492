import type { Config } from './config.ts';
import type { Db } from './schema.ts';
import type { TokenResolver } from './http/auth.ts';
import type { SiteView } from './views/site.ts';

/** What every capability plugin is given when the app is built. */
export interface AppContext {
  config: Config;
  handle: Db;
  siteView(): Promise<SiteView>;
  resolveActor: TokenResolver;
  /** Called after any change that readers can see: drops cached pages in every process. */
  contentChanged(): void;
}
