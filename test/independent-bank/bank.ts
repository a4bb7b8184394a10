// A minimal Authorized Bank web service written from the ECS regulation (seed 004, Appendices 2, 7, 9)
// alone, sharing no code with simulators/ecs. Where the regulation leaves a choice it chooses otherwise
// than Poligon does, on purpose: opaque tokens, no discovery document, every OAuth refusal HTTP 400,
// App. 7 codes answered HTTP 200 with the error body, its own error codes (400, 401, 403, 404), no
// errors[] array, other key order in its JSON. The ECS packs must pass against it with advice only.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Appendix 7, as printed. */
const APPENDIX_7: Record<number, string> = {
  1: 'У владельца карты ЕЦС отсутствует льгота у данного Акцептанта',
  2: 'Ошибка ввода кода держателя КЖЯ - клиент не найден',
  5: 'Карта ЕЦС имеет неактивный статус',
  7: 'ID участника отсутствует в системе',
  8: 'Код типа услуги не найден',
};

interface Org { id: number; type: 1 | 2 | 3; clientId: string; secret: string; terminals: number[]; services: Array<{ id: number; name: string; categories: number[] }>; transactionsAccess: boolean }
interface Holder { id: number; categories: number[]; code?: string; snils?: string; card?: { number: string; series: string; expires: string }; active: boolean }

/** The bank's own world: ids and identifiers unlike the sandbox's demo, so the packs need --var. */
export const BANK = {
  orgs: [
    { id: 71, type: 1, clientId: 'pool-71', secret: 'bank-secret-pool-71', terminals: [52], services: [{ id: 301, name: 'Бассейн, разовое', categories: [11] }, { id: 302, name: 'Бассейн, абонемент', categories: [11] }, { id: 303, name: 'Сауна', categories: [12] }], transactionsAccess: true },
    { id: 72, type: 2, clientId: 'pass-72', secret: 'bank-secret-pass-72', terminals: [61], services: [{ id: 401, name: 'Музей', categories: [11] }, { id: 402, name: 'Театр', categories: [12] }], transactionsAccess: false },
    { id: 73, type: 3, clientId: 'shop-73', secret: 'bank-secret-shop-73', terminals: [81], services: [{ id: 501, name: 'Скидка на лекарства', categories: [11] }, { id: 502, name: 'Скидка на оптику', categories: [12] }], transactionsAccess: false },
  ] as Org[],
  categories: { 11: 'Пенсионеры', 12: 'Ветераны труда' } as Record<number, string>,
  holders: [
    { id: 9001, categories: [11], code: 'HOLDER900100001', snils: '11223344595', card: { number: '6000000000000001', series: 'AB12', expires: '2099-12-31' }, active: true },
    { id: 9002, categories: [99], code: 'HOLDER900200001', snils: '12345670140', card: { number: '6000000000000002', series: 'AB12', expires: '2099-12-31' }, active: true },
    { id: 9003, categories: [11], code: 'HOLDER900300001', snils: '12345670544', card: { number: '6000000000000003', series: 'AB12', expires: '2099-12-31' }, active: false },
    { id: 9004, categories: [11], code: 'HOLDER900400001', card: { number: '6000000000000004', series: 'AB12', expires: '2021-06-30' }, active: true },
  ] as Holder[],
};

interface Tx { id: number; org: number; client: number; category: number; service: number; confirmed?: string; discountedPrice?: number }

