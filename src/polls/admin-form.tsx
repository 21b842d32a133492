import { z } from 'zod';
import { dateTimeLocalIn } from '../http/schemas.ts';
import { datetimeLocalValue } from '../views/format.ts';
import { useLocale } from '../views/i18n/locale.ts';
import { Checkbox, ErrorSummary, Field, PostForm, Select, type FieldErrors } from '../office/forms.tsx';
import { hasDistinctLabels } from './present.ts';
import { maxPollAnswers, minPollAnswers, pollAnswerListField, pollAnswerMaxLength, pollQuestionField, pollQuestionMaxLength } from './fields.ts';
import type { Poll } from './store.ts';
import { resultsPolicies, type ResultsPolicy } from './tables.ts';
import { editionLanguages, isEditionLanguage, type EditionLanguage } from '../views/i18n/languages.ts';

/**
 * The poll form of the editorial office and the rules it is held to. The rules are the API's own
 * (src/polls/fields.ts, shared with src/polls/routes.tsx): the same field limits, 2 to 20 distinct
 * answers, a closing time after the opening time, a choice limit no larger than the number of answers.
 */

/** Answer boxes shown at first; "More answers" adds more, up to the API's 20. */
export const answerSlotsShown = 8;
const answerSlotsAdded = 4;

/** What the form holds, as text: a refused form is shown again exactly as it was typed. */
export interface PollFormValues {
  question: string;
  /** One entry per answer box, empty boxes included, so that every answer stays in the box it was typed in. */
  answers: string[];
  multiple: boolean;
  maxChoices: string;
  opensAt: string;
  closesAt: string;
  results: string;
  /** The language the poll is asked in; empty where the form has no choice of language (a one-language site). */
  language: string;
}

/** The settings a form asks to give the poll, once they have passed the rules. */
export interface PollSettings {
  question: string;
  options: string[];
  maxChoices: number;
  opensAt: string | null;
  closesAt: string | null;
  resultsPolicy: ResultsPolicy;
  /** Absent where the form offered no choice; whether it is one of the site's languages is the command's to say. */
  language?: string;
}

const resultsLabels: Record<ResultsPolicy, string> = {
  always: 'Always',
  after_vote: 'After voting',
  after_close: 'After the poll closes',
};

/** A poll's settings as its form shows them, its times on the clocks of the site's zone. */
export function valuesOfPoll(poll: Poll, zone: string): PollFormValues {
  const labels = poll.options.map((o) => o.label);
  const allChoices = poll.maxChoices > 1 && poll.maxChoices >= labels.length;
  return {
    question: poll.question,
    answers: padAnswers(labels, answerSlotsShown),
    multiple: poll.maxChoices > 1,
    // Empty means "as many as there are answers", so adding an answer later keeps letting readers choose all.
    maxChoices: poll.maxChoices > 1 && !allChoices ? String(poll.maxChoices) : '',
    opensAt: datetimeLocalValue(poll.opensAt, zone),
    closesAt: datetimeLocalValue(poll.closesAt, zone),
    results: poll.resultsPolicy,
    language: poll.language,
  };
}

/** A new poll's form: in the site's default language unless the editor chooses another. */
export const emptyPollValues = (language = ''): PollFormValues => ({
  question: '',
  answers: padAnswers([], answerSlotsShown),
  multiple: false,
  maxChoices: '',
  opensAt: '',
  closesAt: '',
  results: 'always',
  language,
});

function padAnswers(answers: string[], slots: number): string[] {
  // Never fewer boxes than answers sent: a 21st answer is refused, not silently dropped.
  const count = Math.max(Math.min(maxPollAnswers, slots), answers.length);
  return Array.from({ length: count }, (_, i) => answers[i] ?? '');
}

/** The form again with more empty answer boxes: how a poll gets more than eight answers without JavaScript. */
export function withMoreAnswerSlots(values: PollFormValues): PollFormValues {
  return { ...values, answers: padAnswers(values.answers, values.answers.length + answerSlotsAdded) };
}

