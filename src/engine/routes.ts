// Finds the operation a request names: one Map lookup for a static path, a walk over the few
// parametric paths of that method otherwise. Matching follows express's defaults (case-insensitive,
// a trailing slash allowed) so that moving off express's router changed no client's routing.
import type { HttpMethod } from './simulator.js';

/** What the table routes by: a simulator's operation, or an admin operation. */
type Routed = { method: HttpMethod; path: string };

interface ParametricRoute<O> {
  op: O;
  /** Each segment: a lower-cased literal, or the name of a path parameter. */
  segments: Array<{ literal: string } | { param: string }>;
}

export interface RouteMatch<O> {
  op: O;
  params: Record<string, string>;
}

/** Thrown for a path parameter that is not valid percent-encoding. */
export class BadPathEncoding extends Error {}

function segmentsOf(path: string): string[] {
  const parts = path.split('/').slice(1);
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new BadPathEncoding(`path segment "${value}" is not valid percent-encoding`);
  }
}

export class OperationTable<O extends Routed> {
  private readonly literal = new Map<string, O>();
  private readonly parametric = new Map<string, Array<ParametricRoute<O>>>();

  constructor(operations: ReadonlyArray<O>) {
    for (const op of operations) {
      const segments = segmentsOf(op.path);
      if (!segments.some((s) => s.startsWith(':'))) {
        this.literal.set(`${op.method} /${segments.join('/').toLowerCase()}`, op);
        continue;
      }
      const routes = this.parametric.get(op.method) ?? [];
      routes.push({ op, segments: segments.map((s) => (s.startsWith(':') ? { param: s.slice(1) } : { literal: s.toLowerCase() })) });
      this.parametric.set(op.method, routes);
    }
  }

  /**
   * The methods some operation answers at `path` (upper case, HEAD with GET), for the `Allow` header of
   * a 405: empty when no operation has this path at all.
   */
  allowedMethods(path: string): string[] {
    const allowed = new Set<string>();
    for (const verb of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      let found: RouteMatch<O> | undefined;
      try {
        found = this.match(verb, path);
      } catch {
        // a bad parameter encoding still names the path
        found = { op: undefined as never, params: {} };
      }
      if (found) {
        allowed.add(verb.toUpperCase());
        if (verb === 'get') allowed.add('HEAD');
      }
    }
    return [...allowed];
  }

  /** `path` is below the simulator's mount point, as sent (undecoded). HEAD is answered by GET operations. */
  match(method: string, path: string): RouteMatch<O> | undefined {
    const verb = (method === 'HEAD' ? 'get' : method.toLowerCase()) as HttpMethod;
    const lowerPath = path.toLowerCase();
    const op = this.literal.get(`${verb} ${lowerPath.length > 1 && lowerPath.endsWith('/') ? lowerPath.slice(0, -1) : lowerPath}`);
    if (op) return { op, params: {} };
    const routes = this.parametric.get(verb);
    if (!routes) return undefined;
    const segments = segmentsOf(path);
    const lower = segmentsOf(lowerPath);
    for (const route of routes) {
      if (route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const fits = route.segments.every((s, i) => {
        if ('literal' in s) return s.literal === lower[i];
        if (segments[i] === '') return false;
        params[s.param] = segments[i]!;
        return true;
      });
      if (fits) {
        for (const name of Object.keys(params)) params[name] = decodeParam(params[name]!);
        return { op: route.op, params };
      }
    }
    return undefined;
  }
}
