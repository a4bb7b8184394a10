// Issue #17: a Russian report prints the texts a pack writes in English (a basis's reference or reason, a
// sandbox-only or skip reason) in the pack's own Russian wording (its `translations`), and the requirement
// sources of the catalogue in Russian words. Every shipped pack's such text, worded in Russian, holds no
// English word of a fixed list; no translation is left over for a text the pack no longer writes. An English
// report prints the English the certification packs give for their Russian titles and demo names.
import { describe, expect, it } from 'vitest';
import { packText, schemaExpectedText, sourceText } from '../../src/reports/i18n.js';
import { parseBasis } from '../../src/scenario/basis.js';
import { REQUIREMENTS } from '../../src/requirements/catalogue.js';
import { SHIPPED_PACKS, shippedPack } from '../packs/helpers.js';

/** English words a Russian report must not print (typed by hand); not a part of a name such as result.code or /connect/token. */
const ENGLISH = /(?<![./])\b(the|of|and|is|by|not|only|to|at|per|as|its|a|an|no|with|through|gives|fixes|shows|refused|code|status|operation|public|record|modeled|seed|terms|App|mode|moves|clock|magic|value|bank|holder|sandbox|injected|optional|message|wording|token|answer|error|regulation)\b/;

/** The reasons a pack gives with its checks (`because`, written in Russian). */
function becauseTexts(spec: unknown): string[] {
  const found = new Set<string>();
  const walk = (v: unknown, key?: string): void => {
    if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => walk(x, k));
    else if (typeof v === 'string' && key === 'because') found.add(v);
  };
  walk(spec);
  return [...found];
}

/** The English texts of a pack that its reports print. */
function writtenTexts(spec: unknown): string[] {
  const found = new Set<string>();
  const walk = (v: unknown, key?: string): void => {
    if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => { if (k !== 'translations') walk(x, k); });
    else if (typeof v === 'string' && (key === 'basis' || key === 'statusBasis')) { const d = parseBasis(v).detail; if (d) found.add(d); }
    else if (typeof v === 'string' && (key === 'sandboxOnly' || key === 'skip')) found.add(v);
  };
  walk(spec);
  return [...found];
}

describe('pack-written texts in Russian', () => {
  for (const id of SHIPPED_PACKS) {
    it(`${id}: every basis reference or reason and every sandbox-only reason has Russian wording, and no translation is unused`, () => {
      const { spec } = shippedPack(id);
      const texts = writtenTexts(spec);
      expect(texts.filter((text) => ENGLISH.test(packText('ru', spec.translations, text)))).toEqual([]);
      // the English of the Russian the pack writes: its title and the demo names of its system under test
      const russian = [spec.title, spec.sut?.organization, spec.sut?.bank, ...becauseTexts(spec)].filter((x): x is string => x !== undefined);
      expect(Object.entries(spec.translations ?? {}).filter(([en, ru]) => !texts.includes(en) && !russian.includes(ru)).map(([en]) => en)).toEqual([]);
      // an English report names the certification packs and their demo organizations in English
      if (['fes-certification', 'ecs-type-1', 'ecs-type-2', 'ecs-type-3', 'e2e-sale'].includes(id)) {
        expect(russian.map((r) => packText('en', spec.translations, r)).filter((r) => /[а-яё]/i.test(r))).toEqual([]);
      }
      // under --lang en the pack's own English is printed as written
      for (const text of texts) expect(packText('en', spec.translations, text)).toBe(text);
    });
  }

  for (const id of SHIPPED_PACKS) {
    it(`#18 ${id}: every await step tells the operator in Russian and in English`, () => {
      const steps = shippedPack(id).spec.cases.flatMap((c) => c.steps.flatMap((s) => ('await' in s ? [{ at: `${c.id}/${String((s.await as { title?: string }).title)}`, i: (s.await as { instructions: unknown }).instructions }] : [])));
      const bad = steps.filter(({ i }) => {
        if (typeof i !== 'object' || i === null) return true;
        const { ru, en } = i as { ru?: string; en?: string };
        // Russian in ru; no Cyrillic in en, nor a variable holding Russian (fes, ecs: their English is fesEn, ecsEn)
        return !/[а-яё]/i.test(ru ?? '') || !en || /[а-яё]/i.test(en) || /\$\{(fes|ecs)\}/.test(en);
      });
      expect(bad.map((s) => s.at)).toEqual([]);
    });
  }

  it('requirement sources of the catalogue are worded in Russian words', () => {
    expect(sourceText('ru', '§2 terms, §4.5, modeled')).toBe('§2 термины, §4.5, смоделировано');
    expect(sourceText('ru', 'public record (terminal driver standard)')).toBe('открытые материалы (стандарт драйвера терминала)');
    expect(sourceText('ru', '§4.2, seed 001')).toBe('§4.2, исходный документ 001');
    expect(sourceText('ru', 'App. 9, §8.2')).toBe('Прил. 9, §8.2');
    expect(sourceText('en', '§2 terms, §4.5, modeled')).toBe('§2 terms, §4.5, modeled');
    expect(REQUIREMENTS.map((r) => sourceText('ru', r.source)).filter((s) => ENGLISH.test(s))).toEqual([]);
  });
});

describe('a JSON Schema\'s demand in Russian', () => {
  it('the schema registry\'s English is worded whole, with Russian plural forms; anything else is left as it is', () => {
    expect(schemaExpectedText('ru', 'at least 1 characters')).toBe('не менее 1 символа');
    expect(schemaExpectedText('ru', 'at most 24 characters')).toBe('не более 24 символов');
    expect(schemaExpectedText('ru', 'at least 2 items')).toBe('не менее 2 элементов');
    expect(schemaExpectedText('ru', 'field "basketId" to be present')).toBe('наличие поля "basketId"');
    expect(schemaExpectedText('ru', 'no fields other than those the schema lists')).toBe('только поля, перечисленные в схеме');
    expect(schemaExpectedText('ru', 'a number >= 1')).toBe('число >= 1');
    expect(schemaExpectedText('ru', 'something else')).toBe('something else');
    expect(schemaExpectedText('en', 'at least 1 characters')).toBe('at least 1 characters');
  });
});
