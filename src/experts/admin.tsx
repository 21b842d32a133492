import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';

/** Office screens: to be built. */
export async function expertOffice(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
