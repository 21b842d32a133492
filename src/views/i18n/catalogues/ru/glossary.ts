import type { glossary as english } from '../en/glossary.ts';

export const glossary = {} as const satisfies Record<keyof typeof english, string>;
