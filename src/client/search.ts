// Search as you type: the search page's results, and a short list under the masthead's box, follow the
// words as they are typed. Without this file both forms simply submit to /search (/ru/search in the Russian
// edition). The page's language is the edition the search is made from: the server answers with that
// edition's articles first and says what to show in its words (`texts`).

interface SearchItem {
  title: string;
  url: string;
  published_at: string;
  excerpt_html: string;
  expert: { name: string; url: string };
}

interface SearchTexts {
  count: string;
  status: string;
  all_results: string;
  page_of: string;
  next: string;
  result_pages: string;
}

interface OtherEdition {
  edition: string;
  url: string;
  items: SearchItem[];
  texts: { heading: string; all_results: string };
}

interface SearchAnswer {
  items: SearchItem[];
  total: number;
  total_is_exact: boolean;
  pages: number;
  other_editions: OtherEdition[];
  texts: SearchTexts;
}

const typingPause = 150;
const mastheadSize = 5;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The edition the page belongs to: its language, as the layout sets it. */
const edition = () => document.documentElement.lang || 'en';
/** Dates on the site's clocks, as the server writes them: the layout names the zone. */
const timeZone = () => document.documentElement.dataset.timeZone || 'UTC';
const longDate = (iso: string) => new Date(iso).toLocaleDateString(edition(), { year: 'numeric', month: 'long', day: 'numeric', timeZone: timeZone() });

/** The form's fields as a query string, leaving out the empty ones as the server does. */
function formQuery(form: HTMLFormElement): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string' && value.trim() !== '' && !(name === 'sort' && value === 'relevance')) query.set(name, value);
  }
  return query;
}

/** A result as the server renders it (SearchResultItem); the excerpt is the server's escaped HTML with <mark>. */
function resultCard(item: SearchItem, headingLevel: 'h2' | 'h3' = 'h2'): HTMLLIElement {
  const meta = element('p', { class: 'card-meta' });
  const time = element('time', { datetime: item.published_at }, longDate(item.published_at));
  meta.append(element('a', { href: item.expert.url }, item.expert.name), ' · ', time);
  const heading = element(headingLevel, { class: 'card-title' });
  heading.append(element('a', { href: item.url }, item.title));
  const excerpt = element('p', { class: 'search-excerpt' });
  excerpt.innerHTML = item.excerpt_html;
  const text = element('div', { class: 'card-text' });
  text.append(meta, heading, excerpt);
  const card = element('article', { class: 'card' });
  card.append(text);
  const li = element('li', { class: 'search-result' });
  li.append(card);
  return li;
}

/** The first matches in one of the site's other editions, as the server renders them after the page's own. */
function otherEditionSection(other: OtherEdition): HTMLElement {
  const section = element('section', { class: 'search-other-edition', 'data-search-edition': other.edition });
  const list = element('ol', { class: 'card-list search-list' });
  list.append(...other.items.map((item) => resultCard(item, 'h3')));
  const all = element('p', { class: 'search-other-edition-all' });
  all.append(element('a', { href: other.url, hreflang: other.edition }, other.texts.all_results));
  section.append(element('h2', {}, other.texts.heading), list, all);
  return section;
}

function showOnPage(results: HTMLElement, path: string, query: URLSearchParams, answer: SearchAnswer): void {
  const status = results.querySelector<HTMLElement>('[data-search-status]');
  if (status) status.textContent = answer.texts.status;
  results.querySelector('[data-search-list]')?.remove();
  results.querySelector('.search-pager')?.remove();
  for (const section of results.querySelectorAll('.search-other-edition')) section.remove();
  if (answer.items.length > 0) {
    const list = element('ol', { class: 'card-list search-list', 'data-search-list': '' });
    list.append(...answer.items.map((item) => resultCard(item)));
    results.append(list);
  }
  if (answer.pages > 1) {
    const pager = element('nav', { class: 'pager search-pager', 'aria-label': answer.texts.result_pages });
    const next = new URLSearchParams(query);
    next.set('page', '2');
    pager.append(element('span', {}, answer.texts.page_of), element('a', { href: `${path}?${next}`, rel: 'next' }, answer.texts.next));
    results.append(pager);
  }
  results.append(...answer.other_editions.map(otherEditionSection));
}

function showUnderMasthead(results: HTMLElement, path: string, query: URLSearchParams, answer: SearchAnswer): void {
  const list = results.querySelector<HTMLElement>('[data-search-list]');
  const status = results.querySelector<HTMLElement>('[data-search-status]');
  if (!list) return;
  list.replaceChildren(
    ...answer.items.map((item) => {
      const li = element('li');
      li.append(element('a', { href: item.url }, item.title), element('span', { class: 'masthead-search-expert' }, item.expert.name));
      return li;
    }),
  );
  const all = element('li', { class: 'masthead-search-all' });
  all.append(element('a', { href: `${path}?${query}` }, answer.texts.all_results));
  list.append(all);
  if (status) status.textContent = answer.texts.count;
  results.hidden = false;
}

/** Shows the answer to the latest query only: a newer keystroke aborts the request before it. */
function enhanceSearchForm(form: HTMLFormElement): void {
  const kind = form.dataset.searchForm;
  const results = kind === 'page' ? document.querySelector<HTMLElement>('[data-search-results="page"]') : form.querySelector<HTMLElement>('[data-search-results]');
  const input = form.querySelector<HTMLInputElement>('input[name="q"]');
  if (!results || !input) return;
  // The edition's search page (/search, /ru/search): the form's own action.
  const path = new URL(form.action, location.href).pathname;
  let timer: number | undefined;
  let pending: AbortController | undefined;

  async function update(): Promise<void> {
    pending?.abort();
    const query = formQuery(form);
    if (!query.get('q')) {
      if (kind === 'masthead') results!.hidden = true;
      return;
    }
    if (kind === 'page') history.replaceState(null, '', `${path}?${query}`);
    const request = new URLSearchParams(query);
    request.set('edition', edition());
    if (kind === 'masthead') request.set('limit', String(mastheadSize));
    const controller = (pending = new AbortController());
    try {
      const response = await fetch(`/api/v1/public/search?${request}`, { signal: controller.signal, headers: { accept: 'application/json' } });
      if (!response.ok) return;
      const answer = (await response.json()) as SearchAnswer;
      if (kind === 'page') showOnPage(results!, path, query, answer);
      else showUnderMasthead(results!, path, query, answer);
    } catch (err) {
      if ((err as Error).name !== 'AbortError') throw err;
    }
  }

  const soon = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void update(), typingPause);
  };
  input.addEventListener('input', soon);
  if (kind === 'page') form.addEventListener('change', soon);
  else {
    form.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') results.hidden = true;
    });
    form.addEventListener('focusout', (event) => {
      if (!form.contains(event.relatedTarget as Node | null)) results.hidden = true;
    });
  }
}

export function enhanceSearchForms(): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-search-form]')) enhanceSearchForm(form);
}
