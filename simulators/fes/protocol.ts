// Everything about FES NSPK that is MODELED rather than taken from the sources, except the transport,
// lives here in one replaceable module: identifier formats, the certified-vendor list, timings and the
// magic values. The transport (paths, header names, the MAC and its window, statuses and result codes)
// is the FES protocol profile's (profile.ts); the refusals' messages are in errors.ts.
import { createHash, scryptSync, timingSafeEqual } from 'node:crypto';

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

// --- Identifiers and timings --------------------------------------------------------------------

/** A basket id lives 30 minutes on the virtual clock (public material, FES-09). */
export const BASKET_LIFETIME_MS = 30 * 60_000;
/** Certificate ids are 20–30 digits (public record: e.g. 907581400329309796796024853331). */
export const CERTIFICATE_ID_PATTERN = /^\d{20,30}$/;
/** The Treasury's processing of a certificate refund (public: 1–3 days); modeled as 1 virtual day. */
export const TREASURY_REFUND_DELAY_MS = 24 * 60 * 60_000;

// --- The cash-software protocol's shape (public record unless marked) ----------------------------

/** Protocol versions a касса can be set to in LK FES (public record: 1C's setting; V1 is the default). */
export const PROTOCOL_VERSIONS = [1, 2] as const;
export type ProtocolVersion = (typeof PROTOCOL_VERSIONS)[number];
export const DEFAULT_PROTOCOL_VERSION: ProtocolVersion = 1;

/**
 * A safe retry (modeled): the answer to a request id is kept this long on the virtual clock; the same
 * id with the same body gets it again, with another body a refusal.
 */
export const REQUEST_ID_RETENTION_MS = 24 * 60 * 60_000;

/** The receipt's date-time per protocol version (public record: yyyyMMddHHmm in V1, yyyyMMdd'T'HHmm in V2). */
export const RECEIPT_DATE_TIME: Record<ProtocolVersion, { pattern: RegExp; format: string; example: string }> = {
  1: { pattern: /^\d{12}$/, format: 'yyyyMMddHHmm', example: '202612031015' },
  2: { pattern: /^\d{8}T\d{4}$/, format: "yyyyMMdd'T'HHmm", example: '20261203T1015' },
};

/** Settlement types of the receipt, tag 1054 (public record). */
export const SETTLEMENT_TYPE = { SALE: 1, SALE_RETURN: 2, EXPENSE: 3, EXPENSE_RETURN: 4 } as const;

/** The certificate part of a receipt as "0.00" text (public record). */
export const kopecksToText = (kopecks: number): string => `${Math.floor(kopecks / 100)}.${String(kopecks % 100).padStart(2, '0')}`;

/** ФД and ФП are unsigned 32-bit numbers in the fiscal document formats (ФФД tags 1040, 1077). */
export const MAX_FISCAL_NUMBER = 4_294_967_295;

/** The operating day of a return without the card (public record: same day), counted in Moscow time (modeled: UTC+3, no DST). */
export const OPERATING_DAY_OFFSET_MS = 3 * 60 * 60_000;
export const operatingDayOf = (ms: number): string => new Date(ms + OPERATING_DAY_OFFSET_MS).toISOString().slice(0, 10);

/** The production test's response code at the terminal (seed 000 §4.6: 513; footnote 3: it may differ; a setting). */
export const DEFAULT_PRODUCTION_TEST_RESPONSE_CODE = 513;
/** Largest касса count one "add cash registers" request accepts (modeled). */
export const MAX_CASH_REGISTERS_PER_REQUEST = 50;

// --- LK FES administrator access (LKF-01, seed 000 §4.1) --------------------------------------------

/** The set-password link has "a limited life" (§4.1 gives no figure): modeled as 24 hours. */
export const SET_PASSWORD_LINK_LIFETIME_MS = 24 * 60 * 60_000;
/** A password is valid 2 months (§4.1), counted in calendar months on the virtual clock. */
export const PASSWORD_LIFETIME_MONTHS = 2;
/**
 * A new password grants access only this long after it is set (seed 000 §4.1: "Восстановление доступа
 * происходит в течение 30 минут с момента смены пароля"); simulatorOptions.fes.passwordActivationDelay.
 */
