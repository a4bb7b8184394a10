// run.json's JSON Schema (schemas/reports/run.json) as the tests apply it to every run.json they write:
// one validator, compiled once; problems as "pointer: message" lines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

let validate: ValidateFunction | undefined;

export function validateRunJson(data: unknown): string[] {
  if (!validate) {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(new URL('../../schemas/reports/run.json', import.meta.url), 'utf8')));
  }
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

/** The run.json of a run folder, read and checked against the schema (problems as lines; none: valid). */
export const runJsonProblems = (dir: string): string[] => validateRunJson(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')));
