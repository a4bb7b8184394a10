// The sandbox's console log. Lines pass through secret masking by name before they are written.
import type { PoligonConfig } from './config.js';

export type Logger = { info(line: string): void; debug(line: string): void; error(line: string): void };

export function createLogger(level: PoligonConfig['logLevel'], write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const at = { silent: 0, info: 1, debug: 2 }[level];
  return {
    info: (l) => at >= 1 && write(l),
    debug: (l) => at >= 2 && write(l),
    error: (l) => at >= 1 && write(l),
  };
}
