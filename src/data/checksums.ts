// Russian registry identifiers and Mir card numbers with their real check digits.
// Generators take a random source so that seeded runs are repeatable.

export type Random = () => number;

const digits = (s: string): number[] => [...s].map(Number);
const randomDigits = (n: number, rnd: Random): string =>
  Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');

function innCheckDigit(body: number[], weights: number[]): number {
  const sum = weights.reduce((acc, w, i) => acc + w * body[i]!, 0);
  return (sum % 11) % 10;
}

const INN10_W = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_W1 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_W2 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

/** INN: 10 digits for a legal entity, 12 for a person or individual entrepreneur. */
export function isValidInn(value: string): boolean {
  if (!/^\d{10}$|^\d{12}$/.test(value)) return false;
  const d = digits(value);
  if (d.length === 10) return innCheckDigit(d, INN10_W) === d[9];
  return innCheckDigit(d, INN12_W1) === d[10] && innCheckDigit(d, INN12_W2) === d[11];
}

export function generateInn(kind: 'legal' | 'person', rnd: Random = Math.random): string {
  if (kind === 'legal') {
    const body = '7' + randomDigits(8, rnd);
    return body + innCheckDigit(digits(body), INN10_W);
  }
  const body = '7' + randomDigits(9, rnd);
  const c1 = innCheckDigit(digits(body), INN12_W1);
  const c2 = innCheckDigit(digits(body + c1), INN12_W2);
  return `${body}${c1}${c2}`;
}

/** KPP: 4 digits of tax office, 2 of reason (digits or capital Latin letters), 3 of sequence. */
export function isValidKpp(value: string): boolean {
  return /^\d{4}[\dA-Z]{2}\d{3}$/.test(value);
}

export function generateKpp(rnd: Random = Math.random): string {
  return '77' + randomDigits(2, rnd) + '01' + '001';
}

/** OGRN (13 digits, mod 11) and OGRNIP (15 digits, mod 13); the last digit checks the rest. */
export function isValidOgrn(value: string): boolean {
  if (!/^\d{13}$|^\d{15}$/.test(value)) return false;
  const body = BigInt(value.slice(0, -1));
  const mod = value.length === 13 ? 11n : 13n;
  return Number((body % mod) % 10n) === Number(value.at(-1));
}

export function generateOgrn(kind: 'legal' | 'person', rnd: Random = Math.random): string {
  const body = kind === 'legal' ? '1' + randomDigits(11, rnd) : '3' + randomDigits(13, rnd);
  const mod = kind === 'legal' ? 11n : 13n;
  return body + String((BigInt(body) % mod) % 10n);
}

/** SNILS: 11 digits, the last two check the first nine (numbers up to 001-001-998 carry no check). */
export function isValidSnils(value: string): boolean {
  const plain = value.replace(/[-\s]/g, '');
  if (!/^\d{11}$/.test(plain)) return false;
  const body = plain.slice(0, 9);
  if (Number(body) <= 1001998) return true;
  return snilsCheck(body) === plain.slice(9);
}

function snilsCheck(body: string): string {
  const sum = digits(body).reduce((acc, d, i) => acc + d * (9 - i), 0);
  let check = sum % 101;
  if (check === 100) check = 0;
  return String(check).padStart(2, '0');
}

export function generateSnils(rnd: Random = Math.random): string {
  const body = String(2_000_000 + Math.floor(rnd() * 997_000_000)).padStart(9, '0');
  return body + snilsCheck(body);
}

export function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidLuhn(value: string): boolean {
  return /^\d{12,19}$/.test(value) && luhnCheckDigit(value.slice(0, -1)) === Number(value.at(-1));
}

/** Mir card numbers: 16 digits in the 2200–2204 BIN ranges with a Luhn check digit. */
export function isValidMirPan(value: string): boolean {
  return /^220[0-4]\d{12}$/.test(value) && isValidLuhn(value);
}

export function generateMirPan(rnd: Random = Math.random, prefix?: string): string {
  const start = prefix ?? `220${Math.floor(rnd() * 5)}`;
  const body = start + randomDigits(15 - start.length, rnd);
  return body + luhnCheckDigit(body);
}

/** A deterministic pseudo-random source (mulberry32), so that seeded data is repeatable. */
export function seededRandom(seed: number | string): Random {
  let a = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
