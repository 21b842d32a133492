import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { setOfficeMenu, type OfficeMenuEntry } from '../office/layout.tsx';

/** A section's screens; they run inside the office's signed-in scope, behind the guard and the CSRF check. */
export type OfficeRoutes = (app: FastifyInstance, ctx: AppContext) => Promise<void>;

/** One section of the office as the app registers it: its screens and, when it has one, its menu entry. */
export interface OfficeSectionEntry {
  routes: OfficeRoutes;
  menu?: OfficeMenuEntry;
}

/**
 * The screens adminRoutes puts behind the guard. The office frame imports no capability: app.tsx
 * registers each section (registerOfficeSections), and a test may add a probe of its own.
 */
export const officeSections: OfficeRoutes[] = [];

/**
 * Registers the sections, in menu order. Building the app again in the same process (tests do) adds no
 * screen twice: a section is known by its routes function.
 */
export function registerOfficeSections(sections: OfficeSectionEntry[]): void {
  for (const { routes } of sections) if (!officeSections.includes(routes)) officeSections.push(routes);
  setOfficeMenu(sections.flatMap((s) => (s.menu ? [s.menu] : [])));
}
