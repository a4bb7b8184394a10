import { describe, expect, it } from 'vitest';
import {
  generateInn, generateMirPan, generateOgrn, generateSnils, isValidInn, isValidKpp, isValidLuhn, isValidMirPan,
  isValidOgrn, isValidSnils, seededRandom,
} from '../../src/data/checksums.js';
import { generateFromSchema, russianFaker } from '../../src/data/generate.js';
import { describeTruProblem, isTruFull, isTruKind, PRODUCTION_TEST_TRU, truKindOf } from '../../src/data/tru.js';
import { sandboxSchemas } from '../../src/engine/app.js';
import { counterSimulator } from './fixtures/counter.js';

describe('registry identifiers with real check digits (published examples)', () => {
  it('INN: Sberbank 7707083893 and a 12-digit personal INN pass; a changed digit fails', () => {
    expect(isValidInn('7707083893')).toBe(true);
    expect(isValidInn('7707083894')).toBe(false);
    expect(isValidInn('500100732259')).toBe(true);
    expect(isValidInn('500100732258')).toBe(false);
    expect(isValidInn('77070838')).toBe(false);
  });
  it('OGRN 1027700132195 (Sberbank) passes, OGRNIP 304500116000157 passes', () => {
    expect(isValidOgrn('1027700132195')).toBe(true);
    expect(isValidOgrn('1027700132196')).toBe(false);
    expect(isValidOgrn('304500116000157')).toBe(true);
  });
  it('KPP shape', () => {
    expect(isValidKpp('773601001')).toBe(true);
    expect(isValidKpp('7736AB001')).toBe(true);
    expect(isValidKpp('77360100')).toBe(false);
  });
  it('SNILS 112-233-445 95 passes, a changed check fails', () => {
    expect(isValidSnils('11223344595')).toBe(true);
    expect(isValidSnils('112-233-445 95')).toBe(true);
    expect(isValidSnils('11223344596')).toBe(false);
  });
  it('Mir PANs must be 2200–2204 and pass Luhn', () => {
    expect(isValidLuhn('4111111111111111')).toBe(true);
    expect(isValidMirPan('4111111111111111')).toBe(false);
    const pan = generateMirPan(seededRandom(1));
    expect(isValidMirPan(pan)).toBe(true);
    expect(isValidMirPan(pan.slice(0, -1) + ((Number(pan.at(-1)) + 1) % 10))).toBe(false);
  });
  it('generated values always pass their own validators, and repeat for a seed', () => {
    const rnd = seededRandom('x');
    for (let i = 0; i < 200; i++) {
      expect(isValidInn(generateInn('legal', rnd))).toBe(true);
      expect(isValidInn(generateInn('person', rnd))).toBe(true);
      expect(isValidOgrn(generateOgrn('legal', rnd))).toBe(true);
      expect(isValidOgrn(generateOgrn('person', rnd))).toBe(true);
      expect(isValidSnils(generateSnils(rnd))).toBe(true);
      expect(isValidMirPan(generateMirPan(rnd))).toBe(true);
    }
    expect(generateInn('legal', seededRandom(5))).toBe(generateInn('legal', seededRandom(5)));
  });
});

describe('TRU codes (TRU-01)', () => {
  it('accepts kind and full codes and explains what is wrong with others', () => {
    expect(isTruKind('123456789.123456789')).toBe(true);
    expect(isTruFull(PRODUCTION_TEST_TRU)).toBe(true);
    expect(truKindOf(PRODUCTION_TEST_TRU)).toBe('999999999.999999999');
    expect(isTruFull('123456789.123456789')).toBe(false);
    expect(describeTruProblem('12345.6789', 'kind')).toMatch(/19 characters/);
    expect(describeTruProblem('123456789.1234567890000', 'full')).toMatch(/30 characters.*got "123456789.1234567890000" \(23 chars\)/);
    expect(describeTruProblem(PRODUCTION_TEST_TRU, 'full')).toBeUndefined();
  });
});

describe('schema-driven generation', () => {
  it('generates data that its own schema accepts, with real checksums, repeatably', () => {
    const a = generateFromSchema(sandboxSchemas([counterSimulator]), 'test/counter.request', 42);
    expect(sandboxSchemas([counterSimulator]).validate('test/counter.request', a)).toEqual([]);
    expect(generateFromSchema(sandboxSchemas([counterSimulator]), 'test/counter.request', 42)).toEqual(a);
  });
  it('faker speaks Russian', () => {
    expect(russianFaker(1).person.lastName()).toMatch(/[А-Яа-яЁё]/);
  });
});
