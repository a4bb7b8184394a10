// Error catalogues: every error has a stable code, an HTTP status and a message template. The engine
// and each simulator define their own section with `defineErrors`; a simulator hands its section to
// the engine through its contract (`Simulator.errors`), and each sandbox builds its own catalogue from
// the engine's section and those of the simulators it serves (served at /__admin/errors, used to
// build injected faults). How an error is *rendered* is the simulator's business: each fakes its own
// system's error body.

export interface ErrorSpec {
  status: number;
  /** Message template; `{name}` is replaced by details[name]. */
  message: string;
  /** The faked system's own code for this error (e.g. an FES response code, an ECS result code). */
  systemCode?: string;
  /** What the user can do about it; shown in the docs and in the error body where the format allows. */
  hint?: string;
}

export interface Problem {
  /** JSON pointer into the request part named by `in`. */
  pointer: string;
  in: 'body' | 'query' | 'header' | 'path';
  message: string;
  expected?: string;
  received?: unknown;
}

export class PoligonError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly systemCode?: string,
    readonly details: Record<string, unknown> = {},
    readonly problems: Problem[] = [],
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'PoligonError';
  }
}

export type ErrorFactory = ((details?: Record<string, unknown>, problems?: Problem[]) => PoligonError) & {
  code: string;
  spec: ErrorSpec;
};

function interpolate(template: string, details: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) =>
    details[key] === undefined ? `{${key}}` : String(details[key]),
  );
}

export function defineErrors<K extends string>(prefix: string, specs: Record<K, ErrorSpec>): Record<K, ErrorFactory> {
  const out = {} as Record<K, ErrorFactory>;
  for (const key of Object.keys(specs) as K[]) {
    const spec = specs[key];
    const code = `${prefix}_${key}`;
    const factory = ((details: Record<string, unknown> = {}, problems: Problem[] = []) =>
      new PoligonError(code, spec.status, interpolate(spec.message, details), spec.systemCode, details, problems, spec.hint && interpolate(spec.hint, details))) as ErrorFactory;
    factory.code = code;
    factory.spec = spec;
    out[key] = factory;
  }
  return out;
}

/** The section a catalogue entry came from: the engine's, or a simulator's (by name). */
export const ENGINE_SECTION = 'engine';

export interface CatalogueEntry extends ErrorSpec {
  code: string;
  /** `engine`, or the name of the simulator whose section defines it. */
  section: string;
}

/** One sandbox's errors: the engine's and those of the simulators it serves. */
export class ErrorCatalogue {
  private readonly entries = new Map<string, CatalogueEntry>();

  constructor(sections: ReadonlyArray<{ section: string; errors: ReadonlyArray<Record<string, ErrorFactory>> }>) {
    for (const { section, errors } of sections) {
      for (const group of errors) {
        for (const factory of Object.values(group)) this.entries.set(factory.code, { code: factory.code, section, ...factory.spec });
      }
    }
  }

  list(): CatalogueEntry[] {
    return [...this.entries.values()].sort((a, b) => a.code.localeCompare(b.code));
  }

  get(code: string): CatalogueEntry | undefined {
    return this.entries.get(code);
  }

  /** The error `code` names, with its own status, message and the faked system's code. */
  create(code: string, details: Record<string, unknown> = {}, status?: number): PoligonError {
    const entry = this.entries.get(code);
    if (!entry) throw new Error(`error code "${code}" is not in this sandbox's catalogue`);
    return new PoligonError(code, status ?? entry.status, interpolate(entry.message, details), entry.systemCode, details, [], entry.hint && interpolate(entry.hint, details));
  }
}

/** Errors raised by the engine itself, before a simulator's handler runs. Simulators render them too. */
export const EngineErrors = defineErrors('POLIGON', {
  VALIDATION: { status: 400, message: 'The request does not match its schema: {summary}', hint: 'See `errors` for the JSON pointer, what was expected and what was received.' },
  MALFORMED_BODY: { status: 400, message: 'The request body is not valid {format}: {reason}' },
  BODY_TOO_COMPLEX: { status: 400, message: 'The request body is refused unread: {reason}' },
  BODY_TOO_LARGE: { status: 413, message: 'The request body is larger than the {limit} bytes allowed' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Content-Type {received} is not accepted here; send {expected}' },
  NOT_FOUND: { status: 404, message: 'No operation {method} {path} in {simulator}', hint: 'GET / lists the simulators and their OpenAPI documents, which list every operation.' },
  METHOD_NOT_ALLOWED: { status: 405, message: '{path} in {simulator} does not answer {method}; it answers {allowed}' },
  FAULT_INJECTED: { status: 503, message: 'Fault injected by the sandbox for operation {operation}' },
  BAD_NAMESPACE: { status: 400, message: 'Namespace "{namespace}" is not valid: use 1–64 letters, digits, "-" or "_"' },
  ADMIN_TOKEN_REQUIRED: { status: 401, message: 'The admin API of namespace "{namespace}" needs its token: send Authorization: Bearer <token>', hint: 'The admin token is set with --admin-token (POLIGON_ADMIN_TOKEN); a namespace token with PUT /ns/<name>/__admin/token.' },
  CROSS_SITE_REFUSED: { status: 403, message: 'A state-changing request from a web page of {origin} is refused', hint: 'Pages of other sites may not drive the sandbox; allow an origin with --allowed-origins.' },
  TOO_MANY_NAMESPACES: { status: 503, message: 'The sandbox holds its maximum of {max} namespaces and none has been idle for {idle} s', hint: 'Delete namespaces you no longer need (DELETE /ns/<name>/__admin/namespace), or raise maxNamespaces.' },
  BUSY: { status: 503, message: 'The sandbox is busy: {reason}' },
  BAD_SNAPSHOT: { status: 400, message: 'The snapshot cannot be imported: {reason}' },
  BAD_ADMIN_REQUEST: { status: 400, message: '{reason}' },
  INTERNAL: { status: 500, message: 'The sandbox failed while handling {operation}: {reason}', hint: 'This is a Poligon bug; the journal holds the request.' },
});

export function isPoligonError(e: unknown): e is PoligonError {
  return e instanceof PoligonError;
}

/** The admin API's error format, also used for what no simulator owns (unknown paths, bad namespaces). */
export function renderAdminError(e: PoligonError): { status: number; body: unknown } {
  return {
    status: e.status,
    body: { error: { code: e.code, message: e.message, ...(e.problems.length ? { problems: e.problems } : {}), ...(e.hint ? { hint: e.hint } : {}) } },
  };
}
