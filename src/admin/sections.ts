import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { dashboardOffice } from './dashboard.tsx';
import { articleOffice } from '../articles/admin.tsx';
import { pollOffice } from '../polls/admin.tsx';
import { portalOffice } from '../portals/admin.tsx';
import { tagOffice } from '../tags/admin.tsx';
import { glossaryOffice } from '../glossary/admin.tsx';
import { expertOffice } from '../experts/admin.tsx';
import { peopleOffice } from '../users/admin.tsx';
import { tokenOffice } from '../users/tokens-admin.tsx';
import { settingsOffice } from '../site/admin.tsx';
import { auditOffice } from '../audit/admin.tsx';

/** Each capability's screens in the office; all of them run behind the sign-in guard and CSRF check. */
export const officeSections: Array<(app: FastifyInstance, ctx: AppContext) => Promise<void>> = [
  dashboardOffice,
  articleOffice,
  pollOffice,
  portalOffice,
  tagOffice,
  glossaryOffice,
  expertOffice,
  peopleOffice,
  tokenOffice,
  settingsOffice,
  auditOffice,
];
