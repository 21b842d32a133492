import type { citations as english } from '../en/citations.ts';

export const citations = {} as const satisfies Record<keyof typeof english, string>;
