// The guard in front of the dispatcher: whatever routes a request afterwards, it is let through here
// first. Two rules:
// - The admin API (/__admin, /ns/<name>/__admin) needs `Authorization: Bearer <token>` when the
//   sandbox has an admin token, or when the namespace has its own token (that token or the admin
//   one). The health check stays open (it is the readiness probe).
// - A state-changing request (any method but GET, HEAD, OPTIONS) from a web page of another site is
//   refused on every plane: browsers send `Origin` (and `Sec-Fetch-Site`) with such requests, and a
//   page may post a form cross-site without a preflight. Clients that are not browsers send neither.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** What the guard reads of a request: its method and headers (a node:http request or the core's request value). */
type Guarded = { method?: string; headers: IncomingHttpHeaders };
import { EngineErrors, type PoligonError } from './errors.js';

export interface GuardOptions {
  /** Required on the admin API when set. */
  adminToken?: string;
  /** Origins (scheme://host[:port]) whose pages may change state, besides the sandbox's own. */
  allowedOrigins: readonly string[];
  /** The namespace's own token, if it has one. */
  namespaceToken(namespace: string): string | undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function bearerToken(req: Guarded): string | undefined {
  const header = req.headers.authorization;
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return m ? m[1] : undefined;
}

export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether the request comes from a page of another site (and that site is not allowed). */
function crossSite(req: Guarded, allowed: readonly string[]): string | undefined {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== '') {
    if (allowed.includes(origin)) return undefined;
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return origin;
    }
    return host === req.headers.host ? undefined : origin;
  }
  // a browser that sends no Origin still says where the request comes from
  return req.headers['sec-fetch-site'] === 'cross-site' ? 'another site' : undefined;
}

export interface AdminTarget {
  /** The namespace the admin request is for. */
  namespace: string;
  /** Path below /__admin, e.g. /reset. */
  path: string;
}

/**
 * The refusal for this request, or undefined to let it through. `admin` is set for admin API
 * requests (their namespace and path).
 */
export function guardRequest(req: Guarded, admin: AdminTarget | undefined, opts: GuardOptions): PoligonError | undefined {
  if (!SAFE_METHODS.has((req.method ?? 'GET').toUpperCase())) {
    const site = crossSite(req, opts.allowedOrigins);
    if (site !== undefined) return EngineErrors.CROSS_SITE_REFUSED({ origin: site });
  }
  if (!admin || admin.path === '/health') return undefined;
  const given = bearerToken(req);
  if (opts.adminToken !== undefined && sameSecret(given, opts.adminToken)) return undefined;
  const own = opts.namespaceToken(admin.namespace);
  if (own !== undefined && sameSecret(given, own)) return undefined;
  if (opts.adminToken === undefined && own === undefined) return undefined;
  return EngineErrors.ADMIN_TOKEN_REQUIRED({ namespace: admin.namespace });
}

/** Whether `host` is a loopback address (a sandbox bound there is reachable from this machine only). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
