import type { FastifyRequest } from 'fastify';
import { unauthorized } from './errors.ts';

export const roles = ['admin', 'editor', 'author'] as const;
export type Role = (typeof roles)[number];

/** Who is making a request, as far as access control cares. */
export interface Actor {
  userId: number;
  email: string;
  role: Role;
  expertId: number | null;
}

export type TokenResolver = (token: string) => Promise<Actor | undefined>;

/** Reads `Authorization: Bearer <token>`; every API route that changes anything calls this first. */
export async function requireActor(request: FastifyRequest, resolve: TokenResolver): Promise<Actor> {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthorized();
  const actor = await resolve(match[1]!);
  if (!actor) throw unauthorized('The bearer token is not valid');
  return actor;
}

/** Editors and administrators handle all content; policies build on this. */
export const isEditorial = (actor: Actor) => actor.role === 'editor' || actor.role === 'admin';
export const isAdmin = (actor: Actor) => actor.role === 'admin';
