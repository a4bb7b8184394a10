// What a FES profile text is refused for, as file:line: message lines (none when it is accepted).
import { parseProfile, ProfileError } from '../../simulators/fes/profile.js';

export const problemsOf = (text: string): string[] => {
  try {
    parseProfile(text, 'bad.yaml');
  } catch (e) {
    if (e instanceof ProfileError) return e.problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
    throw e;
  }
  return [];
};

/** The 1-based line of the first line holding `needle`. */
export const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
