/** The roles a person in the office has: administrators run the site, editors all content, authors their own blog's drafts. */
export const roles = ['admin', 'editor', 'author'] as const;
export type Role = (typeof roles)[number];

/** A signed-in person, from a browser session or an API token. */
export interface UserActor {
  kind?: 'user';
  userId: number;
  email: string;
  name: string;
  role: Role;
  expertId: number | null;
  /** Present when a browser session (not a bearer token) authenticates the request. */
  session?: {
    id: number;
    /** The token the session's pages carry, made with the secret that signs now. */
    csrfToken: string;
    /** Every token the session's requests may carry (one per signing secret); just csrfToken when absent. */
    acceptedCsrfTokens?: readonly string[];
    expiresAt: string;
  };
}

/**
 * Whoever runs `rostrum` on the server's own machine: trusted as an administrator (they hold the
 * database already), and named in the audit log by the command they ran.
 */
export interface SystemActor {
  kind: 'system';
  /** What the audit log shows as the actor, e.g. "command line: rostrum poll create". */
  label: string;
  userId: null;
  role: 'admin';
  expertId: null;
}

/** Who takes an action: every command is given one. */
export type Actor = UserActor | SystemActor;

export function systemActor(label: string): SystemActor {
  return { kind: 'system', label, userId: null, role: 'admin', expertId: null };
}

/** The command line as an actor: `rostrum poll create` becomes "command line: rostrum poll create". */
export const commandLineActor = (command: string) => systemActor(`command line: rostrum ${command}`);

/** How the audit log names the actor. */
export const actorLabel = (actor: Actor): string => (actor.kind === 'system' ? actor.label : actor.email);

/** Editors and administrators handle all content; policies build on this. */
export const isEditorial = (actor: Actor) => actor.role === 'editor' || actor.role === 'admin';
export const isAdmin = (actor: Actor) => actor.role === 'admin';
