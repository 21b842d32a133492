/**
 * Every action the audit log records, in words: `title` heads a row of the log ("Published article"),
 * `verb` reads in a sentence "Ada Byron published <article>" (the dashboard's recent changes). One
 * table, so the log and the dashboard never disagree; an action missing here shows as recorded.
 */
export const auditActions: Record<string, { title: string; verb: string }> = {
  'article.save': { title: 'Saved article', verb: 'saved' },
  'article.submit': { title: 'Submitted article for review', verb: 'submitted for review' },
  'article.return': { title: 'Returned article to its author', verb: 'returned to its author' },
  'article.publish': { title: 'Published article', verb: 'published' },
  'article.schedule': { title: 'Scheduled article', verb: 'scheduled' },
  'article.unpublish': { title: 'Unpublished article', verb: 'unpublished' },
  'article.restore': { title: 'Restored an article revision', verb: 'restored an earlier revision of' },
  'article.delete': { title: 'Deleted article', verb: 'deleted' },
  'poll.create': { title: 'Created poll', verb: 'created' },
  'poll.update': { title: 'Edited poll', verb: 'edited' },
  'poll.open': { title: 'Opened poll', verb: 'opened' },
  'poll.close': { title: 'Closed poll', verb: 'closed' },
  'poll.current': { title: 'Made poll the current poll', verb: 'made current' },
  'poll.delete': { title: 'Deleted poll', verb: 'deleted' },
  'portal.update': { title: 'Edited portal', verb: 'edited' },
  'tag.create': { title: 'Created tag', verb: 'created' },
  'tag.update': { title: 'Edited tag', verb: 'edited' },
  'tag.delete': { title: 'Deleted tag', verb: 'deleted' },
  'glossary.create': { title: 'Added glossary term', verb: 'added' },
  'glossary.update': { title: 'Edited glossary term', verb: 'edited' },
  'glossary.delete': { title: 'Deleted glossary term', verb: 'deleted' },
  'settings.update': { title: 'Changed site settings', verb: 'changed' },
  'secret.rotate': { title: 'Rotated the signing secret', verb: 'rotated the' },
  'secret.prune': { title: 'Dropped earlier signing secrets', verb: 'dropped the earlier versions of the' },
  'migration.accept_changed': { title: 'Accepted a changed migration', verb: 'accepted the changed' },
  'expert.create': { title: 'Created expert', verb: 'created' },
  'expert.update': { title: 'Edited expert', verb: 'edited' },
  'expert.delete': { title: 'Deleted expert', verb: 'deleted' },
  'token.create': { title: 'Created API token', verb: 'created' },
  'token.revoke': { title: 'Revoked API token', verb: 'revoked' },
  'user.setup': { title: 'Set up the first administrator', verb: 'set up' },
  'user.create': { title: 'Created person', verb: 'created' },
  'user.invite': { title: 'Invited person', verb: 'invited' },
  'user.accept_invitation': { title: 'Accepted invitation', verb: 'accepted the invitation of' },
  'user.update': { title: 'Changed person', verb: 'changed' },
  'user.disable': { title: 'Disabled person', verb: 'disabled' },
  'user.enable': { title: 'Enabled person', verb: 'enabled' },
  'user.reset_link': { title: 'Made password reset link', verb: 'made a password reset link for' },
  'user.reset_requested': { title: 'Asked for password reset', verb: 'asked for a password reset for' },
  'user.reset_password': { title: 'Reset password', verb: 'reset the password of' },
  'user.password_change': { title: 'Changed own password', verb: 'changed the password of' },
  'user.sign_in': { title: 'Signed in', verb: 'signed in as' },
  'user.sign_in_failed': { title: 'Failed to sign in', verb: 'failed to sign in as' },
  'user.sign_in_refused': { title: 'Refused sign-in (too many failures)', verb: 'refused a sign-in as' },
  'user.password_change_refused': { title: 'Refused password change (too many mistakes)', verb: 'was refused a password change for' },
  'user.sign_out': { title: 'Signed out', verb: 'signed out as' },
};

/** The actions recorded about articles: the dashboard's recent changes. */
export const articleActions = Object.keys(auditActions).filter((action) => action.startsWith('article.'));

export const actionInWords = (action: string) => auditActions[action]?.title ?? action;
