// The office's pickers as comboboxes (WAI-ARIA 1.2 combobox with a listbox popup). Without this file a picker
// is a text field whose words the server resolves when the form is sent (src/office/picker.tsx); with it, the
// field asks its lookup endpoint as one types and offers the matches below it:
// - typing asks again after a short pause (one request at a time: an older answer never replaces a newer one);
// - Down and Up move through the choices (Alt+Down opens the list without moving), Enter takes one, Escape closes
//   the list (a second Escape empties the field), Tab leaves it; a click takes one too;
// - the choice's id goes to a hidden field under the picker's name, the field shows its label; words typed and not
//   chosen are sent as they are, and the server finds what they name as it does without JavaScript;
// - "More results" at the end of the list asks for the next page (the answer's cursor).

interface LookupItem {
  id: string;
  label: string;
  hint: string;
}

interface LookupAnswer {
  items: LookupItem[];
  next_cursor: string | null;
}

const debounceMs = 200;
let pickers = 0;

function isAnswer(value: unknown): value is LookupAnswer {
  const answer = value as LookupAnswer;
  return typeof answer === 'object' && answer !== null && Array.isArray(answer.items) && (answer.next_cursor === null || typeof answer.next_cursor === 'string');
}

function enhancePicker(root: HTMLElement): void {
  const field = root.querySelector<HTMLInputElement>('input[type="search"]');
  const lookup = root.dataset.picker;
  const name = root.dataset.pickerName;
  if (!field || !lookup || !name || root.dataset.pickerReady) return;
  const input: HTMLInputElement = field;
  const endpoint: string = lookup;
  root.dataset.pickerReady = '1';
  const n = ++pickers;

  // The value the form sends: the chosen item's id, or the words typed.
  // A list of several (multiple) is sent as typed, by the field itself; a single choice goes in a hidden field.
  const multiple = root.dataset.pickerMultiple === 'true';
  const hidden = document.createElement('input');
  hidden.type = 'hidden';
  hidden.value = root.dataset.pickerValue || input.value;
  if (!multiple) {
    hidden.name = name;
    input.removeAttribute('name');
    input.after(hidden);
  }

  const listbox = document.createElement('ul');
  listbox.id = `picker-${n}-list`;
  listbox.setAttribute('role', 'listbox');
  listbox.setAttribute('aria-label', `${root.querySelector('label')?.textContent ?? 'Choices'}: choices`);
  listbox.className = 'picker-list';
  listbox.hidden = true;
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  status.id = `picker-${n}-status`;
  (multiple ? input : hidden).after(listbox, status);

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listbox.id);

  // A strict picker sends only what was chosen: the label of that choice, to restore when words are left unchosen.
  const strict = root.dataset.pickerStrict === 'true';
  let chosenLabel = input.value;
  let items: LookupItem[] = [];
  let next: string | null = null;
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;

  const optionId = (i: number) => `picker-${n}-option-${i}`;
  /** What to look for: the field's words, or in a list of several the part after the last comma. */
  const sought = () => (multiple ? (input.value.split(',').pop() ?? '') : input.value).trim();
  const moreIndex = () => (next ? items.length : -1);
  const count = () => items.length + (next ? 1 : 0);

  function render(): void {
    listbox.replaceChildren(
      ...items.map((item, i) => {
        const li = document.createElement('li');
        li.id = optionId(i);
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', String(i === active));
        const label = document.createElement('span');
        label.className = 'picker-label';
        label.textContent = item.label;
        li.append(label);
        if (item.hint) {
          const hint = document.createElement('span');
          hint.className = 'picker-hint';
          hint.textContent = item.hint;
          li.append(hint);
        }
        return li;
      }),
    );
    if (next) {
      const more = document.createElement('li');
      more.id = optionId(items.length);
      more.setAttribute('role', 'option');
      more.setAttribute('aria-selected', String(active === items.length));
      more.className = 'picker-more';
      more.textContent = 'More results…';
      listbox.append(more);
    }
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', optionId(active));
      document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  function open(): void {
    listbox.hidden = count() === 0;
    input.setAttribute('aria-expanded', String(!listbox.hidden));
  }

  function close(): void {
    listbox.hidden = true;
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  async function ask(more: boolean): Promise<void> {
    const mine = ++asked;
    const url = new URL(endpoint, location.href);
    url.searchParams.set('q', sought());
    if (more && next) url.searchParams.set('cursor', next);
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      const answer: unknown = response.ok ? await response.json() : undefined;
      if (mine !== asked) return;
      if (!isAnswer(answer)) {
        status.textContent = 'The choices could not be loaded: send the form to find them.';
        return;
      }
      const kept = more ? items.length : 0;
      items = [...(more ? items : []), ...answer.items];
      next = answer.next_cursor;
      active = more ? kept : -1;
      render();
      open();
      status.textContent = items.length === 0 ? 'No matches.' : `${items.length}${next ? ' or more' : ''} ${items.length === 1 ? 'choice' : 'choices'}; Down arrow to go through them.`;
    } catch {
      if (mine === asked) status.textContent = 'The choices could not be loaded: send the form to find them.';
    }
  }

  function choose(i: number): void {
    if (i === moreIndex()) {
      void ask(true);
      return;
    }
    const item = items[i];
    if (!item) return;
    if (multiple) {
      // The part being typed becomes the chosen label, and the field is ready for the next one.
      const parts = input.value
        .split(',')
        .slice(0, -1)
        .map((p) => p.trim())
        .filter(Boolean);
      input.value = `${[...parts, item.label].join(', ')}, `;
      close();
      status.textContent = `${item.label} added.`;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return;
    }
    input.value = item.label;
    hidden.value = item.id;
    chosenLabel = item.label;
    close();
    status.textContent = `${item.label} chosen.`;
    hidden.dispatchEvent(new Event('change', { bubbles: true }));
  }

  function move(by: number): void {
    if (listbox.hidden) open();
    const total = count();
    if (total === 0) return;
    active = active < 0 ? (by > 0 ? 0 : total - 1) : (active + by + total) % total;
    render();
  }

  input.addEventListener('input', () => {
    // Words typed and not chosen go as they are (the server finds what they name); a strict picker keeps its choice
    // until another is made, or the field is emptied.
    if (multiple) {
      if (sought() === '') {
        clearTimeout(timer);
        close();
        return;
      }
    } else if (!strict) hidden.value = input.value;
    else if (input.value.trim() === '') {
      hidden.value = '';
      chosenLabel = '';
    }
    clearTimeout(timer);
    timer = setTimeout(() => void ask(false), debounceMs);
  });

  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (event.altKey) {
        if (count() === 0) void ask(false);
        else open();
      } else if (count() === 0) void ask(false);
      else move(1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      move(-1);
    } else if (event.key === 'Enter') {
      // Enter takes the highlighted choice; with none, it sends the form as a text field would.
      if (!listbox.hidden && active >= 0) {
        event.preventDefault();
        choose(active);
      }
    } else if (event.key === 'Escape') {
      if (!listbox.hidden) {
        event.preventDefault();
        close();
      } else if (input.value && !multiple) {
        event.preventDefault();
        input.value = '';
        hidden.value = '';
        chosenLabel = '';
      }
    } else if (event.key === 'Tab') close();
  });

  // A press on a choice must not take the focus from the field before the click takes the choice.
  listbox.addEventListener('mousedown', (event) => event.preventDefault());
  listbox.addEventListener('click', (event) => {
    const option = (event.target as Element).closest('[role="option"]');
    const index = option ? [...listbox.children].indexOf(option) : -1;
    if (index >= 0) choose(index);
  });
  input.addEventListener('blur', () => {
    close();
    if (strict && input.value !== chosenLabel) {
      input.value = chosenLabel;
      status.textContent = chosenLabel ? `Kept: ${chosenLabel}. Choose from the list to change it.` : 'Nothing chosen.';
    }
  });
}

/** Makes every picker on the page a combobox. */
export function enhancePickers(scope: ParentNode = document): void {
  for (const root of scope.querySelectorAll<HTMLElement>('[data-picker]')) enhancePicker(root);
}
