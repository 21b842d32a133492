import type { Db } from '../schema.ts';
import { getSetting, setSetting } from '../site/store.ts';
import { updateSiteSettings } from '../site/commands.ts';
import { getExpertBySlug } from '../experts/store.ts';
import { createExpert } from '../experts/commands.ts';
import { getTagBySlug } from '../tags/store.ts';
import { createTag } from '../tags/commands.ts';
import { countArticles, findArticleId } from '../articles/store.ts';
import { systemActor } from '../core/actor.ts';
import type { CommandContext } from '../audit/command.ts';
import { uploadImage } from '../media/commands.ts';
import { createArticle } from '../articles/commands.ts';
import { updatePortal } from '../portals/commands.ts';
import { lockKeys, withAdvisoryLock } from '../db/lock.ts';
import { announceContentChange } from '../db/notify.ts';
import { demoArticles, demoExperts, demoGlossary, demoPortals, demoSite, demoTags } from './content.ts';
import { listGlossaryTerms } from '../glossary/store.ts';
import { createTerm } from '../glossary/commands.ts';
import { demoPolls, type DemoPoll } from './polls.ts';
import { castVote, findPollIdByQuestion } from '../polls/store.ts';
import { createPoll, updatePoll } from '../polls/commands.ts';
import { loadRussianEdition, russianDemoSteps } from './load-ru.ts';

export interface Progress {
  tick(): void;
  stop(): void;
}

/** Who the audit log and the revisions name for everything the demo makes. */
export const demoActor = systemActor('demo content');

export const demoSteps = () => demoExperts.length + demoArticles.length + russianDemoSteps() + 1;

/** The settings key that records a demo load: 'loading' from its first write, 'loaded' once it is complete. */
export const demoStateKey = 'demo.state';

/**
 * Whether the demo content should be (or go on being) loaded: into a site without articles, where there is
 * nothing to lose, or into one where a demo load began and did not finish.
 */
export async function demoContentWanted(handle: Db): Promise<boolean> {
  if ((await getSetting(handle, demoStateKey)) === 'loading') return true;
  return (await countArticles(handle)) === 0;
}

/**
 * Loads the demo content if the site wants it, and says whether it did. The check and the load run under
 * an advisory lock, so that of several processes starting together on one PostgreSQL database exactly one
 * loads and the others find its articles; a load that was interrupted is resumed by the next caller.
 * `startProgress` is called only when there is something to load.
 */
export async function loadDemoContentIfWanted(handle: Db, startProgress: (steps: number) => Progress): Promise<boolean> {
  return withAdvisoryLock(handle, lockKeys.demoContent, async () => {
    if (!(await demoContentWanted(handle))) return false;
    await loadDemoContent(handle, startProgress(demoSteps()));
    return true;
  });
}

/**
 * Loads Rostrum's own demo institution: experts with portraits, articles with generated hero images, tags,
 * portals, polls, glossary terms. Everything is made through the capabilities' commands, as `demoActor`, so
 * the demo's content passes the rules anyone's does and leaves the audit trail anyone's would. Every step
 * is idempotent (experts, tags, articles, polls and terms that exist are kept, portals and settings are
 * written as they should be, images are deduplicated by hash), so a load that was interrupted can simply
 * be run again. Callers other than tests go through loadDemoContentIfWanted, which serialises loads.
 */
