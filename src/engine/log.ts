// The console log. Lines pass through secret masking by the names any system uses; a sandbox's log
// (maskingLogger) masks by its own simulators' secret names too, and by the value of every secret
// the sandbox holds, before they are written.
import type { PoligonConfig } from './config.js';
import { GENERIC_SECRET_NAMES, maskText, SecretValues, type SecretNames } from './secrets.js';

export type Logger = { info(line: string): void; debug(line: string): void; error(line: string): void };

export function createLogger(level: PoligonConfig['logLevel'], write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const at = { silent: 0, info: 1, debug: 2 }[level];
  return {
    info: (l) => at >= 1 && write(maskText(l, GENERIC_SECRET_NAMES)),
    debug: (l) => at >= 2 && write(maskText(l, GENERIC_SECRET_NAMES)),
    error: (l) => at >= 1 && write(maskText(l, GENERIC_SECRET_NAMES)),
  };
}

/** `log` masking by a sandbox's secret names and by the value of every secret in `held()` (what its namespaces hold). */
export function maskingLogger(log: Logger, names: SecretNames, held: () => Iterable<string>): Logger {
  const mask = (line: string) => maskText(line, names, new SecretValues(new Set(held())));
  return {
    info: (l) => log.info(mask(l)),
    debug: (l) => log.debug(mask(l)),
    error: (l) => log.error(mask(l)),
  };
}
