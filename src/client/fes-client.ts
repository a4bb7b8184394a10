// Signing FES NSPK requests from user code: the one signer (the FES protocol profile's, simulators/fes/
// profile.ts) behind a plain function and a small client that signs with the namespace's virtual time, so
// a test that moved the clock (advanceClock) still signs inside the replay window and never copies the MAC.
import type { EcsDemoCredentials } from '../../simulators/ecs/demo.js';
import type { FesDemoCredentials } from '../../simulators/fes/demo.js';
import { MODELED_PROFILE, signerFor, type FesProfile } from '../../simulators/fes/profile.js';
import type { ClientSigner } from '../engine/simulator.js';
import type { GisDemoCredentials } from '../../simulators/gis/demo.js';
import type { AdminClient } from './admin-client.js';

export type { EcsDemoCredentials, EcsDemoOrganization } from '../../simulators/ecs/demo.js';
export type { FesDemoCredentials } from '../../simulators/fes/demo.js';
export type { GisDemoCredentials } from '../../simulators/gis/demo.js';

/** The demo world as data, per fake served (absent: not served, or the demo world is off). */
export interface DemoCredentials {
  fes?: FesDemoCredentials;
  gis?: GisDemoCredentials;
  ecs?: EcsDemoCredentials;
}

/** What signs a FES request: the merchant's API KEY, the касса ID and its MAC KEY. */
export interface FesKeys {
  apiKey: string;
  macKey: string;
  cashRegisterId: string;
}

export interface FesRequestToSign extends FesKeys {
  method: string;
  /** The path below the FES base URL, as sent, e.g. /api/v1/echo */
  path: string;
  /** The exact body bytes that will be sent ('' for none). */
  body: string;
  /** The time to sign with: the sandbox's virtual now (GET /__admin/clock), as a Date or ms since epoch. */
  at: Date | number;
  /** The FES profile the sandbox serves (`loadFesProfile(file).profile`); Poligon's modeled one by default. */
  profile?: FesProfile;
}

/**
 * The headers of a signed FES request as the FES profile says (docs/fes.md): with the modeled profile
 * X-FES-Api-Key, X-FES-Cash-Register-Id, X-FES-Timestamp and X-FES-MAC = hex HMAC-SHA256(MAC KEY,
 * METHOD\nPATH\nTIMESTAMP\nhex SHA-256(body)).
 */
export function signFesRequest({ method, path, body, at, apiKey, macKey, cashRegisterId, profile = MODELED_PROFILE.profile }: FesRequestToSign): Record<string, string> {
  return signerFor(profile)({ method, path, body, params: { apiKey, macKey, cashRegisterId }, now: typeof at === 'number' ? at : at.getTime() });
}

/**
 * FES NSPK requests signed with the virtual time of one namespace:
 * `await sandbox.fes.post('/api/v1/echo', { echoData: 'hi' })`, or `await sandbox.fes.sign('POST', path, body)`
 * for the headers alone (to hand to your own HTTP client).
 */
export class FesClient {
  constructor(
    /** The FES base URL of the namespace, e.g. http://localhost:8080/fes */
    readonly baseUrl: string,
    readonly keys: FesKeys,
    private readonly admin: AdminClient,
    /** How the served FES profile signs (the FES simulator's clientAuth['fes-mac']); the modeled profile's by default. */
    private readonly signer: ClientSigner = signerFor(MODELED_PROFILE.profile),
  ) {}

  /** The four FES headers for this request, signed with the namespace's virtual now. */
  async sign(method: string, path: string, body = ''): Promise<Record<string, string>> {
    const now = Date.parse((await this.admin.clock()).now);
    return this.signer({ method, path, body, params: { ...this.keys }, now });
  }

  /** Sends a signed request; a non-string body is sent as JSON. */
  async request(method: string, path: string, body?: unknown): Promise<Response> {
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    const headers = { ...(await this.sign(method, path, text)), ...(text ? { 'content-type': 'application/json' } : {}) };
    return fetch(`${this.baseUrl}${path}`, { method, headers, body: text || undefined });
  }

  post(path: string, body: unknown = {}): Promise<Response> {
    return this.request('POST', path, body);
  }

  get(path: string): Promise<Response> {
    return this.request('GET', path);
  }
}

/** A FES client for the demo касса, or undefined when FES is not served, the demo is off or its keys were regenerated. */
export function demoFesClient(credentials: DemoCredentials, admin: AdminClient, signer?: ClientSigner): FesClient | undefined {
  const fes = credentials.fes;
  if (!fes?.apiKey || !fes.macKey) return undefined;
  // the sandbox's own idea of its URL is wrong behind a port mapping (a container): ask the admin client's
  return new FesClient(admin.url('fes'), { apiKey: fes.apiKey, macKey: fes.macKey, cashRegisterId: fes.cashRegisterId }, admin, signer);
}
