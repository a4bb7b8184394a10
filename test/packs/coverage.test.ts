// Every requirement ID of the catalogue is cited by a case that runs (not skipped), in some shipped pack.
import { describe, expect, it } from 'vitest';
import { coverageTable } from '../../src/cli/packs.js';
import { loadPackFile, packFiles } from '../../src/scenario/loader.js';
import { REQUIREMENTS } from '../../src/requirements/catalogue.js';

describe('requirement coverage of the shipped packs', () => {
  const packs = packFiles().map((f) => loadPackFile(f));

  it('every pack in scenarios/ loads (schema, step kinds, requirement ids)', () => {
    expect(packs.map((p) => p.spec.id)).toEqual(expect.arrayContaining(['fes-certification', 'gis-es-onboarding', 'ecs-type-1', 'ecs-type-2', 'ecs-type-3', 'e2e-sale']));
  });

  it('every catalogue ID is covered by a running case', () => {
    const { uncovered } = coverageTable(packs);
    expect(uncovered).toEqual([]);
    expect(REQUIREMENTS.length).toBeGreaterThan(50);
  });

  it('each result code 01–08 has its own case in each ECS pack (ECS-E01…E08)', () => {
    for (const id of ['ecs-type-1', 'ecs-type-2', 'ecs-type-3']) {
      const pack = packs.find((p) => p.spec.id === id)!;
      const cited = pack.spec.cases.flatMap((c) => c.requirements).filter((r) => /^ECS-E0\d$/.test(r));
      expect(new Set(cited), id).toEqual(new Set(['ECS-E01', 'ECS-E02', 'ECS-E03', 'ECS-E04', 'ECS-E05', 'ECS-E06', 'ECS-E07', 'ECS-E08']));
    }
  });
});
