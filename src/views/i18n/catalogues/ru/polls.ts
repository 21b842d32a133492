import type { polls as english } from '../en/polls.ts';

export const polls = {} as const satisfies Record<keyof typeof english, string>;