const textOf = (value: unknown) => (typeof value === 'string' ? value : '');
const textsOf = (value: unknown): string[] => (Array.isArray(value) ? value.map(textOf) : typeof value === 'string' ? [value] : []);

/** The submitted form as text, whatever a browser (or anyone else) sent. */
export function valuesOfForm(body: Record<string, unknown>): PollFormValues {
  return {
    question: textOf(body.question),
    answers: padAnswers(textsOf(body.answer).slice(0, 100), answerSlotsShown),
    multiple: body.multiple !== undefined,
    maxChoices: textOf(body.max_choices),
    opensAt: textOf(body.opens_at),
    closesAt: textOf(body.closes_at),
    results: textOf(body.results),
    language: textOf(body.language),
  };
}

/**
 * The form sent to change a poll. Parts the page showed read-only (the answers of a poll readers have
 * voted in, the dates of a closed poll) are not sent, and stay as they are.
 */
export function valuesForUpdate(poll: Poll, body: Record<string, unknown>, zone: string): PollFormValues {
  const current = valuesOfPoll(poll, zone);
  const sent = valuesOfForm(body);
  const answersSent = body.question !== undefined || body.answer !== undefined;
  return {
    question: answersSent ? sent.question : current.question,
    answers: answersSent ? sent.answers : current.answers,
    multiple: answersSent ? sent.multiple : current.multiple,
    maxChoices: answersSent ? sent.maxChoices : current.maxChoices,
    opensAt: body.opens_at !== undefined ? sent.opensAt : current.opensAt,
    closesAt: body.closes_at !== undefined ? sent.closesAt : current.closesAt,
    results: body.results !== undefined ? sent.results : current.results,
    language: body.language !== undefined ? sent.language : current.language,
  };
}

const choiceLimit = z.preprocess(
  (v) => (v === '' ? undefined : typeof v === 'string' && /^\s*\d{1,3}\s*$/.test(v) ? Number(v) : v),
  z.number({ invalid_type_error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(maxPollAnswers, `must be at most ${maxPollAnswers}`).optional(),
);

/** The form's rules, its times read on the clocks of the site's zone; one schema per zone, made once. */
const pollFormSchemas = new Map<string, ReturnType<typeof pollFormSchemaIn>>();
const pollFormSchemaIn = (zone: string) =>
  z
    .object({
      question: pollQuestionField,
      options: pollAnswerListField('answers'),
      multiple: z.boolean(),
      max_choices: choiceLimit,
      opens_at: dateTimeLocalIn(zone),
      closes_at: dateTimeLocalIn(zone),
      results: z.enum(resultsPolicies, { errorMap: () => ({ message: 'choose when readers see the results' }) }),
    })
    .refine((p) => !p.opens_at || !p.closes_at || p.opens_at < p.closes_at, { message: 'must come after the opening time', path: ['closes_at'] })
    .refine((p) => hasDistinctLabels(p.options), { message: 'two answers read the same', path: ['options'] });

export type PollFormResult = { ok: true; settings: PollSettings } | { ok: false; errors: FieldErrors };

/**
 * Checks a submitted form against the API's rules. Empty answer boxes are left out; a problem with one
 * answer is reported at its own box ("answer-3"), problems with the answers as a whole at "options".
 */
export function parsePollForm(values: PollFormValues, zone: string): PollFormResult {
  const filled = values.answers.flatMap((text, slot) => (text.trim() === '' ? [] : [{ text, slot }]));
  let schema = pollFormSchemas.get(zone);
  if (!schema) pollFormSchemas.set(zone, (schema = pollFormSchemaIn(zone)));
  const parsed = schema.safeParse({
    question: values.question,
    options: filled.map((a) => a.text),
    multiple: values.multiple,
    max_choices: values.maxChoices,
    opens_at: values.opensAt,
    closes_at: values.closesAt,
    results: values.results,
  });
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const [field, index] = issue.path;
      const key = field === 'options' && typeof index === 'number' ? `answer-${filled[index]!.slot + 1}` : String(field ?? '');
      errors[key] ??= issue.message === 'Required' ? 'is required' : issue.message;
    }
    return { ok: false, errors };
  }
  const input = parsed.data;
  const maxChoices = input.multiple ? (input.max_choices ?? input.options.length) : 1;
  if (maxChoices > input.options.length) {
    return { ok: false, errors: { max_choices: `must be at most the number of answers (${input.options.length})` } };
  }
  return {
    ok: true,
    settings: {
      question: input.question,
      options: input.options,
      maxChoices,
      opensAt: input.opens_at,
      closesAt: input.closes_at,
      resultsPolicy: input.results,
      ...(values.language !== '' && { language: values.language }),
    },
  };
}

