import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { notFound } from '../core/refusals.ts';

/**
 * Answers a read that no built-in route took, when it can: a standalone page at that path, or a redirect
 * from it. Resolves true when it has sent the response.
 */
export type FallbackResponder = (request: FastifyRequest, reply: FastifyReply, ctx: AppContext) => Promise<boolean>;

/**
 * Reads of addresses no other route claims, asked of each responder in turn before the not-found page:
 * the router tries every static and parametric route first, so a responder never shadows a built-in page.
 */
export async function fallbackRoutes(app: FastifyInstance, ctx: AppContext, responders: FallbackResponder[]) {
  app.get('/*', async (request, reply) => {
    for (const respond of responders) if (await respond(request, reply, ctx)) return reply;
    throw notFound('We could not find the page you asked for. It may have moved, or the address may be mistyped.');
  });
}
