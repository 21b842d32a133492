import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestContext, type AppContext } from '../context.ts';
import type { UserActor } from '../core/actor.ts';
import { requirePermission } from '../core/policy.ts';
import type { Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import { noticeFrom, officeActor, redirectAfterPost, refuseCrossSite } from '../office/guard.ts';
import { sendOfficePage } from '../office/layout.tsx';
import { chooseEmailNotices, noticesSeen, turnOffNoticesByLink } from './commands.ts';
import { noticePermissions } from './policies.ts';
import { getNoticeSettings, listNoticesOf } from './store.ts';
import { userOfUnsubscribeToken } from './unsubscribe.ts';
import { NoticeSettingsPage, NoticesPanel, UnsubscribePage, type ShownNotice } from './views.tsx';

/** How many notices the dashboard lists (the new ones first among them), and the notices page. */
const dashboardLength = 12;
const pageLength = 100;

async function shownNotices(handle: Db, actor: UserActor, limit: number): Promise<ShownNotice[]> {
  requirePermission(noticePermissions, actor, 'read', { userId: actor.userId });
  const [notices, settings] = await Promise.all([listNoticesOf(handle, actor.userId, limit), getNoticeSettings(handle, actor.userId)]);
  return notices.map((notice) => ({ notice, isNew: settings.seenUntil === null || notice.visibleAt > settings.seenUntil }));
}

/**
 * The dashboard's panel of what changed for the person, and the visit recorded: what it shows now is
 * not new next time. Rendering first, recording after, so this visit still marks what is new to it.
 */
export async function dashboardNotices(ctx: AppContext, actor: UserActor): Promise<preact.VNode> {
  const seenAt = nowIso();
  const items = await shownNotices(ctx.handle, actor, dashboardLength);
  await noticesSeen(ctx, actor, seenAt);
  return <NoticesPanel items={items} />;
}

const choiceForm = z.object({ email_notices: z.literal('1').optional() });

/** The person's notices page in the office (/admin/account/notices), inside the office's guard. */
export async function noticeOffice(app: FastifyInstance, ctx: AppContext): Promise<void> {
  async function renderSettings(request: FastifyRequest, reply: FastifyReply, status = 200) {
    const actor = officeActor(request);
    const [items, settings] = await Promise.all([shownNotices(ctx.handle, actor, pageLength), getNoticeSettings(ctx.handle, actor.userId)]);
    const notice = status === 200 ? noticeFrom(request, { on: 'E-mail notices are on.', off: 'E-mail notices are off.' }) : 'Choose on or off with the box, then save.';
    return sendOfficePage(reply, <NoticeSettingsPage site={await ctx.siteView()} actor={actor} emailOn={settings.emailOn} mailServer={ctx.mailer.enabled} items={items} notice={notice} />, status);
  }

  app.get('/admin/account/notices', async (request, reply) => renderSettings(request, reply));

  app.post('/admin/account/notices', async (request, reply) => {
    const form = choiceForm.safeParse(request.body ?? {});
    // An unchecked box is absent from the form; anything but "1" is no choice we offered.
    if (!form.success) return renderSettings(request, reply, 422);
    const on = form.data.email_notices === '1';
    await chooseEmailNotices(requestContext(ctx, request), officeActor(request), on);
    return redirectAfterPost(reply, '/admin/account/notices', on ? 'on' : 'off');
  });
}

/** The unsubscribe link of every notice mail: open, since it must work without signing in; the token is the permission. */
export async function noticeRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const noStore = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
  app.get('/notices/off/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const known = (await userOfUnsubscribeToken(ctx.handle, token)) !== undefined;
    reply.headers(noStore);
    return sendOfficePage(reply, <UnsubscribePage site={await ctx.siteView()} state={known ? 'ask' : 'unknown'} />, known ? 200 : 404);
  });
  app.post('/notices/off/:token', async (request, reply) => {
    refuseCrossSite(request, ctx.config.publicUrl);
    const { token } = request.params as { token: string };
    const done = await turnOffNoticesByLink(requestContext(ctx, request), token);
    reply.headers(noStore);
    return sendOfficePage(reply, <UnsubscribePage site={await ctx.siteView()} state={done ? 'done' : 'unknown'} />, done ? 200 : 404);
  });
}