/** The labels the error summary puts before each problem. */
export function pollFieldLabels(values: PollFormValues): Record<string, string> {
  const labels: Record<string, string> = {
    question: 'Question',
    options: 'Answers',
    max_choices: 'Most choices per reader',
    opens_at: 'Opens at',
    closes_at: 'Closes at',
    results: 'Results shown',
    language: 'Language',
  };
  values.answers.forEach((_, i) => (labels[`answer-${i + 1}`] = `Answer ${i + 1}`));
  return labels;
}

/**
 * A date or number control can hold only a well-formed value, which is all a browser sends; anything
 * else (a hand-made request) is shown empty, under its error message.
 */
const asDateTimeValue = (v: string) => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(v) ? v : '');
const asNumberValue = (v: string) => (/^\s*\d{1,6}\s*$/.test(v) ? v.trim() : '');

function AnswerBoxes(props: { answers: string[]; errors: FieldErrors }) {
  const { errors } = props;
  return (
    <fieldset class={`answer-set${errors.options ? ' has-error' : ''}`} id="field-options" aria-describedby="answers-hint" tabIndex={-1}>
      <legend>Answers</legend>
      <p class="field-hint" id="answers-hint">
        Between {minPollAnswers} and {maxPollAnswers} answers, in the order readers will see them. Empty boxes are ignored; “More answers”, under the form, adds boxes.
      </p>
      {errors.options && <p class="field-error">{errors.options}</p>}
      <ol class="answer-boxes">
        {props.answers.map((answer, i) => {
          const key = `answer-${i + 1}`;
          return (
            <li class={`field${errors[key] ? ' has-error' : ''}`}>
              <label for={`field-${key}`}>Answer {i + 1}</label>
              {errors[key] && (
                <p class="field-error" id={`field-${key}-error`}>
                  {errors[key]}
                </p>
              )}
              <input
                id={`field-${key}`}
                name="answer"
                type="text"
                value={answer}
                maxLength={pollAnswerMaxLength}
                aria-invalid={errors[key] ? 'true' : undefined}
                aria-describedby={errors[key] ? `field-${key}-error` : undefined}
              />
            </li>
          );
        })}
      </ol>
    </fieldset>
  );
}

/** Once readers have voted, what they answered is the record: shown, not editable. */
function FrozenAnswers(props: { poll: Poll }) {
  const { poll } = props;
  return (
    <div class="office-panel frozen-answers">
      <p class="field-hint">Readers have voted on this poll, so its question, answers and number of choices can no longer change.</p>
      <dl class="poll-facts">
        <dt>Question</dt>
        <dd>{poll.question}</dd>
        <dt>Answers</dt>
        <dd>
          <ol>
            {poll.options.map((o) => (
              <li>{o.label}</li>
            ))}
          </ol>
        </dd>
        <dt>Most choices per reader</dt>
        <dd>{poll.maxChoices}</dd>
      </dl>
    </div>
  );
}

