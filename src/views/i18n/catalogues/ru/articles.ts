import type { articles as english } from '../en/articles.ts';

export const articles = {} as const satisfies Record<keyof typeof english, string>;
