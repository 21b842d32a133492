// Search as you type: the search page's results, and a short list under the masthead's box, follow the
// words as they are typed. Without this file both forms simply submit to /search.

interface SearchItem {
  title: string;
  url: string;
  published_at: string;
  excerpt_html: string;
  expert: { name: string; url: string };
}

interface SearchAnswer {
  items: SearchItem[];
  total: number;
  total_is_exact: boolean;
  pages: number;
}

const typingPause = 150;
const mastheadSize = 5;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

const longDate = (iso: string) => new Date(iso).toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
const countText = (answer: SearchAnswer) => `${answer.total_is_exact ? '' : 'More than '}${answer.total.toLocaleString('en-US')} ${answer.total === 1 ? 'result' : 'results'}`;

/** The form's fields as a query string, leaving out the empty ones as the server does. */
function formQuery(form: HTMLFormElement): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string' && value.trim() !== '' && !(name === 'sort' && value === 'relevance')) query.set(name, value);
  }
  return query;
}

/** A result as the server renders it (SearchResultItem); the excerpt is the server's escaped HTML with <mark>. */
function resultCard(item: SearchItem): HTMLLIElement {
  const meta = element('p', { class: 'card-meta' });
  const time = element('time', { datetime: item.published_at.slice(0, 10) }, longDate(item.published_at));
  meta.append(element('a', { href: item.expert.url }, item.expert.name), ' · ', time);
  const heading = element('h2', { class: 'card-title' });
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

function showOnPage(results: HTMLElement, query: URLSearchParams, answer: SearchAnswer): void {
  const status = results.querySelector<HTMLElement>('[data-search-status]');
  const words = query.get('q') ?? '';
  if (status) status.textContent = answer.total === 0 ? `Nothing matches “${words}”. Try fewer or other words, or fewer filters.` : `${countText(answer)} for “${words}”`;
  results.querySelector('[data-search-list]')?.remove();
  results.querySelector('.search-pager')?.remove();
  if (answer.items.length === 0) return;
  const list = element('ol', { class: 'card-list search-list', 'data-search-list': '' });
  list.append(...answer.items.map(resultCard));
  results.append(list);
  if (answer.pages > 1) {
    const pager = element('nav', { class: 'pager search-pager', 'aria-label': 'Result pages' });
    const next = new URLSearchParams(query);
    next.set('page', '2');
    pager.append(element('span', {}, `Page 1 of ${answer.pages}`), element('a', { href: `/search?${next}`, rel: 'next' }, 'Next →'));
    results.append(pager);
  }
}

function showUnderMasthead(results: HTMLElement, query: URLSearchParams, answer: SearchAnswer): void {
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
  all.append(element('a', { href: `/search?${query}` }, answer.total === 0 ? 'No results: search with filters' : `All results: ${countText(answer).toLowerCase()} →`));
  list.append(all);
  if (status) status.textContent = countText(answer);
  results.hidden = false;
}

/** Shows the answer to the latest query only: a newer keystroke aborts the request before it. */
function enhanceSearchForm(form: HTMLFormElement): void {
  const kind = form.dataset.searchForm;
  const results = kind === 'page' ? document.querySelector<HTMLElement>('[data-search-results="page"]') : form.querySelector<HTMLElement>('[data-search-results]');
  const input = form.querySelector<HTMLInputElement>('input[name="q"]');
  if (!results || !input) return;
  let timer: number | undefined;
  let pending: AbortController | undefined;

  async function update(): Promise<void> {
    pending?.abort();
    const query = formQuery(form);
    if (!query.get('q')) {
      if (kind === 'masthead') results!.hidden = true;
      return;
    }
    if (kind === 'page') history.replaceState(null, '', `/search?${query}`);
    const request = new URLSearchParams(query);
    if (kind === 'masthead') request.set('limit', String(mastheadSize));
    const controller = (pending = new AbortController());
    try {
      const response = await fetch(`/api/v1/public/search?${request}`, { signal: controller.signal, headers: { accept: 'application/json' } });
      if (!response.ok) return;
      const answer = (await response.json()) as SearchAnswer;
      if (kind === 'page') showOnPage(results!, query, answer);
      else showUnderMasthead(results!, query, answer);
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
