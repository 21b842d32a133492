import type { places as english } from '../en/places.ts';

export const places = {} as const satisfies Record<keyof typeof english, string>;
