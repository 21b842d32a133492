import type { FastifyInstance } from 'fastify';

export interface RegisteredRoute {
  method: string;
  /** The route's pattern, e.g. `/api/v1/articles/:id`. */
  path: string;
}

/** Every route the app registers (HEAD left out: Fastify adds one to each GET), read from Fastify's own route tree. */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  const pathAtDepth: string[] = [];
  const routes: RegisteredRoute[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^(.*?)[├└]── (\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    // Each level of the tree is indented by four characters; a node's path continues its parent's.
    const depth = match[1]!.length / 4;
    const path = (depth === 0 ? '' : pathAtDepth[depth - 1]!) + match[2]!;
    pathAtDepth[depth] = path;
    for (const method of match[3]?.split(', ') ?? []) if (method !== 'HEAD') routes.push({ method, path });
  }
  return routes;
}

/** A concrete address for a route pattern: each parameter gets a value of the shape it expects. */
export function sampleUrl(pattern: string, values: Record<string, string> = {}): string {
  return pattern.replace(/:(\w+)/g, (_all, name: string) => values[name] ?? (/id$|number$/i.test(name) ? '1' : name === 'token' ? 'A'.repeat(43) : 'x'));
}
