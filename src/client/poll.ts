// Voting in place. Without this module a poll form posts and the server answers 303 back to the page;
// with it the vote goes as JSON and the answer replaces the form, so the reader keeps their place in
// the article. Whenever the JSON path cannot finish, the form is submitted the ordinary way instead.
// The words are the page's: English unless the form carries its edition's (data-words, see
// src/polls/vote-words.ts), so a reader of /ru/ is answered in Russian.

import { voteNotices } from '../polls/notices.ts';
import { formatVoteMessage, readVoteWords, type VoteWordKey, type VoteWords } from '../polls/vote-words.ts';

/** The words of one form's page. */
class Words {
  constructor(private readonly words: VoteWords) {}
  text(key: VoteWordKey, values: Record<string, string | number> = {}): string {
    return formatVoteMessage(this.words.messages[key], values, this.words.locale);
  }
  /** What a reader is told of an outcome, when the page has words for it. */
  notice(code: string): string | undefined {
    return Object.prototype.hasOwnProperty.call(voteNotices, code) ? this.text(voteNotices[code as keyof typeof voteNotices]) : undefined;
  }
  /** "33 (31%)", as ResultsList in src/polls/views.tsx writes it in the page's language. */
  count(votes: number, percent: number): string {
    const { locale } = this.words;
    return this.text('poll.count', { votes: new Intl.NumberFormat(locale).format(votes), percent: this.percent(percent) });
  }
  percent(percent: number): string {
    return new Intl.NumberFormat(this.words.locale, { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
  }
}

const wordsOf = (form: HTMLFormElement) => new Words(readVoteWords(form.dataset.words));

/** Refusals the reader can put right in the same form (another choice, or trying again later). */
const keepsForm = new Set(['too_many', 'unknown_option', 'no_choice', 'rate_limited']);

interface OptionResult {
  id: number;
  label: string;
  votes: number;
  percent: number;
}

interface PollResults {
  question: string;
  total: number;
  options: OptionResult[];
}

interface Refusal {
  code: string;
  message: string;
}

/** What the vote endpoint's answer means for the page. */
type Outcome = { kind: 'results'; results: PollResults } | { kind: 'hidden' } | { kind: 'refused'; refusal: Refusal; results?: PollResults } | { kind: 'fallback' };

export function enhancePollForms(root: ParentNode = document): void {
  for (const form of root.querySelectorAll<HTMLFormElement>('form.poll-form[data-poll]')) enhanceForm(form);
}

function enhanceForm(form: HTMLFormElement): void {
  const maxChoices = Number(form.dataset.maxChoices) || 1;
  const words = wordsOf(form);
  // The status line exists before anything is said in it, so screen readers treat it as a live region.
  statusLine(form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitVote(form, maxChoices, words);
  });
  if (maxChoices > 1) form.addEventListener('change', () => warnWhenOverLimit(form, maxChoices, words));
}

function chosenOptions(form: HTMLFormElement): number[] {
  return [...form.querySelectorAll<HTMLInputElement>('input[name="option"]:checked')].map((input) => Number(input.value));
}

/** Says so as soon as a reader ticks one box too many, and takes it back once they untick one. */
function warnWhenOverLimit(form: HTMLFormElement, maxChoices: number, words: Words): void {
  const line = statusLine(form);
  const over = chosenOptions(form).length > maxChoices;
  const tooMany = words.notice('too_many')!;
  if (over) line.textContent = tooMany;
  else if (line.textContent === tooMany) line.textContent = '';
}

/** The same checks the server makes, so a ballot it would refuse is not sent at all. */
function ballotProblem(choices: number[], maxChoices: number): string | undefined {
  if (choices.length === 0) return 'no_choice';
  if (choices.length > maxChoices) return 'too_many';
  return undefined;
}

async function submitVote(form: HTMLFormElement, maxChoices: number, words: Words): Promise<void> {
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"], button:not([type])');
  if (button?.disabled) return;
  const choices = chosenOptions(form);
  const problem = ballotProblem(choices, maxChoices);
  if (problem) return say(statusLine(form), words.notice(problem)!);
  setBusy(form, button, true);
  const outcome = await sendBallot(form, choices);
  if (outcome.kind === 'fallback') {
    // The plain post still works (the server answers 303), so the reader is never left with a dead button.
    HTMLFormElement.prototype.submit.call(form);
    return;
  }
  setBusy(form, button, false);
  showOutcome(form, outcome, words);
}

function setBusy(form: HTMLFormElement, button: HTMLButtonElement | null, busy: boolean): void {
  if (busy) form.setAttribute('aria-busy', 'true');
  else form.removeAttribute('aria-busy');
  if (button) button.disabled = busy;
}

async function sendBallot(form: HTMLFormElement, choices: number[]): Promise<Outcome> {
  let response: Response;
  try {
    response = await fetch(form.getAttribute('action') ?? form.action, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ options: choices }),
    });
  } catch {
    return { kind: 'fallback' };
  }
  const body: unknown = await response.json().catch(() => undefined);
  return readOutcome(response.status, body);
}

