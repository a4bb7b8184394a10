// The sandbox's console log. Lines pass through secret masking (by name, and by the value of every
// secret the sandbox holds) before they are written.
import type { PoligonConfig } from './config.js';
import { maskText, SecretValues } from './secrets.js';

export type Logger = { info(line: string): void; debug(line: string): void; error(line: string): void };

export function createLogger(level: PoligonConfig['logLevel'], write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const at = { silent: 0, info: 1, debug: 2 }[level];
  return {
    info: (l) => at >= 1 && write(maskText(l)),
    debug: (l) => at >= 2 && write(maskText(l)),
    error: (l) => at >= 1 && write(maskText(l)),
  };
}

/** `log` with every secret in `held()` masked by value as well (the secrets a sandbox's namespaces hold). */
export function maskingLogger(log: Logger, held: () => Iterable<string>): Logger {
  const mask = (line: string) => new SecretValues(new Set(held())).replaceIn(line);
  return {
    info: (l) => log.info(mask(l)),
    debug: (l) => log.debug(mask(l)),
    error: (l) => log.error(mask(l)),
  };
}
