// The FES request authenticator (FES-02, FES-03, FES-04): API KEY, касса, MAC, timestamp window,
// replay, then whether merchant, point and касса may operate. Runs before body validation, so an
// unsigned or forged request learns nothing about the body rules; its MAC is remembered only once the
// body is valid too. Whether the point is activated is told, not enforced, here: echo and the
// production test work before activation (api.ts decides).
import { own } from '../../src/data/records.js';
import type { Authenticator } from '../../src/engine/simulator.js';
import { FesErrors } from './errors.js';
import { HEADER, HEADER_DISPLAY, REPLAY_WINDOW_MS, TIMESTAMP_PATTERN, computeMac, macMatches } from './protocol.js';
import { macSeen, rememberMac, type CashRegister, type FesState, type Merchant, type Point } from './state.js';

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

function requireHeader(headers: Record<string, string | string[] | undefined>, key: keyof typeof HEADER): string {
  const v = header(headers, HEADER[key]);
  if (v === undefined || v.trim() === '') throw FesErrors.AUTH_HEADER_INVALID({ header: HEADER_DISPLAY[key], problem: 'missing' }, [{ pointer: `/${HEADER_DISPLAY[key]}`, in: 'header', message: 'is required' }]);
  return v.trim();
}

export const fesMacAuthenticator: Authenticator<FesState> = ({ state, ctx, headers, method, path, rawBody }, admit): FesCaller => {
  const now = ctx.clock.now();

  const apiKey = header(headers, HEADER.apiKey)?.trim();
  if (!apiKey) throw FesErrors.API_KEY_MISSING({}, [{ pointer: `/${HEADER_DISPLAY.apiKey}`, in: 'header', message: 'is required' }]);
  const ownerId = own(state.apiKeyOwners, apiKey);
  const merchant = ownerId === undefined ? undefined : own(state.merchants, ownerId);
  if (!merchant) throw FesErrors.API_KEY_UNKNOWN();
  // the index holds current and revoked keys alike
  if (merchant.apiKey !== apiKey) throw FesErrors.API_KEY_REVOKED({ merchantId: merchant.id });
  if (merchant.apiKeyStatus === 'BLOCKED') throw FesErrors.API_KEY_BLOCKED({ merchantId: merchant.id });

  const cashRegisterId = requireHeader(headers, 'cashRegisterId');
  const timestamp = requireHeader(headers, 'timestamp');
  const mac = requireHeader(headers, 'mac');
  if (!TIMESTAMP_PATTERN.test(timestamp) || Number.isNaN(Date.parse(timestamp))) {
    throw FesErrors.AUTH_HEADER_INVALID({ header: HEADER_DISPLAY.timestamp, problem: `not an ISO-8601 UTC time like 2026-01-31T10:15:30Z (got "${timestamp}")` },
      [{ pointer: `/${HEADER_DISPLAY.timestamp}`, in: 'header', message: 'is not an ISO-8601 UTC time', expected: 'YYYY-MM-DDTHH:MM:SS[.sss]Z', received: timestamp }]);
  }
  if (!/^[0-9a-fA-F]{64}$/.test(mac)) {
    throw FesErrors.AUTH_HEADER_INVALID({ header: HEADER_DISPLAY.mac, problem: 'not 64 hexadecimal characters (hex HMAC-SHA256)' },
      [{ pointer: `/${HEADER_DISPLAY.mac}`, in: 'header', message: 'is not a hex HMAC-SHA256', expected: '64 hex characters' }]);
  }

  const cashRegister = own(state.cashRegisters, cashRegisterId);
  if (!cashRegister || cashRegister.merchantId !== merchant.id) throw FesErrors.CASH_REGISTER_UNKNOWN({ cashRegisterId });
  if (!macMatches(computeMac(cashRegister.macKey, method, path, timestamp, rawBody), mac)) throw FesErrors.MAC_INVALID({ cashRegisterId });

  const at = Date.parse(timestamp);
  if (Math.abs(at - now) > REPLAY_WINDOW_MS) {
    // A client that signs with real time after POST /__admin/clock moved this namespace's clock: say so.
    const signedWithRealTime = ctx.clock.offset > REPLAY_WINDOW_MS && Math.abs(at - (now - ctx.clock.offset)) <= REPLAY_WINDOW_MS;
    const clockNote = signedWithRealTime
      ? `. The timestamp is real time, but this namespace's virtual clock was moved ${Math.round(ctx.clock.offset / 1000)} s ahead (POST /__admin/clock): sign with its time, GET /__admin/clock (FesClient of the poligon package does)`
      : '';
    throw FesErrors.TIMESTAMP_OUT_OF_WINDOW({ timestamp, now: new Date(now).toISOString(), skew: Math.round((at - now) / 1000), windowSeconds: REPLAY_WINDOW_MS / 1000, clockNote });
  }
  const macKey = mac.toLowerCase();
  if (macSeen(state, macKey, at)) throw FesErrors.REPLAYED();

  const point = state.points[cashRegister.pointId]!;
  if (merchant.status === 'BLOCKED') throw FesErrors.MERCHANT_BLOCKED({ merchantId: merchant.id });
  if (point.status === 'DISABLED') throw FesErrors.POINT_DISABLED({ pointId: point.id });
  if (cashRegister.status === 'BLOCKED_BY_MERCHANT') throw FesErrors.CASH_REGISTER_BLOCKED_BY_MERCHANT({ cashRegisterId });
  if (cashRegister.status === 'BLOCKED_BY_NSPK') throw FesErrors.CASH_REGISTER_BLOCKED_BY_NSPK({ cashRegisterId });

  // An authentic, valid request is remembered whatever its outcome, so it cannot be replayed.
  admit(() => rememberMac(state, macKey, at));
  const activated = point.status === 'ACTIVATED' && point.activeFrom !== undefined && Date.parse(point.activeFrom) <= now;
  return { merchant, point, cashRegister, activated };
};
