import type { portals as english } from '../en/portals.ts';

export const portals = {} as const satisfies Record<keyof typeof english, string>;