export const DEFAULT_PASSWORD_ACTIVATION_DELAY = '30m';
/** An LK FES session's life on the virtual clock (modeled); simulatorOptions.fes.lkSessionLifetime. */
export const DEFAULT_LK_SESSION_LIFETIME = '1h';
/** The NSPK administrator's sign-in (modeled, public sandbox values); simulatorOptions.fes.nspkAdmin. */
export const DEFAULT_NSPK_ADMIN = { email: 'nspk-admin@poligon.example', password: 'NspkAdmin2026' } as const;
/** Where the e-mailed link points (modeled: the LK FES web form the sandbox stands in for). */
export const LK_FES_WEB_URL = 'https://lk-fes.poligon.example';
/** Password policy (modeled): at least 8 characters with a letter and a digit (the schemas cap it at 128). */
export const PASSWORD_MIN_LENGTH = 8;
/** Passwords are kept as scrypt hashes (r=8, p=1) with a 16-byte salt. */
export const PASSWORD_HASH_BYTES = 32;
/**
 * scrypt's cost for new hashes. A sandbox password guards nothing real: the hash only keeps it out
 * of snapshots and the journal in clear. node's default (16384) held the event loop for ~60 ms per
 * login or password change, stalling every касса of a shared sandbox; 1024 takes ~3 ms.
 */
const PASSWORD_SCRYPT_COST = 1024;
/** The cost of hashes written before it was recorded in the hash ("scrypt$<salt>$<hash>"). */
const OLDER_HASH_SCRYPT_COST = 16384;

export const passwordExpiry = (setAt: number): number => {
  const d = new Date(setAt);
  d.setUTCMonth(d.getUTCMonth() + PASSWORD_LIFETIME_MONTHS);
  return d.getTime();
};

/** Why `password` breaks the modeled policy, or undefined when it complies. */
export function passwordPolicyProblem(password: string): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return `it has ${password.length} characters; at least ${PASSWORD_MIN_LENGTH} are required`;
  if (!/\p{L}/u.test(password)) return 'it has no letter';
  if (!/\p{Nd}/u.test(password)) return 'it has no digit';
  return undefined;
}

/** "scrypt$<cost>$<salt hex>$<hash hex>": the only form in which a password is stored. */
export function hashPassword(password: string, saltHex: string): string {
  const hash = scryptSync(password, Buffer.from(saltHex, 'hex'), PASSWORD_HASH_BYTES, { N: PASSWORD_SCRYPT_COST });
  return `scrypt$${PASSWORD_SCRYPT_COST}$${saltHex}$${hash.toString('hex')}`;
}

/** Checks a password against a stored hash, of this form or of the older one without the cost. */
export function passwordMatches(stored: string, password: string): boolean {
  const parts = stored.split('$');
  const [cost, saltHex = '', hashHex = ''] = parts.length === 4 ? [Number(parts[1]), parts[2], parts[3]] : [OLDER_HASH_SCRYPT_COST, parts[1], parts[2]];
  const expected = Buffer.from(hashHex, 'hex');
  const actual = scryptSync(password, Buffer.from(saltHex, 'hex'), expected.length, { N: cost });
  return timingSafeEqual(expected, actual);
}

/** The production-test TRU (seed 000 §4.6). */
export { PRODUCTION_TEST_TRU } from '../../src/data/tru.js';

/** Certified cash-register vendors offered by LK FES (modeled list; the real one is NSPK's registry). */
export const CERTIFIED_VENDORS = [
  { id: 'ATOL', name: 'АТОЛ' },
  { id: 'EVOTOR', name: 'Эвотор' },
  { id: 'SHTRIH-M', name: 'Штрих-М' },
  { id: 'DREAMKAS', name: 'Дримкас' },
  { id: 'MERCURY', name: 'Меркурий (Инкотекс)' },
  { id: 'POLIGON-TEST-VENDOR', name: 'Poligon test vendor (sandbox only)' },
] as const;