function FixedDates(props: { values: PollFormValues }) {
  const { timeZone } = useLocale();
  const shown = (value: string) => (value ? `${value.replace('T', ' ')} (${timeZone})` : 'not set');
  return (
    <div class="office-panel frozen-answers">
      <p class="field-hint">A closed poll keeps the dates it ran. Open it again to give it new ones.</p>
      <dl class="poll-facts">
        <dt>Opening time</dt>
        <dd>{shown(props.values.opensAt)}</dd>
        <dt>Closing time</dt>
        <dd>{shown(props.values.closesAt)}</dd>
      </dl>
    </div>
  );
}

export interface PollFormProps {
  action: string;
  csrf: string;
  values: PollFormValues;
  errors: FieldErrors;
  submitLabel: string;
  /** A poll readers have voted in: its question and answers are shown read-only. */
  votedPoll?: Poll;
  /** A closed poll keeps the dates it ran: shown read-only. */
  datesFixed?: boolean;
  /** The site's languages, the default first: a choice among them where there is more than one. */
  languages?: readonly EditionLanguage[];
}

/** The poll's language, among the site's: the edition whose readers are asked it. */
function LanguageChoice(props: { languages: readonly EditionLanguage[]; value: string; errors: FieldErrors }) {
  // A poll in a language the site has since dropped keeps it until the editor chooses another.
  const kept = !props.languages.includes(props.value as EditionLanguage) && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(props.value);
  const shown = kept ? [...props.languages, props.value] : props.languages;
  return (
    <Select
      name="language"
      label="Language"
      value={props.value || props.languages[0]}
      errors={props.errors}
      choices={shown.map((code) => ({ value: code, label: isEditionLanguage(code) ? `${editionLanguages[code].nativeName} (${code})` : code }))}
      hint="Readers of this language’s edition are asked the poll, and find it among its polls."
    />
  );
}

export function PollForm(props: PollFormProps) {
  const { values, errors } = props;
  const { timeZone } = useLocale();
  return (
    <>
      <ErrorSummary errors={errors} labels={pollFieldLabels(values)} />
      <PostForm action={props.action} csrf={props.csrf} class="office-form poll-form">
        {props.votedPoll ? (
          <FrozenAnswers poll={props.votedPoll} />
        ) : (
          <>
            <Field name="question" label="Question" value={values.question} errors={errors} required maxLength={pollQuestionMaxLength} />
            <AnswerBoxes answers={values.answers} errors={errors} />
            <Checkbox name="multiple" label="Multiple choice" checked={values.multiple} hint="Readers may choose more than one answer." />
            <Field
              name="max_choices"
              label="Most choices per reader"
              type="number"
              inputMode="numeric"
              value={asNumberValue(values.maxChoices)}
              errors={errors}
              hint="Used only with multiple choice. Leave empty to let readers choose every answer."
            />
          </>
        )}
        {props.languages && props.languages.length > 1 && <LanguageChoice languages={props.languages} value={values.language} errors={errors} />}
        {props.datesFixed ? (
          <FixedDates values={values} />
        ) : (
          <div class="field-pair">
            <Field
              name="opens_at"
              label="Opens at"
              type="datetime-local"
              value={asDateTimeValue(values.opensAt)}
              errors={errors}
              hint={`Times are in ${timeZone}. Empty: opens as soon as you open the poll.`}
            />
            <Field
              name="closes_at"
              label="Closes at"
              type="datetime-local"
              value={asDateTimeValue(values.closesAt)}
              errors={errors}
              hint={`Times are in ${timeZone}. Empty: stays open until you close it.`}
            />
          </div>
        )}
        <Select
          name="results"
          label="Results shown"
          value={values.results}
          errors={errors}
          choices={resultsPolicies.map((p) => ({ value: p, label: resultsLabels[p] }))}
          hint="When readers may see how others voted."
        />
        <div class="form-actions">
          {/* The main button comes first: pressing Enter in a box submits the form, not "More answers". */}
          <button type="submit" class="button button-primary">
            {props.submitLabel}
          </button>
          {!props.votedPoll && values.answers.length < maxPollAnswers && (
            <button type="submit" name="more" value="1" class="button" formNoValidate>
              More answers
            </button>
          )}
        </div>
      </PostForm>
    </>
  );
}