export async function loadDemoContent(handle: Db, progress: Progress): Promise<void> {
  const { makeHeroImage, makePortrait } = await import('./images.ts');
  // The commands' announcements are left to the one at the end: running servers drop their caches once, not per article.
  const ctx: CommandContext = { handle, contentChanged: () => {} };
  const upload = (file: Buffer, description: { alt: string; credit: string; credit_url: string }) => uploadImage(ctx, demoActor, { file, description });
  await setSetting(handle, demoStateKey, 'loading');
  await updateSiteSettings(ctx, demoActor, { name: demoSite.name, tagline: demoSite.tagline, description: demoSite.description, brand_color: demoSite.brandColor });
  const tagIds = new Map<string, number>();
  for (const t of demoTags) tagIds.set(t.slug, ((await getTagBySlug(handle, t.slug)) ?? (await createTag(ctx, demoActor, { slug: t.slug, name: t.name, kind: t.kind }))).id);
  const expertIds = new Map<string, number>();
  for (const e of demoExperts) {
    let expert = await getExpertBySlug(handle, e.slug);
    if (!expert) {
      const portrait = await upload(await makePortrait(e.portraitSeed, e.name), { alt: `Portrait of ${e.name}`, credit: '', credit_url: '' });
      expert = await createExpert(ctx, demoActor, { slug: e.slug, name: e.name, title: e.position, affiliation: e.affiliation, bio: e.bio, photo: portrait.id });
    }
    expertIds.set(e.slug, expert.id);
    progress.tick();
  }
  const articleIds = new Map<string, number>();
  for (const a of demoArticles) {
    const expertId = expertIds.get(a.expert)!;
    let articleId = await findArticleId(handle, expertId, a.slug);
    if (articleId === undefined) {
      const image = await upload(await makeHeroImage(a.image.seed, a.title), { alt: a.image.alt, credit: a.image.credit, credit_url: a.image.creditUrl ?? '' });
      const { article } = await createArticle(ctx, demoActor, {
        changes: {
          expertId,
          ...(a.coauthors && { coauthorIds: a.coauthors.map((slug) => expertIds.get(slug)!) }),
          slug: a.slug,
          title: a.title,
          lead: a.lead,
          bodyMarkdown: a.body,
          heroMediaId: image.id,
          publishedAt: new Date(a.publishedAt).toISOString(),
          featured: a.featured,
          tagIds: a.tags.map((t) => tagIds.get(t)!),
        },
        status: 'published',
      });
      articleId = article.id;
    }
    articleIds.set(`${a.expert}/${a.slug}`, articleId);
    progress.tick();
  }
  for (const p of demoPortals) {
    await updatePortal(ctx, demoActor, p.slug, { title: p.title, intro: p.intro, articles: p.featured.flatMap((key) => articleIds.get(key) ?? []) });
  }
  for (const poll of demoPolls) await loadDemoPoll(ctx, poll);
  const glossary = new Set((await listGlossaryTerms(handle)).filter((g) => g.language === 'en').map((g) => g.termKey));
  for (const g of demoGlossary) if (!glossary.has(g.term.toLowerCase())) await createTerm(ctx, demoActor, g);
  await loadRussianEdition(ctx, demoActor, { articleIds, loadPoll: (poll) => loadDemoPoll(ctx, poll) }, progress);
  await setSetting(handle, demoStateKey, 'loaded');
  progress.tick();
  progress.stop();
  // Servers already running on this database drop their cached pages.
  await announceContentChange(handle);
}

/**
 * The demo poll's ballots as they might have come in: the options mixed, most votes in the first days
 * and fewer later (the k-th of n arrives at fraction (k/n)² of the poll's run), so that the chart of
 * votes over time looks like a real poll's.
 */
function demoBallots(demo: DemoPoll, now: number): Array<{ option: number; castAt: string }> {
  const options = demo.votes.flatMap((count, option) => Array.from({ length: count }, () => option));
  // A fixed shuffle (multiplying by a prime coprime to the length), so every demo load is the same.
  const order = options.map((_, i) => options[(i * 7919) % options.length]!);
  const start = Date.parse(demo.opensAt);
  const end = Math.min(now, demo.closesAt ? Date.parse(demo.closesAt) : now);
  return order.map((option, k) => ({ option, castAt: new Date(start + (end - start) * (k / order.length) ** 2).toISOString() }));
}

/**
 * A demo poll with its votes; a conducted poll gets its closing date after the votes are in. The votes go
 * straight into the ballot store: castVote (polls/commands.ts) is a reader's vote, asked of the network's
 * rate limit and cast now, while the demo's made-up readers voted over the poll's past weeks.
 */
async function loadDemoPoll(ctx: CommandContext, demo: DemoPoll & { language?: string }): Promise<number> {
  const existing = await findPollIdByQuestion(ctx.handle, demo.question);
  if (existing !== undefined) return existing;
  const poll = await createPoll(ctx, demoActor, {
    question: demo.question,
    options: demo.options,
    maxChoices: 1,
    status: 'open',
    opensAt: demo.opensAt,
    current: demo.current,
    language: demo.language,
  });
  const ballots = demoBallots(demo, Date.now());
  for (const [reader, ballot] of ballots.entries()) {
    await castVote(ctx.handle, poll.id, `demo-reader-${poll.id}-${reader}`, [poll.options[ballot.option]!.id], ballot.castAt);
  }
  // Closing keeps a closing time already past: the poll is recorded as closed then.
  if (demo.closesAt) await updatePoll(ctx, demoActor, poll.id, { changes: { closesAt: demo.closesAt }, status: 'closed' });
  return poll.id;
}
