// The FES request authenticator (FES-02, FES-03, FES-04): API KEY, касса, MAC, timestamp window,
// replay, then whether merchant, point and касса may operate. Runs before body validation, so an
// unsigned or forged request learns nothing about the body rules; its MAC is remembered only once the
// body is valid too. Whether the point is activated is told, not enforced, here: echo and the
// production test work before activation (api.ts decides).
import { own } from '../../src/data/records.js';
import type { Authenticator } from '../../src/engine/simulator.js';
import { FesErrors } from './errors.js';
import { computeMac, describeMac, macMatches, macShape, normalizedMac, parseTimestamp, type FesProfile, type HeaderRole } from './profile.js';
import { macSeen, rememberMac, type CashRegister, type FesState, type Merchant, type Point } from './state.js';
import { operationAt, wireNamesOf } from './fields.js';

export interface FesCaller {
  merchant: Merchant;
  point: Point;
  cashRegister: CashRegister;
  /** The point is ACTIVATED and its activation date has come (seed 000 §3.4.8). */
  activated: boolean;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The authenticator for a profile: its header names, timestamp format and window, and MAC. */
export function fesMacAuthenticator(profile: FesProfile): Authenticator<FesState> {
  const names = profile.headers;
  const windowMs = profile.timestamp.windowSeconds * 1000;
  const shape = macShape(profile);
  const requireHeader = (headers: Record<string, string | string[] | undefined>, role: HeaderRole): string => {
    const name = names[role]!;
    const v = header(headers, name.toLowerCase());
    if (v === undefined || v.trim() === '') throw FesErrors.AUTH_HEADER_INVALID({ header: name, problem: 'missing' }, [{ pointer: `/${name}`, in: 'header', message: 'is required' }]);
    return v.trim();
  };

  return ({ state, ctx, headers, method, path, rawBody, body }, admit): FesCaller => {
    const now = ctx.clock.now();

    const apiKey = header(headers, names.apiKey.toLowerCase())?.trim();
    if (!apiKey) throw FesErrors.API_KEY_MISSING({ header: names.apiKey }, [{ pointer: `/${names.apiKey}`, in: 'header', message: 'is required' }]);
    const ownerId = own(state.apiKeyOwners, apiKey);
    const merchant = ownerId === undefined ? undefined : own(state.merchants, ownerId);
    if (!merchant) throw FesErrors.API_KEY_UNKNOWN();
    // the index holds current and revoked keys alike
    if (merchant.apiKey !== apiKey) throw FesErrors.API_KEY_REVOKED({ merchantId: merchant.id });
    if (merchant.apiKeyStatus === 'BLOCKED') throw FesErrors.API_KEY_BLOCKED({ merchantId: merchant.id });

    const cashRegisterId = requireHeader(headers, 'cashRegisterId');
    const timestamp = requireHeader(headers, 'timestamp');
    const mac = requireHeader(headers, 'mac');
    // a profile that puts the request id in a header: it is the request's, whatever the body says (body rules and retries read the body's, under its wire name)
    if (names.requestId !== undefined) {
      const requestId = requireHeader(headers, 'requestId');
      const op = operationAt(profile, method, path);
      const field = op === undefined ? 'requestId' : wireNamesOf(profile, op).requestField('requestId');
      if (body !== null && typeof body === 'object' && !Array.isArray(body)) (body as Record<string, unknown>)[field] = requestId;
    }
    const parsed = parseTimestamp(profile, timestamp);
    if (!('at' in parsed)) {
      const { what, example, shape: expected } = parsed.expected;
      throw FesErrors.AUTH_HEADER_INVALID({ header: names.timestamp, problem: `not ${what} like ${example} (got "${timestamp}")` },
        [{ pointer: `/${names.timestamp}`, in: 'header', message: `is not ${what}`, expected, received: timestamp }]);
    }
    if (!shape.pattern.test(mac)) {
      throw FesErrors.AUTH_HEADER_INVALID({ header: names.mac, problem: `not ${shape.length} (${shape.what})` },
        [{ pointer: `/${names.mac}`, in: 'header', message: `is not a ${shape.what}`, expected: shape.expected }]);
    }

    const cashRegister = own(state.cashRegisters, cashRegisterId);
    if (!cashRegister || cashRegister.merchantId !== merchant.id) throw FesErrors.CASH_REGISTER_UNKNOWN({ cashRegisterId });
    const expected = computeMac(profile, cashRegister.macKey, { method, path, timestamp, apiKey, cashRegisterId, body: rawBody });
    if (!macMatches(profile, expected, mac)) throw FesErrors.MAC_INVALID({ cashRegisterId, header: names.mac, rule: describeMac(profile) });

    const { at } = parsed;
    if (Math.abs(at - now) > windowMs) {
      // A client that signs with real time after POST /__admin/clock moved this namespace's clock: say so.
      const signedWithRealTime = ctx.clock.offset > windowMs && Math.abs(at - (now - ctx.clock.offset)) <= windowMs;
      const clockNote = signedWithRealTime
        ? `. The timestamp is real time, but this namespace's virtual clock was moved ${Math.round(ctx.clock.offset / 1000)} s ahead (POST /__admin/clock): sign with its time, GET /__admin/clock (FesClient of the poligon package does)`
        : '';
      throw FesErrors.TIMESTAMP_OUT_OF_WINDOW({ header: names.timestamp, timestamp, now: new Date(now).toISOString(), skew: Math.round((at - now) / 1000), windowSeconds: profile.timestamp.windowSeconds, clockNote });
    }
    const seen = normalizedMac(profile, mac);
    if (macSeen(state, seen, at)) throw FesErrors.REPLAYED();

    const point = state.points[cashRegister.pointId]!;
    if (merchant.status === 'BLOCKED') throw FesErrors.MERCHANT_BLOCKED({ merchantId: merchant.id });
    if (point.status === 'DISABLED') throw FesErrors.POINT_DISABLED({ pointId: point.id });
    if (cashRegister.status === 'BLOCKED_BY_MERCHANT') throw FesErrors.CASH_REGISTER_BLOCKED_BY_MERCHANT({ cashRegisterId });
    if (cashRegister.status === 'BLOCKED_BY_NSPK') throw FesErrors.CASH_REGISTER_BLOCKED_BY_NSPK({ cashRegisterId });

    // An authentic, valid request is remembered whatever its outcome, so it cannot be replayed.
    admit(() => rememberMac(state, seen, at));
    const activated = point.status === 'ACTIVATED' && point.activeFrom !== undefined && Date.parse(point.activeFrom) <= now;
    return { merchant, point, cashRegister, activated };
  };
}
