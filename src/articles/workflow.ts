import { nowIso } from '../db/time.ts';
import type { ArticleStatus } from './tables.ts';

/**
 * The editorial workflow: draft → in review → published, or back to the author with a note; a
 * published article may be taken down again. A step names the statuses it leaves from; who may take
 * it is in policies.ts.
 */
export const workflowSteps = {
  submit: { from: ['draft'], to: 'in_review', audit: 'article.submit' },
  return: { from: ['in_review'], to: 'draft', audit: 'article.return' },
  publish: { from: ['draft', 'in_review'], to: 'published', audit: 'article.publish' },
  unpublish: { from: ['published'], to: 'draft', audit: 'article.unpublish' },
} as const satisfies Record<string, { from: readonly ArticleStatus[]; to: ArticleStatus; audit: string }>;

export type WorkflowStep = keyof typeof workflowSteps;

/** Whether the step may be taken from an article in this status. */
export function stepAllowedFrom(step: WorkflowStep, status: ArticleStatus): boolean {
  return (workflowSteps[step].from as readonly ArticleStatus[]).includes(status);
}

/**
 * The step that moves an article from one status to another: null when the status stays, undefined
 * when no single step does it (published straight back to review, say).
 */
export function stepBetween(from: ArticleStatus, to: ArticleStatus): WorkflowStep | null | undefined {
  if (from === to) return null;
  return (Object.keys(workflowSteps) as WorkflowStep[]).find((step) => workflowSteps[step].to === to && stepAllowedFrom(step, from));
}

/** The columns a step sets besides the status: review bookkeeping, and the publication time on publishing. */
export function stepColumns(step: WorkflowStep, options: { note?: string; now?: string } = {}) {
  const now = options.now ?? nowIso();
  switch (step) {
    case 'submit':
      return { status: 'in_review' as const, submittedAt: now, reviewNote: null, returnedAt: null };
    case 'return':
      return { status: 'draft' as const, reviewNote: options.note ?? '', returnedAt: now };
    case 'publish':
      return { status: 'published' as const, reviewNote: null, returnedAt: null };
    case 'unpublish':
      return { status: 'draft' as const };
  }
}

/** How the office names an article's state: the status, with the review note and the clock taken into account. */
export type ShownStatus = 'draft' | 'returned' | 'in_review' | 'scheduled' | 'published';

export const shownStatusLabels: Record<ShownStatus, string> = {
  draft: 'Draft',
  returned: 'Returned',
  in_review: 'In review',
  scheduled: 'Scheduled',
  published: 'Published',
};

export function shownStatus(article: { status: ArticleStatus; reviewNote?: string | null; publishedAt: string | null }, now = nowIso()): ShownStatus {
  if (article.status === 'draft') return article.reviewNote ? 'returned' : 'draft';
  if (article.status === 'in_review') return 'in_review';
  return article.publishedAt !== null && article.publishedAt > now ? 'scheduled' : 'published';
}

/** Whether readers can see the article now. */
export const isPublic = (article: { status: ArticleStatus; publishedAt: string | null }, now = nowIso()) =>
  article.status === 'published' && article.publishedAt !== null && article.publishedAt <= now;
