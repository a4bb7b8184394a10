// Every call the UI makes: the public simulator APIs and the admin API of the chosen namespace
// (/ns/<name>/…, or the root for the default one), with the admin token when one is given. No other
// way into the sandbox exists for the UI.
export const DEFAULT_NAMESPACE = 'default';

export function rootOf(namespace: string): string {
  return namespace === DEFAULT_NAMESPACE ? '' : `/ns/${encodeURIComponent(namespace)}`;
}

/** A refusal as the faked system words it (each has its own error body), with the body kept for details. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string | undefined, message: string, readonly body: unknown, readonly systemCode?: string) {
    super(message);
  }
}

function refusalOf(status: number, body: any, text: string): ApiError {
  const e = body?.error;
  if (e && typeof e === 'object') return new ApiError(status, e.code, e.message ?? text, body); // admin API, GIS ES
  if (typeof body?.responseMessage === 'string') return new ApiError(status, body.code, body.responseMessage, body, body.responseCode); // LK FES
  if (body?.result && typeof body.result === 'object') return new ApiError(status, body.code, body.result.description ?? text, body, String(body.result.code)); // FES
  if (typeof body?.message === 'string') return new ApiError(status, body.errorCode ?? body.code, body.message, body); // ECS
  if (typeof body?.error_description === 'string') return new ApiError(status, body.error, body.error_description, body); // OAuth
  return new ApiError(status, undefined, text.slice(0, 300) || `HTTP ${status}`, body);
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  /** Bearer token: the admin token on /__admin, an LK FES session on /fes/lk. */
  bearer?: string;
  /** Ends the call (a long poll whose view is gone would hold one of the browser's few connections to the sandbox). */
  signal?: AbortSignal;
}

export async function call<T = any>(url: string, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  const res = await fetch(url, { method: options.method ?? 'GET', headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), signal: options.signal });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) throw refusalOf(res.status, body, text);
  return body as T;
}

/** The APIs of one namespace. */
export class Api {
  constructor(readonly namespace: string, readonly adminToken: string | undefined) {}

  get root(): string {
    return rootOf(this.namespace);
  }

  admin<T = any>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    return call<T>(`${this.root}/__admin${path}`, { method, body, bearer: this.adminToken, signal });
  }

  /** A simulator's API: `sim('gis', 'GET', '/api/v1/merchants')`. */
  sim<T = any>(simulator: string, method: string, path: string, body?: unknown, bearer?: string): Promise<T> {
    return call<T>(`${this.root}/${simulator}${path}`, { method, body, bearer });
  }
}