/** Anything unexpected (a proxy's error page, a 5xx) is left to the ordinary form post. */
function readOutcome(status: number, body: unknown): Outcome {
  if (!isObject(body)) return { kind: 'fallback' };
  if (status === 200) {
    if (isResults(body)) return { kind: 'results', results: body };
    if (body.voted === true) return { kind: 'hidden' };
    return { kind: 'fallback' };
  }
  const error = body.error;
  if (status >= 500 || !isObject(error) || typeof error.code !== 'string' || typeof error.message !== 'string') return { kind: 'fallback' };
  const refusal = { code: status === 429 ? 'rate_limited' : error.code, message: error.message };
  return { kind: 'refused', refusal, results: isResults(body.results) ? body.results : undefined };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isResults(value: unknown): value is PollResults {
  return isObject(value) && typeof value.question === 'string' && typeof value.total === 'number' && Array.isArray(value.options);
}

function showOutcome(form: HTMLFormElement, outcome: Exclude<Outcome, { kind: 'fallback' }>, words: Words): void {
  if (outcome.kind === 'results') return replaceForm(form, words, words.notice('counted')!, outcome.results);
  if (outcome.kind === 'hidden') return replaceForm(form, words, words.notice('counted')!, 'hidden');
  const { refusal, results } = outcome;
  const text = words.notice(refusal.code) ?? refusal.message;
  if (keepsForm.has(refusal.code)) return say(statusLine(form), text);
  // A repeat vote means the results wait for the close when the server sends none with it.
  replaceForm(form, words, text, results ?? (refusal.code === 'repeat' ? 'hidden' : undefined));
}

/** The form's status line: the one the server rendered, or a new one where the server puts it (before the button). */
function statusLine(form: HTMLFormElement): HTMLElement {
  let line = form.querySelector<HTMLElement>('.poll-message');
  if (!line) {
    line = element('p', 'poll-message');
    line.setAttribute('role', 'status');
    const button = form.querySelector('button');
    form.insertBefore(line, button);
  }
  return line;
}

/** Puts the message in the status line and moves focus there, so a screen reader reads it next. */
function say(line: HTMLElement, text: string): void {
  line.textContent = text;
  line.tabIndex = -1;
  line.focus();
}

/**
 * Swaps the form for what the server shows a reader who has voted (PollBlock in src/polls/views.tsx):
 * the question, the message, then the results, or a note that they wait for the close.
 */
function replaceForm(form: HTMLFormElement, words: Words, text: string, results?: PollResults | 'hidden'): void {
  const question = form.querySelector('legend')?.textContent ?? '';
  const line = element('p', 'poll-message');
  line.setAttribute('role', 'status');
  const nodes: Node[] = [];
  // A poll's own page has the question as its title already, and the server repeats it nowhere else there.
  if (!form.closest('.poll-page')) nodes.push(element('p', 'poll-question', typeof results === 'object' ? results.question : question));
  nodes.push(line);
  if (results === 'hidden') nodes.push(element('p', 'poll-empty', words.text('poll.resultsWait')));
  else if (results) nodes.push(...resultsList(results, words));
  form.replaceWith(...nodes);
  say(line, text);
}

/** The markup of ResultsList in src/polls/views.tsx: "33 (31%)" and a bar for each option, then the total. */
function resultsList(results: PollResults, words: Words): Node[] {
  const list = element('ul', 'poll-results');
  for (const option of results.options) {
    const meter = document.createElement('meter');
    meter.min = 0;
    meter.max = 100;
    meter.value = option.percent;
    meter.setAttribute('aria-hidden', 'true');
    meter.textContent = words.percent(option.percent);
    const item = document.createElement('li');
    item.append(element('span', 'poll-label', option.label), ' ', element('span', 'poll-count', words.count(option.votes, option.percent)), meter);
    list.append(item);
  }
  const total = element('p', 'poll-total', words.text('poll.voters', { count: results.total }));
  return [list, total];
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
