import { z } from 'zod';
import { requiredText } from '../http/schemas.ts';

/**
 * The rules a poll's text is held to, wherever it comes from: the API (src/polls/routes.tsx) and the
 * editorial office's form (src/polls/admin-form.tsx) both build their schemas from these, so the two
 * cannot come to disagree. The lengths also size the office's input boxes.
 */

export const pollQuestionMaxLength = 500;
export const pollAnswerMaxLength = 300;
export const minPollAnswers = 2;
export const maxPollAnswers = 20;

export const pollQuestionField = requiredText(pollQuestionMaxLength);
export const pollAnswerField = requiredText(pollAnswerMaxLength);

/**
 * A poll's answers, 2 to 20 of them. The API calls them "options" and the office "answers": the
 * word changes with the audience, the limits do not.
 */
export const pollAnswerListField = (noun: 'options' | 'answers') =>
  z.array(pollAnswerField).min(minPollAnswers, `a poll needs at least ${minPollAnswers} ${noun}`).max(maxPollAnswers, `a poll has at most ${maxPollAnswers} ${noun}`);
