// The editor's preview, enhanced. The server's contract (src/articles/editor-preview.tsx) is:
// - form#article-editor with data-preview-page-url: POST it JSON of the form's fields -> {html}, the
//   article's whole reading page (public layout, stylesheet, figures), sanitised by the renderer that publishes;
// - section#article-preview holding iframe[data-preview-frame] (same-origin srcdoc, sandboxed: no scripts,
//   no forms), [data-preview-widths] (hidden until here) and a [data-preview-status] live region;
// - [data-editor-tabs], a hidden tab list whose tabs control #editor-pane and #article-preview;
// - button[data-preview-button], the Preview button, which posts the form when there is no script.

const previewDelayMs = 400;
/** Side by side at this width and above (theme/admin/10-articles.css says the same); tabs below. */
const sideBySide = '(min-width: 75rem)';

export interface LivePreview {
  /** Draws the preview again shortly after typing stops. */
  schedule(): void;
  /** Draws it now. */
  now(): Promise<void>;
}

type ApiAnswer = { html?: string; error?: { message?: string } } | null;

/** Puts a new rendering into the frame: only the page's main part is replaced, so the reader's place in it stays. */
function draw(frame: HTMLIFrameElement, html: string): void {
  const doc = frame.contentDocument;
  const main = doc?.querySelector('main');
  // A frame that shows no reading page yet (the first drawing, or a link followed inside it) gets the whole page.
  if (!doc || !main || doc.location.href !== 'about:srcdoc') {
    frame.srcdoc = html;
    return;
  }
  const next = new DOMParser().parseFromString(html, 'text/html');
  const nextMain = next.querySelector('main');
  if (!nextMain) {
    frame.srcdoc = html;
    return;
  }
  main.replaceChildren(...[...nextMain.childNodes].map((node) => doc.importNode(node, true)));
  doc.title = next.title;
}

/** Renders the form through the server's reading page shortly after typing stops, into the preview frame. */
export function livePreview(form: HTMLFormElement, token: string, fields: () => Record<string, string>): LivePreview {
  const url = form.dataset.previewPageUrl;
  const section = document.getElementById('article-preview');
  const frame = section?.querySelector<HTMLIFrameElement>('iframe[data-preview-frame]');
  const announcer = section?.querySelector<HTMLElement>('[data-preview-status]');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sequence = 0;
  if (!url || !section || !frame) return { schedule() {}, now: async () => {} };

  async function refresh() {
    const mine = ++sequence;
    try {
      const response = await fetch(url!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': token },
        body: JSON.stringify(fields()),
        credentials: 'same-origin',
      });
      const answer = (await response.json().catch(() => ({}))) as ApiAnswer;
      if (mine !== sequence) return;
      if (!response.ok || typeof answer?.html !== 'string') throw new Error(answer?.error?.message ?? `The server answered ${response.status}`);
      if (answer.html) draw(frame!, answer.html);
      // A short word for screen readers instead of the whole preview read out on every pause in typing.
      if (announcer) announcer.textContent = 'Preview updated';
    } catch (err) {
      if (mine === sequence && announcer) announcer.textContent = `The preview could not be updated: ${(err as Error).message}`;
    }
  }

  enhanceWidths(section, frame);
  // Links in the preview open in a new tab (the server gives it <base target="_blank">: a script may not run
  // in the sandboxed frame, not even ours); should the frame leave the preview anyway, it is drawn again.
  frame.addEventListener('load', () => {
    let away = false;
    try {
      away = frame.contentDocument?.location.href !== 'about:srcdoc';
    } catch {
      away = true;
    }
    if (away) void refresh();
  });
  return {
    schedule() {
      clearTimeout(timer);
      timer = setTimeout(() => void refresh(), previewDelayMs);
    },
    now() {
      clearTimeout(timer);
      return refresh();
    },
  };
}

/** "Full width" and "Phone (390 px)": the frame's width, so the site's own phone layout can be checked. */
function enhanceWidths(section: HTMLElement, frame: HTMLIFrameElement): void {
  const group = section.querySelector<HTMLElement>('[data-preview-widths]');
  if (!group) return;
  const buttons = [...group.querySelectorAll<HTMLButtonElement>('button[data-preview-width]')];
  for (const button of buttons) {
    button.addEventListener('click', () => {
      for (const other of buttons) other.setAttribute('aria-pressed', String(other === button));
      section.classList.toggle('is-phone', button.dataset.previewWidth === 'phone');
      frame.title = button.dataset.previewWidth === 'phone' ? 'The article as readers will see it on a phone' : 'The article as readers will see it';
    });
  }
  group.hidden = false;
}

/**
 * Edit and Preview: side by side on wide screens; on narrow ones, two tabs (arrow keys, Home and End
 * move between them, as the ARIA tabs pattern has it). The Preview button shows the preview, never posts.
 */
export function enhanceEditorLayout(form: HTMLFormElement, preview: LivePreview): void {
  const tabList = document.querySelector<HTMLElement>('[data-editor-tabs]');
  const pane = document.getElementById('editor-pane');
  const section = document.getElementById('article-preview');
  const heading = document.getElementById('article-preview-heading');
  if (!tabList || !pane || !section) return;
  const tabs = [...tabList.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const panels = [pane, section];
  const wide = window.matchMedia(sideBySide);
  let selected = 0;

  function select(index: number, focus: boolean) {
    selected = index;
    tabs.forEach((tab, i) => {
      tab.setAttribute('aria-selected', String(i === index));
      tab.tabIndex = i === index ? 0 : -1;
    });
    if (!wide.matches) panels.forEach((panel, i) => (panel.hidden = i !== index));
    if (focus) tabs[index]!.focus();
    if (index === 1) void preview.now();
  }

  function layout() {
    const tabbed = !wide.matches;
    tabList!.hidden = !tabbed;
    panels.forEach((panel, i) => {
      if (tabbed) {
        panel.setAttribute('role', 'tabpanel');
        panel.setAttribute('aria-labelledby', tabs[i]!.id);
        panel.hidden = i !== selected;
      } else {
        panel.removeAttribute('role');
        panel.removeAttribute('aria-labelledby');
        panel.hidden = false;
      }
    });
    // The preview section names itself by its own heading when the two sit side by side.
    if (!tabbed) section!.setAttribute('aria-labelledby', 'article-preview-heading');
  }

  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(i, false));
    tab.addEventListener('keydown', (event) => {
      const moves: Record<string, number> = { ArrowRight: (i + 1) % tabs.length, ArrowLeft: (i - 1 + tabs.length) % tabs.length, Home: 0, End: tabs.length - 1 };
      const to = moves[event.key];
      if (to === undefined) return;
      event.preventDefault();
      select(to, true);
    });
  });
  wide.addEventListener('change', layout);
  layout();

  form.querySelector<HTMLButtonElement>('[data-preview-button]')?.addEventListener('click', (event) => {
    event.preventDefault();
    if (wide.matches) {
      void preview.now();
      section.scrollIntoView({ block: 'nearest' });
      heading?.focus();
    } else select(1, true);
  });
}
