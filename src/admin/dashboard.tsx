import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { noticeFrom, officeActor } from './guard.ts';
import { OfficePage, sendOfficePage } from './layout.tsx';

const notices = { welcome: 'Welcome to the editorial office.', password_set: 'Your new password is set.' };

/** The office's front page. */
export async function dashboardOffice(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/admin', async (request, reply) => {
    const actor = officeActor(request);
    return sendOfficePage(
      reply,
      <OfficePage site={await ctx.siteView()} actor={actor} title="Dashboard" section="dashboard" notice={noticeFrom(request, notices)}>
        <h1>Dashboard</h1>
      </OfficePage>,
    );
  });
}
