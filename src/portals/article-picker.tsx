import type { Db } from '../schema.ts';
import type { UserActor } from '../core/actor.ts';
import { PostForm } from '../office/forms.tsx';
import { listArchivePage, scopeOf, searchRemarks } from '../articles/office-list.ts';
import type { OfficeArticleSummary } from '../articles/store.ts';
import { getExpertsByIds } from '../experts/store.ts';
import { isoDate } from '../views/format.ts';
import type { Portal } from './store.ts';

/** How many articles a search for one to add offers at once; more words narrow them. */
const foundCount = 20;

/** What a search for an article to add found: the words, and the published articles they name (newest first). */
export interface PortalFind {
  text: string;
  articles: Array<{ article: OfficeArticleSummary; expertName: string }>;
  /** Said above the choices: nothing to look for, too many to list. */
  remark?: string;
}

/**
 * The published articles words find, from the whole archive (the office list's search, so drafts never come up
 * here); empty words list the newest. What the portal's picker offers without JavaScript.
 */
export async function findPortalChoices(handle: Db, actor: UserActor, portal: Portal, typed: string): Promise<PortalFind> {
  const text = typed
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .trim()
    .slice(0, 200);
  const page = await listArchivePage(handle, scopeOf(actor), { dates: 'published', shown: 'published', ...(text && { text }) }, foundCount);
  const shown = page.items.filter((a) => !portal.articleIds.includes(a.id));
  const experts = await getExpertsByIds(handle, [...new Set(shown.map((a) => a.expertId))]);
  const remark = page.nothingToSearch ? searchRemarks.nothingToSearch(text) : page.next ? `More than ${foundCount} articles match: add a word to find the one you mean.` : undefined;
  return { text, articles: shown.map((article) => ({ article, expertName: experts.get(article.expertId)?.name ?? '' })), remark };
}

/** The articles a search found, each with its own Add button. */
export function PortalArticleChoices(props: { portal: Portal; csrf: string; found: PortalFind }) {
  const { found } = props;
  return (
    <section class="office-panel archive-choices" aria-labelledby="found-heading">
      <h3 id="found-heading">{found.text ? `Published articles matching “${found.text}”` : 'The newest published articles'}</h3>
      {found.remark && <p role="status">{found.remark}</p>}
      {found.articles.length === 0 ? (
        <p class="empty">No published article outside the list matches these words.</p>
      ) : (
        <ul class="found-articles">
          {found.articles.map(({ article, expertName }) => (
            <li>
              <PostForm action={`/admin/portals/${props.portal.slug}/articles`} csrf={props.csrf} class="inline-form">
                <input type="hidden" name="add" value={String(article.id)} />
                <span>
                  {article.title}{' '}
                  <span class="field-hint">
                    — {expertName}, {isoDate(article.publishedAt!)}
                  </span>
                </span>{' '}
                <button type="submit" class="button button-small" aria-label={`Add “${article.title}”`}>
                  Add
                </button>
              </PostForm>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