export const isCertifiedVendor = (id: string): boolean => CERTIFIED_VENDORS.some((v) => v.id === id);

/** Who changes a касса's status (seed 000 §4.7). */
export type Actor = 'MERCHANT' | 'NSPK';

// --- Magic values (like test card numbers of a payment sandbox) ---------------------------------

/**
 * Mir card numbers (valid Luhn) that produce a fault at Pre-Auth whatever the basket, matched by PAN
 * or by the SHA-256 of the PAN. Documented in docs/fes.md.
 */
export const MAGIC_CARDS = {
  /** Pre-Auth refused: the card is blocked (response 411). */
  cardBlocked: '2200000000000012',
  /** Pre-Auth refused: certificate processing unavailable (response 902, HTTP 503). */
  processingUnavailable: '2200000000000020',
  /** Pre-Auth refused at once as if the Treasury registry timed out (response 903, HTTP 504). */
  registryTimeout: '2200000000000038',
  /**
   * At the terminal: the certificate part goes through, the own-funds part is declined (operation
   * status 1 of the terminal driver standard). The demo world gives it a certificate.
   */
  ownFundsDeclined: '2200000000000046',
} as const;

export type MagicCard = keyof typeof MAGIC_CARDS;

const MAGIC_BY_HASH: Record<string, MagicCard> = Object.fromEntries(
  (Object.entries(MAGIC_CARDS) as Array<[MagicCard, string]>).map(([k, pan]) => [sha256Hex(pan), k]),
);

export const magicCardOf = (panHash: string): MagicCard | undefined => MAGIC_BY_HASH[panHash];

// --- Demo world constants (documented; the same in every namespace) ------------------------------

export const DEMO = {
  merchantId: 'fes-demo-merchant',
  pointId: 'fes-demo-point',
  merchant: { inn: '7707083893', kpp: '770701001', ogrn: '1027700132195', name: 'ООО «Полигон-Демо»', brand: 'Полигон' },
  point: { name: 'Демо-салон ТСР', address: 'г. Москва, ул. Примерная, д. 1', onlineShop: false },
  cashRegisterId: 'CR-DEMO-0001',
  vendor: 'POLIGON-TEST-VENDOR',
  /** The demo merchant administrator's LK FES sign-in when FES makes the merchant itself (public sandbox values). */
  adminEmail: 'admin@fes-demo.poligon.example',
  /** The demo administrator's password, whichever e-mail GIS ES gave (set a day before the demo world's now). */
  adminPassword: 'DemoAdmin2026',
  apiKey: 'demo-api-key-3f6c1a9e5b7d4c2a8e0f1b3d5a7c9e2f',
  macKey: 'demo-mac-key-9b2e4d6f8a0c1e3b5d7f9a2c4e6b8d0f',
  cards: [
    {
      pan: '2200123456789019',
      label: 'two certificates (wheelchair, hearing aid)',
      certificates: [
        { certificateId: '907581400329309796796000000001', truKinds: ['300126010.000000001'], quantity: 2, maxUnitPrice: 5_000_000 },
        { certificateId: '907581400329309796796000000002', truKinds: ['300127020.000000002'], quantity: 4, maxUnitPrice: 1_500_000 },
      ],
    },
    {
      pan: '2200987654321092',
      label: 'one certificate with a low unit cap (FES-07: the rest is own funds)',
      certificates: [
        { certificateId: '907581400329309796796000000003', truKinds: ['300126010.000000001'], quantity: 1, maxUnitPrice: 1_000_000 },
      ],
    },
    { pan: '2200555500001117', label: 'no certificates (production test: any valid Mir card)', certificates: [] },
    {
      pan: '2200000000000046',
      label: 'magic: the terminal declines the own-funds part (operation status 1), the certificate part goes through',
      certificates: [
        { certificateId: '907581400329309796796000000004', truKinds: ['300126010.000000001'], quantity: 5, maxUnitPrice: 1_000_000 },
      ],
    },
  ],
} as const;