export class IndependentBank {
  private server?: Server;
  private readonly tokens = new Map<string, { org: Org; expires: number }>();
  private readonly transactions = new Map<number, Tx>();
  private nextTx = 5000;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => { void this.handle(req, res); });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  stop(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of req) text += chunk;
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }).end(body === undefined ? '' : JSON.stringify(body));
    };
    // this bank's error body: errorCode first, no errors[] (Appendix 2: only message is required)
    const fail = (status: number, errorCode: number, message: string) => send(status, { errorCode, message });
    if (req.method !== 'POST') return fail(404, 404, 'Не найдено');
    if (req.url === '/connect/token') return this.token(new URLSearchParams(text), send);

    const auth = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    const session = auth ? this.tokens.get(auth[1]!) : undefined;
    if (!session || session.expires < Date.now()) return fail(403, 401, 'Нет доступа');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return fail(400, 400, 'Тело запроса не JSON');
    }
    const org = session.org;
    switch (req.url) {
      case '/api/CheckClientBenefits': return this.check(org, body, send, fail);
      case '/api/ConfirmTransaction': return this.confirm(org, body, send, fail);
      case '/api/GetOrganizationServices': {
        const index = Number(body.pageIndex ?? 0);
        const size = Number(body.pageSize ?? 20);
        const items = org.services.map((s) => ({ service: { name: s.name, id: s.id } }));
        return send(200, { currentPageIndex: index, totalItems: items.length, pageItems: items.slice(index * size, index * size + size) });
      }
      case '/api/GetTransactions': return this.transactionsOf(org, body, send, fail);
      default: return fail(404, 404, 'Метод не найден');
    }
  }

  private token(form: URLSearchParams, send: (s: number, b?: unknown) => void): void {
    const org = BANK.orgs.find((o) => o.clientId === form.get('client_id') && o.secret === form.get('client_secret'));
    const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
    const known = ['ECS.WebAPI', 'OrganizationAPI'];
    if (!org || form.get('grant_type') !== 'client_credentials' || !scopes.includes('ECS.WebAPI') || scopes.some((s) => !known.includes(s))) {
      return send(400, { error: 'invalid_grant' });
    }
    const token = randomBytes(24).toString('hex'); // opaque, not a JWT
    this.tokens.set(token, { org, expires: Date.now() + 3_600_000 });
    send(200, { token_type: 'Bearer', scope: scopes.join(' '), expires_in: 3600, access_token: token });
  }

  private check(org: Org, body: Record<string, unknown>, send: (s: number, b?: unknown) => void, fail: (s: number, c: number, m: string) => void): void {
    if (!Number.isInteger(body.serviceId) || !Number.isInteger(body.organizationTerminalId)) return fail(400, 400, 'serviceId и organizationTerminalId — целые числа');
    const { clientCode, clientSnils, cardNumber, cardSeries, price } = body as Record<string, string | number | undefined>;
    if (clientCode === undefined && clientSnils === undefined && cardNumber === undefined) return fail(400, 400, 'Нужен один из идентификаторов');
    if ((cardNumber === undefined) !== (cardSeries === undefined)) return fail(400, 400, 'cardNumber передаётся с cardSeries');
    if (clientSnils !== undefined && org.type !== 2) return fail(400, 400, 'clientSnils доступен только для типа подключения 2');
    if ((clientCode !== undefined || cardNumber !== undefined) && org.type === 2) return fail(400, 400, 'clientCode и карта доступны только для типов подключения 1 и 3');
    if (price !== undefined && org.type !== 3) return fail(400, 400, 'price доступен только для типа подключения 3');
    if (!org.terminals.includes(body.organizationTerminalId as number)) return send(200, { errorCode: 7, message: APPENDIX_7[7] });
    const service = org.services.find((s) => s.id === body.serviceId);
    if (!service) return send(200, { errorCode: 8, message: APPENDIX_7[8] });
    const found = [
      clientCode === undefined ? undefined : BANK.holders.find((h) => h.code === clientCode) ?? null,
      clientSnils === undefined ? undefined : BANK.holders.find((h) => h.snils === clientSnils) ?? null,
      cardNumber === undefined ? undefined : BANK.holders.find((h) => h.card?.number === cardNumber && h.card.series === cardSeries) ?? null,
    ].filter((h) => h !== undefined);
    if (found.some((h) => h === null)) return send(200, { errorCode: 2, message: APPENDIX_7[2] });
    const holders = new Set(found.map((h) => h!.id));
    if (holders.size > 1) return fail(400, 400, 'Идентификаторы относятся к разным держателям');
    const holder = found[0]!;
    const expired = cardNumber !== undefined && holder.card!.expires < new Date().toISOString().slice(0, 10);
    if (!holder.active || expired) return send(200, { errorCode: 5, message: APPENDIX_7[5] });
    const category = service.categories.find((c) => holder.categories.includes(c));
    if (category === undefined) return send(200, { errorCode: 1, message: APPENDIX_7[1] });
    const id = this.nextTx++;
    this.transactions.set(id, { id, org: org.id, client: holder.id, category, service: service.id });
    send(200, { benefits: [{ benefitCategory: { name: BANK.categories[category], id: category } }], clientId: holder.id, transactionId: id, resultCode: 1 });
  }

  private confirm(org: Org, body: Record<string, unknown>, send: (s: number, b?: unknown) => void, fail: (s: number, c: number, m: string) => void): void {
    if (org.type === 3) return fail(403, 403, 'Метод доступен только для типов подключения 1 и 2');
    const tx = this.transactions.get(body.transactionId as number);
    if (!tx || tx.org !== org.id || tx.client !== body.clientId || tx.category !== body.benefitCategoryId) return fail(400, 404, 'Транзакция не найдена');
    if (tx.confirmed) return fail(400, 400, 'Транзакция уже подтверждена');
    tx.confirmed = new Date().toISOString();
    if (typeof body.discountedPrice === 'number') tx.discountedPrice = body.discountedPrice;
    send(200);
  }

  private transactionsOf(org: Org, body: Record<string, unknown>, send: (s: number, b?: unknown) => void, fail: (s: number, c: number, m: string) => void): void {
    if (!org.transactionsAccess) return fail(403, 403, 'Доступ к методу только для участников, идентифицирующих держателей через ЕСИА');
    if (typeof body.dateFrom !== 'string' || typeof body.dateTo !== 'string') return fail(400, 400, 'dateFrom и dateTo обязательны');
    const holder = BANK.holders.find((h) => h.code === body.clientCode || (h.card?.number === body.cardNumber && h.card?.series === body.cardSeries));
    if (!holder) return send(200, { errorCode: 2, message: APPENDIX_7[2] });
    const from = body.dateFrom;
    const to = `${body.dateTo}T23:59:59Z`;
    const items = [...this.transactions.values()]
      .filter((t) => t.client === holder.id && t.confirmed && t.confirmed >= from && t.confirmed <= to)
      .map((t) => {
        const o = BANK.orgs.find((x) => x.id === t.org)!;
        return {
          area: { name: 'г. Якутск', id: 1 },
          organization: { shortName: o.clientId, id: o.id },
          service: { name: o.services.find((s) => s.id === t.service)!.name, id: t.service },
          confirmationDate: t.confirmed,
          id: t.id,
          ...(t.discountedPrice === undefined ? {} : { discountedPrice: t.discountedPrice }),
        };
      });
    send(200, { totalItems: items.length, currentPageIndex: Number(body.pageIndex ?? 0), pageItems: items });
  }
}
