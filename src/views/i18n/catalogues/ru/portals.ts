import type { portals as english } from '../en/portals.ts';

export const portals = {
  'portal.selected': 'Подборка для вас',
  'portal.latest': 'Свежая аналитика',
} as const satisfies Record<keyof typeof english, string>;
