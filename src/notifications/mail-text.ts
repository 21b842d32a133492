import type { Mail } from '../mail/mailer.ts';
import type { NoticeKind } from './tables.ts';

/**
 * A header-safe line: control characters (CR and LF above all, which would start new headers), the
 * Unicode line and paragraph separators and runs of spaces become one space, and it is cut short.
 */
export function headerLine(text: string, max = 160): string {
  const flat = text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

/** Text kept as plain text in the body: no control characters but the line breaks. */
const bodyText = (text: string) => text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');

export interface NoticeMailFacts {
  to: string;
  kind: NoticeKind;
  articleTitle: string;
  actorName: string;
  note: string;
  siteName: string;
  /** The article in the office; absent once it is deleted. */
  officeUrl?: string;
  /** The page readers see, for what is published. */
  publicUrl?: string;
  /** The scheduled moment, in the site's words. */
  when?: string;
  unsubscribeUrl: string;
  preferencesUrl: string;
}

const subjects: Record<NoticeKind, string> = {
  submitted: 'For review',
  returned: 'Returned to you',
  published: 'Published',
  scheduled: 'Scheduled',
  went_live: 'Now live',
  unpublished: 'Taken off the site',
  edited: 'Changed by an editor',
};

/** The mail of one notice: plain text with the title, what happened, who did it, the note, and the links. */
export function noticeMail(f: NoticeMailFacts): Mail {
  const title = f.articleTitle.trim() || 'Untitled article';
  const who = f.actorName ? bodyText(f.actorName) : 'Someone';
  const quoted = `“${bodyText(title)}”`;
  const lines: Record<NoticeKind, string> = {
    submitted: `${who} submitted ${quoted} for review.`,
    returned: `${who} returned ${quoted} to you with a note:`,
    published: `${who} published ${quoted}.`,
    scheduled: `${who} scheduled ${quoted} to appear ${f.when ?? 'later'}.`,
    went_live: `${quoted} is now on the site.`,
    unpublished: `${who} took ${quoted} off the site. It is a draft again.`,
    edited: `${who} changed the published text of ${quoted}.`,
  };
  const parts = [lines[f.kind]];
  if (f.kind === 'returned')
    parts.push(
      bodyText(f.note)
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n'),
    );
  if (f.publicUrl && (f.kind === 'published' || f.kind === 'went_live' || f.kind === 'edited')) parts.push(`Read it on the site:\n${f.publicUrl}`);
  if (f.officeUrl) parts.push(`Open it in the office:\n${f.officeUrl}`);
  parts.push(
    `--\nYou get these notices from the ${bodyText(f.siteName)} editorial office. ` +
      `To stop them, open this link (no sign-in needed):\n${f.unsubscribeUrl}\nor change it in the office: ${f.preferencesUrl}`,
  );
  return { to: f.to, subject: headerLine(`${subjects[f.kind]}: ${title} — ${f.siteName}`), text: `${parts.join('\n\n')}\n` };
}
