// The reference ticket system: a small, complete client of the ECS web service (seed 004, Appendices 2
// and 9) an acceptant organization can read from top to bottom. It gets a client_credentials token and
// renews it before it runs out, checks a holder's benefit, confirms the service, pages the services,
// and retries once when the bank does not answer (the service level of §6.4 allows a few misses).
export interface TicketSystemOptions {
  /** The bank's ECS base URL, e.g. http://localhost:8080/ecs (or …/ns/<namespace>/ecs). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** "ECS.WebAPI OrganizationAPI" for Appendix 2; "ECS.WebAPI" is enough for GetTransactions. */
  scope?: string;
  /** The system's clock in ms (in the sandbox: its virtual clock). */
  now?: () => Promise<number> | number;
}

export interface EcsAnswer {
  status: number;
  body: Record<string, any>;
}

/** Holder identifier: clientCode or card (types 1 and 3), clientSnils (type 2). */
export type HolderId = { clientCode: string } | { clientSnils: string } | { cardNumber: string; cardSeries: string };

/** Renew the token this long before it expires, so that no call goes out with a stale one. */
const RENEW_MARGIN_MS = 60_000;

export class ReferenceTicketSystem {
  private token?: { value: string; expiresAt: number };
  private readonly now: () => Promise<number> | number;

  constructor(private readonly options: TicketSystemOptions) {
    this.now = options.now ?? Date.now;
  }

  /** POST /connect/token (form-encoded client_credentials), cached until shortly before expires_in. */
  async accessToken(): Promise<string> {
    const now = await this.now();
    if (this.token && now < this.token.expiresAt - RENEW_MARGIN_MS) return this.token.value;
    const form = new URLSearchParams({
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
      grant_type: 'client_credentials',
      scope: this.options.scope ?? 'ECS.WebAPI OrganizationAPI',
    });
    const res = await this.retryOnce(() => fetch(`${this.base}/connect/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(),
    }));
    const body = await res.json() as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
    if (!res.ok || !body.access_token) throw new Error(`token refused: ${body.error ?? res.status} ${body.error_description ?? ''}`.trim());
    this.token = { value: body.access_token, expiresAt: now + (body.expires_in ?? 3600) * 1000 };
    return body.access_token;
  }

  /** Forgets the token (e.g. after the bank answered 401): the next call asks for a new one. */
  dropToken(): void {
    this.token = undefined;
  }

  checkClientBenefits(request: { serviceId: number; organizationTerminalId: number; price?: number } & HolderId) {
    return this.call('/api/CheckClientBenefits', request);
  }

  /** Types 1 and 2: record that the service was given, with what CheckClientBenefits answered. */
  confirmTransaction(request: { clientId: number; benefitCategoryId: number; transactionId: number; price?: number; discountedPrice?: number }) {
    return this.call('/api/ConfirmTransaction', request);
  }

  getOrganizationServices(pageIndex = 0, pageSize = 10) {
    return this.call('/api/GetOrganizationServices', { pageIndex, pageSize });
  }

  getTransactions(request: { dateFrom: string; dateTo: string; pageIndex?: number; pageSize?: number } & HolderId) {
    return this.call('/api/GetTransactions', request);
  }

  /** A benefit sale as §6.2 describes it: check, and confirm only when a benefit was found. */
  async sellWithBenefit(serviceId: number, organizationTerminalId: number, holder: HolderId, price?: { price: number; discountedPrice: number }): Promise<EcsAnswer> {
    const check = await this.checkClientBenefits({ serviceId, organizationTerminalId, ...holder });
    if (check.status !== 200) return check;
    const benefitCategoryId = check.body.benefits[0].benefitCategory.id as number;
    return this.confirmTransaction({ clientId: check.body.clientId, benefitCategoryId, transactionId: check.body.transactionId, ...price });
  }

  private get base(): string {
    return this.options.baseUrl.replace(/\/+$/, '');
  }

  /** A Bearer call; on 401 the token is renewed once (it may have been revoked or run out early). */
  private async call(path: string, payload: unknown): Promise<EcsAnswer> {
    let res = await this.post(path, payload);
    if (res.status === 401) {
      this.dropToken();
      res = await this.post(path, payload);
    }
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : {} };
  }

  private async post(path: string, payload: unknown): Promise<Response> {
    const token = await this.accessToken();
    return this.retryOnce(() => fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(payload),
    }));
  }

  /** A dropped connection is retried once; a second failure is the caller's to report. */
  private async retryOnce(send: () => Promise<Response>): Promise<Response> {
    try {
      return await send();
    } catch {
      return send();
    }
  }
}
