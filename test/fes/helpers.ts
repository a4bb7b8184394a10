// Test helpers for the FES simulator: a client that signs requests with the simulator's own
// clientAuth['fes-mac'] signer (as a cash register would), per namespace, in the public record's shape.
import { createHash, randomUUID } from 'node:crypto';
import { inProcess, type InProcessTest } from '../support/in-process.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { fesSimulator } from '../../simulators/fes/index.js';
import { DEFAULT_NSPK_ADMIN, DEMO } from '../../simulators/fes/protocol.js';
import type { FesState } from '../../simulators/fes/state.js';
import { amountsOf, type BasketAnswer } from '../../src/reference/fes-cash-register.js';

export interface Credentials { apiKey: string; macKey: string; cashRegisterId: string }

export const DEMO_CREDENTIALS: Credentials = { apiKey: DEMO.apiKey, macKey: DEMO.macKey, cashRegisterId: DEMO.cashRegisterId };
export const [CARD_TWO_CERTS, CARD_LOW_CAP, CARD_NO_CERTS, CARD_OWN_FUNDS_DECLINED] = DEMO.cards.map((c) => c.pan) as [string, string, string, string];
export const WHEELCHAIR_KIND = DEMO.cards[0].certificates[0].truKinds[0];
export const HEARING_KIND = DEMO.cards[0].certificates[1].truKinds[0];
export const full = (kind: string) => `${kind}00000000000`;
/** The card as the terminal names it to the cash software: hex SHA-256 of the PAN digits. */
export const panHash = (pan: string) => createHash('sha256').update(pan).digest('hex');

/** FES alone, as a vendor would run it before certification (GIS ES absent). */
export const startFesSandbox = (): Promise<Sandbox> => startSandbox({ simulators: ['fes'], validateResponses: true });

export interface SignOptions {
  credentials?: Credentials;
  /** Sign with this time instead of the namespace's virtual now. */
  at?: number;
  /** Send these body bytes (default: JSON of body). */
  raw?: string;
}

/** The NSPK administrator's default sign-in (public sandbox values, docs/fes.md). */
export const NSPK_ADMIN = DEFAULT_NSPK_ADMIN;

export interface Article { articleNumber: number; articleCode?: string; truCode: string; count: number; price: number; additionalInfo?: Array<{ code: string; value: string }> }

export function article(articleNumber: number, partial: Partial<Article> & { truCode: string }): Article {
  return { articleNumber, articleCode: `ART-${articleNumber}`, count: 1, price: 100_000, ...partial };
}

export class FesClient {
  /** An LK FES session token sent on post/get as "Authorization: Bearer …" (none: no header). */
  session?: string;

  constructor(readonly sb: Sandbox, readonly ns: string, public credentials: Credentials = DEMO_CREDENTIALS) {}

  get base(): string {
    return `${this.sb.url}/ns/${this.ns}/fes`;
  }

  get admin() {
    return this.sb.admin.forNamespace(this.ns);
  }

  async now(): Promise<number> {
    return Date.parse((await this.admin.clock()).now);
  }

  /** The headers the client signer makes for this request. */
  async sign(method: string, path: string, raw: string, opts: SignOptions = {}): Promise<Record<string, string>> {
    const now = opts.at ?? (await this.now());
    const params = { ...(opts.credentials ?? this.credentials) };
    return fesSimulator.clientAuth!['fes-mac']!({ method, path, body: raw, params, now });
  }

  /** A signed POST to the cash-software API, e.g. call('/api/v1/echo', {}); a fresh requestId unless the body names one. */
  async call(path: string, body: unknown, opts: SignOptions = {}) {
    const withId = body && typeof body === 'object' && !('requestId' in body) ? { requestId: randomUUID(), ...body } : body;
    const raw = opts.raw ?? JSON.stringify(withId);
    const headers = await this.sign('POST', path, raw, opts);
    return inProcess(this.sb, this.base).post(path).set(headers).set('content-type', 'application/json').send(raw);
  }

  /** An unsigned request (LK, control, terminal), with the LK session when there is one. */
  post(path: string, body?: unknown) {
    const r = this.withSession(inProcess(this.sb, this.base).post(path));
    return body === undefined ? r : r.send(body as object);
  }

  get(path: string) {
    return this.withSession(inProcess(this.sb, this.base).get(path));
  }

  private withSession(r: InProcessTest): InProcessTest {
    return this.session === undefined ? r : r.set('authorization', `Bearer ${this.session}`);
  }

