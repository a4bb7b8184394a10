// An independent driver harness, as a vendor would write one from docs/packs.md (the driver protocol),
// docs/fes.md (the FES protocol profile: paths, headers, timestamp, MAC) and docs/ecs.md (token, calls).
// It shares no code with Poligon or its reference client: it reads the FES transport from the profile the
// sandbox publishes (GET …/fes/control/v1/profile), so it plays under any profile; the MAC is computed
// here with node:crypto from the profile's documented fields, the requests are built here. Plain JavaScript, so `node` runs it as a command with nothing else.
//
// act(message, state) carries out one action and returns the answer; `state` is a plain JSON object
// (kept in memory by a webhook server, in a file by the command), one entry per run and case.
// `mode` makes it misbehave on purpose: lazy (answers done, does nothing), wrong-mac (signs with a
// wrong MAC KEY), wrong-item (sells one unit more of every item), silent (never answers), no-replay
// (cannot do fes.replay).
import { createHash, createHmac, randomUUID } from 'node:crypto';

class CannotDo extends Error {}

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** docs/fes.md, "The FES protocol profile": the sandbox publishes the one it serves. */
async function profileOf(fesUrl) {
  const res = await fetch(`${fesUrl}/control/v1/profile`);
  if (res.status !== 200) throw new Error(`GET ${fesUrl}/control/v1/profile answered ${res.status}`);
  return (await res.json()).profile;
}

/** The timestamp header's text for an ISO time, in the profile's format. */
function timestampText(profile, iso) {
  const ms = Date.parse(iso);
  return { 'unix-seconds': String(Math.floor(ms / 1000)), 'unix-millis': String(ms) }[profile.timestamp.format] ?? iso;
}

/** The four headers of a signed call: the MAC over the profile's parts, in order, joined by its separator. */
function fesHeaders(config, profile, method, path, body, requestId, timestamp, mode) {
  const macKey = mode === 'wrong-mac' ? `${config.macKey}-not-mine` : config.macKey;
  const parts = {
    method, path, timestamp, apiKey: config.apiKey, cashRegisterId: config.cashRegisterId, body,
    bodySha256Hex: createHash('sha256').update(body).digest('hex'), bodySha256Base64: createHash('sha256').update(body).digest('base64'),
  };
  const { mac } = profile;
  const key = mac.key === 'utf8' ? Buffer.from(macKey, 'utf8') : Buffer.from(macKey, mac.key);
  const signature = createHmac(mac.algorithm.replace('hmac-', ''), key).update(mac.parts.map((p) => parts[p]).join(mac.separator)).digest(mac.output);
  return {
    'content-type': 'application/json',
    ...(profile.headers.requestId ? { [profile.headers.requestId]: requestId } : {}),
    [profile.headers.apiKey]: config.apiKey,
    [profile.headers.cashRegisterId]: config.cashRegisterId,
    [profile.headers.timestamp]: timestamp,
    [profile.headers.mac]: signature,
  };
}

async function virtualNow(message) {
  const res = await fetch(message.sandbox.clock);
  return (await res.json()).now;
}

