// Domain string formats, shared by validation (ajv) and generation (json-schema-faker), so that a
// schema saying `"format": "inn"` both checks the real checksum and produces values that pass it.
import {
  generateInn, generateKpp, generateMirPan, generateOgrn, generateSnils,
  isValidInn, isValidKpp, isValidMirPan, isValidOgrn, isValidSnils, type Random,
} from './checksums.js';
import { isTruFull, isTruKind } from './tru.js';

export interface DomainFormat {
  validate(value: string): boolean;
  generate(rnd: Random): string;
  description: string;
}

const randomTruKind = (rnd: Random): string => {
  const n = (len: number) => Array.from({ length: len }, () => Math.floor(rnd() * 10)).join('');
  return `${n(9)}.${n(9)}`;
};

export const DOMAIN_FORMATS: Record<string, DomainFormat> = {
  inn: { validate: isValidInn, generate: (r) => generateInn('legal', r), description: 'INN with valid check digits (10 or 12 digits)' },
  kpp: { validate: isValidKpp, generate: generateKpp, description: 'KPP (9 characters)' },
  ogrn: { validate: isValidOgrn, generate: (r) => generateOgrn('legal', r), description: 'OGRN (13 digits) or OGRNIP (15 digits) with valid check digit' },
  snils: { validate: isValidSnils, generate: generateSnils, description: 'SNILS (11 digits) with valid check number' },
  'mir-pan': { validate: isValidMirPan, generate: (r) => generateMirPan(r), description: 'Mir card number: 16 digits, 2200–2204, Luhn' },
  'tru-kind': { validate: isTruKind, generate: randomTruKind, description: 'TRU kind code NNNNNNNNN.NNNNNNNNN' },
  'tru-full': { validate: isTruFull, generate: (r) => `${randomTruKind(r)}${'0'.repeat(11)}`, description: 'full TRU code NNNNNNNNN.NNNNNNNNNYYYYMMMMZZZ' },
};
