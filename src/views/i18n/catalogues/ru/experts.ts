import type { experts as english } from '../en/experts.ts';

export const experts = {} as const satisfies Record<keyof typeof english, string>;