async function send(method, url, headers, body) {
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

const post = (url, headers, body) => send('POST', url, headers, body);

// ---- FES: a till ------------------------------------------------------------------------------------

/**
 * docs/fes.md, "Field names": the profile's `fields.<operation>.<request|response>` give some body fields
 * another name on the wire (path a.b, array items a[].b → the wire name). To the wire, deeper paths
 * first (their parents still have the record's names); back, shallower first.
 */
function renamed(value, renames, toWire) {
  const paths = Object.entries(renames ?? {}).map(([path, wire]) => [path.replace(/\[\]/g, '').split('.'), wire]);
  paths.sort((a, b) => (toWire ? b[0].length - a[0].length : a[0].length - b[0].length));
  return paths.reduce((v, [segments, wire]) => renameAt(v, segments, wire, toWire), value);
}

function renameAt(value, segments, wire, toWire) {
  if (Array.isArray(value)) return value.map((v) => renameAt(v, segments, wire, toWire));
  if (!value || typeof value !== 'object') return value;
  const [head, ...rest] = segments;
  const [from, to] = rest.length ? [head, head] : toWire ? [head, wire] : [wire, head];
  return Object.fromEntries(Object.entries(value).map(([k, v]) => (k === from ? [to, rest.length ? renameAt(v, rest, wire, toWire) : v] : [k, v])));
}

/** A signed call of a FES operation (echo, preAuthPurchase…) where the profile puts it, its fields named as the profile says. */
async function signedCall(till, message, mode, operation, payload) {
  const { method, path } = till.profile.operations[operation];
  const names = till.profile.fields?.[operation] ?? {};
  const body = JSON.stringify(renamed(payload, names.request, true));
  const headers = fesHeaders(till.config, till.profile, method, path, body, payload.requestId, timestampText(till.profile, await virtualNow(message)), mode);
  till.last = { operation, payload, method, path, headers, body };
  const answer = await send(method, `${till.config.fesUrl}${path}`, headers, body);
  return answer.status === 200 ? { ...answer, body: renamed(answer.body, names.response, false) } : answer;
}

const fresh = (payload) => ({ requestId: randomUUID(), ...payload });

function cardFields(till, card) {
  return { panHash: sha256(card.pan), ...(till.config.protocolVersion === 2 && card.par ? { par: card.par } : {}) };
}

function keep(till, answer) {
  const basket = answer.body?.result?.code === 0 ? answer.body.basket : undefined;
  const id = basket?.purchaseBasketId ?? basket?.returnBasketId;
  if (id) till.baskets[id] = basket;
}

function basketOf(till, id) {
  const basket = till.baskets[id];
  if (!basket) throw new Error(`no basket ${id} at this till`);
  return basket;
}

/** What the terminal takes: the certificate part, and the rest as own funds. */
function amounts(basket) {
  const total = basket.article.reduce((sum, a) => sum + a.count * a.price, 0);
  return { certificateAmount: basket.totalCertAmount, ownFundsAmount: total - basket.totalCertAmount };
}

/** yyyyMMddHHmm (V1) or yyyyMMdd'T'HHmm (V2), Moscow time (docs/fes.md, fiscal receipt data). */
function receiptTime(iso, version) {
  const moscow = new Date(Date.parse(iso) + 3 * 3600_000).toISOString();
  const date = moscow.slice(0, 10).replaceAll('-', '');
  const time = moscow.slice(11, 16).replace(':', '');
  return version === 2 ? `${date}T${time}` : `${date}${time}`;
}

const rubles = (kopecks) => `${Math.floor(kopecks / 100)}.${String(kopecks % 100).padStart(2, '0')}`;

async function fes(action, till, message, mode) {
  if (action.configure) {
    till.config = { protocolVersion: 1, ...till.config, ...action.configure };
    if (!till.config.fesUrl) till.config.fesUrl = message.sandbox.urls.fes;
    till.profile = await profileOf(till.config.fesUrl);
  }
  if (!till.config?.apiKey) throw new Error('the till was never configured');
  const call = (operation, payload) => signedCall(till, message, mode, operation, fresh(payload));
  const terminal = (path, payload) => post(`${till.config.fesUrl}${path}`, { 'content-type': 'application/json' }, JSON.stringify(payload));
  switch (action.do) {
    case 'fes.echo':
      return call('echo', { echoData: 'harness' });
    case 'fes.sale': {
      const items = action.items.map((item, i) => ({
        articleNumber: item.articleNumber ?? i + 1, truCode: item.truCode, count: item.count + (mode === 'wrong-item' ? 1 : 0), price: item.price,
        ...(item.certificateLastNumbers ? { additionalInfo: [{ code: 'certificateLastNumbers', value: item.certificateLastNumbers }] } : {}),
      }));
      const answer = await call('preAuthPurchase', { ...cardFields(till, action.card), items });
      keep(till, answer);
      return answer;
    }
    case 'fes.retry': {
      // the same request id and body, a new signature
      const { operation, payload } = till.last;
      const answer = await signedCall(till, message, mode, operation, payload);
      keep(till, answer);
      return answer;
    }
    case 'fes.replay':
      return send(till.last.method, `${till.config.fesUrl}${till.last.path}`, till.last.headers, till.last.body);
    case 'fes.pay':
      return terminal('/terminal/v1/payments', { basketId: action.basketId, cardNumber: action.card.pan, ...amounts(basketOf(till, action.basketId)) });
    case 'fes.receipt': {
      const printed = (till.receipts[action.basketId] ??= []);
      if (action.resend) {
        const previous = printed.at(-1);
        if (!previous) throw new Error(`no receipt for ${action.basketId} to resend`);
        return call('sendReceipt', previous.data);
      }
      till.fiscal = (till.fiscal ?? 0) + 1;
      const basket = basketOf(till, action.basketId);
      const data = {
        basketId: action.basketId, fiscalDriveNumber: '9999078900001234', fiscalDocumentNumber: String(100 + till.fiscal), fiscalSign: String(4_000_000_000 + till.fiscal),
        certAmount: rubles(basket.totalCertAmount), dateTime: receiptTime(await virtualNow(message), till.config.protocolVersion),
        settlementType: action.kind === 'return' ? 2 : 1, settlementPlace: 'Якутск, ул. Тестовая, 1', ...(action.kind === 'correction' ? { correction: true } : {}),
      };
      printed.push({ kind: action.kind, data });
      return call('sendReceipt', data);
    }
    case 'fes.findBasketByReceipt': {
      const sale = (till.receipts[action.basketId] ?? []).find((r) => r.kind === 'sale');
      if (!sale) throw new Error(`no sale receipt for ${action.basketId}`);
      const { fiscalDriveNumber, fiscalDocumentNumber, fiscalSign } = sale.data;
      return call('findBasketByReceipt', { fiscalDriveNumber, fiscalDocumentNumber, fiscalSign });
    }
    case 'fes.getBasket':
      return call('getPurchaseBasket', { purchaseBasketId: action.basketId });
    case 'fes.listCertificates':
      return call('listCertificates', cardFields(till, action.card));
    case 'fes.listBaskets':
      return call('listBaskets', { truCode: action.truCode, ...cardFields(till, action.card) });
    case 'fes.return': {
      const items = action.items.map((item, i) => ({ articleNumber: item.articleNumber ?? i + 1, originalArticleNumber: item.originalArticleNumber, truCode: item.truCode, count: item.count, price: item.price }));
      const answer = await call('preAuthReturn', { purchaseBasketId: action.basketId, ...(action.card ? cardFields(till, action.card) : {}), items });
      keep(till, answer);
      return answer;
    }
    case 'fes.refund':
      return terminal('/terminal/v1/refunds', { basketId: action.basketId, ...(action.card ? { cardNumber: action.card.pan } : {}), ...amounts(basketOf(till, action.basketId)) });
    default:
      throw new CannotDo(`this till has no ${action.do}`);
  }
}

// ---- ECS: a ticket system ---------------------------------------------------------------------------

async function token(system, message) {
  const now = Date.parse(await virtualNow(message));
  if (system.token && now < system.token.expiresAt - 60_000) return system.token.value;
  const form = new URLSearchParams({ client_id: system.config.clientId, client_secret: system.config.clientSecret, grant_type: 'client_credentials', scope: 'ECS.WebAPI OrganizationAPI' });
  const res = await fetch(`${system.config.ecsUrl}/connect/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
  const body = await res.json();
  if (!body.access_token) throw new Error(`no token: ${JSON.stringify(body)}`);
  system.token = { value: body.access_token, expiresAt: now + body.expires_in * 1000 };
  return body.access_token;
}

async function ecsCall(system, message, path, payload) {
  const send = async () => post(`${system.config.ecsUrl}${path}`, { 'content-type': 'application/json', authorization: `Bearer ${await token(system, message)}` }, JSON.stringify(payload));
  try {
    return await send();
  } catch {
    // the bank left the call unanswered: once more
    return send();
  }
}

async function ecs(action, system, message) {
  if (action.configure) system.config = { ecsUrl: message.sandbox.urls.ecs, ...action.configure };
  if (!system.config) throw new Error('the ticket system was never configured');
  switch (action.do) {
    case 'ecs.start':
      return token(system, message);
    case 'ecs.listServices':
      return ecsCall(system, message, '/api/GetOrganizationServices', { pageIndex: 0, pageSize: 10 });
    case 'ecs.checkBenefit': {
      const answer = await ecsCall(system, message, '/api/CheckClientBenefits', { serviceId: action.serviceId, organizationTerminalId: action.terminalId, ...action.holder });
      if (answer.status === 200) (system.checks ??= {})[answer.body.transactionId] = answer.body;
      return answer;
    }
    case 'ecs.confirm': {
      const check = system.checks?.[action.transactionId];
      if (!check) throw new Error(`no benefit check with transaction ${action.transactionId}`);
      return ecsCall(system, message, '/api/ConfirmTransaction', { clientId: check.clientId, benefitCategoryId: check.benefits[0].benefitCategory.id, transactionId: check.transactionId });
    }
    default:
      throw new CannotDo(`this ticket system has no ${action.do}`);
  }
}

/** Carries out one message; resolves with the answer (never, in mode silent). */
export async function act(message, state, mode = 'honest') {
  if (mode === 'silent') return new Promise(() => {});
  if (mode === 'lazy') return { result: 'done' };
  if (mode === 'no-replay' && message.action.do === 'fes.replay') return { result: 'cannot', reason: 'this till never resends a signed request' };
  const key = `${message.runId}/${message.pack}/${message.case}`;
  const memory = (state[key] ??= { till: { baskets: {}, receipts: {} }, system: {} });
  const [system] = message.action.do.split('.');
  try {
    if (system === 'fes') await fes(message.action, memory.till, message, mode);
    else if (system === 'ecs') await ecs(message.action, memory.system, message);
    else return { result: 'cannot', reason: `this harness drives no ${system}` };
    return { result: 'done' };
  } catch (e) {
    return { result: e instanceof CannotDo ? 'cannot' : 'failed', reason: e.message };
  }
}