  /** Signs in to LK FES and keeps the session for the next LK calls; answers the session token. */
  async signIn(email: string, password: string): Promise<string> {
    this.session = undefined;
    const res = await this.post('/lk/v1/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`LK sign-in as ${email} answered ${res.status}: ${JSON.stringify(res.body)}`);
    this.session = res.body.sessionToken as string;
    return this.session;
  }

  /** The demo merchant's administrator (FES alone: the demo world's own e-mail). */
  signInDemo(email: string = DEMO.adminEmail): Promise<string> {
    return this.signIn(email, DEMO.adminPassword);
  }

  signInNspk(): Promise<string> {
    return this.signIn(NSPK_ADMIN.email, NSPK_ADMIN.password);
  }

  async state(): Promise<FesState> {
    return (await this.admin.snapshot()).simulators.fes as FesState;
  }

  /** Business state without the replay cache and the request ids (which every authentic request feeds). */
  async businessState(): Promise<Omit<FesState, 'seenMacs' | 'requests'>> {
    const { seenMacs: _seen, requests: _requests, ...rest } = await this.state();
    return rest;
  }

  preAuth(pan: string, items: Array<Partial<Article> & { truCode: string }>, extra: Record<string, unknown> = {}) {
    return this.call('/api/v1/preauth/purchase', { panHash: panHash(pan), items: items.map((it, i) => article(i + 1, it)), ...extra });
  }

  /** The terminal pays a basket as Pre-Auth answered it: its certificate part and the rest as own funds. */
  pay(basket: BasketAnswer, pan: string) {
    return this.post('/terminal/v1/payments', { basketId: basket.purchaseBasketId, cardNumber: pan, ...amountsOf(basket) });
  }

  refund(basket: BasketAnswer, pan?: string) {
    return this.post('/terminal/v1/refunds', { basketId: basket.returnBasketId, ...(pan ? { cardNumber: pan } : {}), ...amountsOf(basket) });
  }

  setVersion(protocolVersion: 1 | 2, cashRegisterId = this.credentials.cashRegisterId) {
    return this.post(`/control/v1/cash-registers/${cashRegisterId}/protocol-version`, { protocolVersion }).expect(200);
  }
}

export { amountsOf, type BasketAnswer };

export const STANDALONE_PASSWORD = 'Standalone2026';

/** The merchant's administrator sets a password through the mailed link, waits the 30 minutes and signs in. */
export async function becomeAdmin(c: FesClient, merchantId: string, password = STANDALONE_PASSWORD): Promise<string> {
  const mail = await c.get(`/lk/v1/merchants/${merchantId}/admin`).expect(200);
  await c.post('/lk/v1/auth/set-password', { token: mail.body.setPasswordLink.setPasswordToken, password }).expect(200);
  await c.admin.advanceClock('30m');
  return c.signIn(mail.body.email, password);
}

/**
 * A merchant, point and касса made through LK FES (standalone): the NSPK administrator registers the
 * merchant and point (the point active from now), the merchant's administrator (signed in at the end,
 * 30 virtual minutes later) adds the касса.
 */
export async function registerStandalone(c: FesClient, opts: { onlineShop?: boolean; activate?: boolean; email?: string } = {}) {
  await c.signInNspk();
  const email = opts.email ?? `admin-${c.ns}-${Math.random().toString(36).slice(2, 8)}@test.poligon.example`;
  const m = await c.post('/lk/v1/merchants', { inn: '7707083893', ogrn: '1027700132195', name: 'ООО «Тест»', technicalContactEmail: email }).expect(201);
  const merchantId = m.body.merchant.merchantId as string;
  const p = await c.post(`/lk/v1/merchants/${merchantId}/points`, { name: 'Точка', address: 'Москва', onlineShop: opts.onlineShop ?? false }).expect(201);
  const pointId = p.body.pointId as string;
  if (opts.activate ?? true) await c.post(`/lk/v1/merchants/${merchantId}/points/${pointId}/activate`, {}).expect(200);
  await becomeAdmin(c, merchantId);
  const cr = await c.post(`/lk/v1/merchants/${merchantId}/points/${pointId}/cash-registers`, opts.onlineShop ? { vendor: 'ATOL' } : { vendor: 'ATOL', count: 1 }).expect(201);
  const credentials: Credentials = { apiKey: m.body.apiKey, macKey: cr.body.cashRegisters[0].macKey, cashRegisterId: cr.body.cashRegisters[0].cashRegisterId };
  return { merchantId, pointId, email, credentials };
}

/** An echo body as sent byte for byte by tests that sign by hand (a fixed request id: a resend is a safe retry). */
export const ECHO_BODY = '{"requestId":"5f0c7d1e-9a2b-4c3d-8e4f-1a2b3c4d5e6f"}';
