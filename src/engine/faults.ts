// Fault injection per namespace: latency (fixed or random), a chosen error answer, an HTML error page
// (what a proxy in front of a service answers), or a dropped connection, for the next N matching
// requests or a share of them, per operation.
import { STATUS_CODES } from 'node:http';
import type { Random } from '../data/checksums.js';

export interface FaultRuleInput {
  /** `simulator.operationId`, `simulator.*` or `*`. */
  operation: string;
  kind: 'latency' | 'error' | 'html' | 'drop';
  latencyMs?: number;
  /** With latencyMs: a uniformly random delay between the two. */
  latencyMaxMs?: number;
  /** For `error`: an error code from the catalogue (rendered in the simulator's format)… */
  errorCode?: string;
  /** …or a raw answer. For `html`: the page's status (default 502). */
  status?: number;
  body?: unknown;
  /** Only the next N matching requests (default: every one). */
  times?: number;
  /** Only this share (0–1) of matching requests. */
  probability?: number;
}

export interface FaultRule extends FaultRuleInput {
  id: string;
  /** How many more requests it applies to; undefined for no limit. */
  remaining?: number;
  hits: number;
}

export interface FaultDecision {
  rule: FaultRule;
  delayMs: number;
}

function operationMatches(pattern: string, operation: string): boolean {
  if (pattern === '*' || pattern === operation) return true;
  return pattern.endsWith('.*') && operation.startsWith(pattern.slice(0, -1));
}

export class FaultSet {
  private rules: FaultRule[] = [];
  private nextId = 1;

  constructor(private readonly random: Random) {}

  add(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = { ...input, id: `fault-${this.nextId++}`, remaining: input.times, hits: 0 };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  /** The faults that apply to this request, in the order they were added; consumes their counts. */
  take(operation: string): FaultDecision[] {
    if (this.rules.length === 0) return [];
    const decisions: FaultDecision[] = [];
    for (const rule of this.rules) {
      if (!operationMatches(rule.operation, operation)) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      rule.hits++;
      if (rule.remaining !== undefined) rule.remaining--;
      const delayMs = rule.kind === 'latency'
        ? rule.latencyMaxMs !== undefined
          ? rule.latencyMs! + this.random() * (rule.latencyMaxMs - rule.latencyMs!)
          : rule.latencyMs ?? 0
        : 0;
      decisions.push({ rule, delayMs });
    }
    this.rules = this.rules.filter((r) => r.remaining === undefined || r.remaining > 0);
    return decisions;
  }
}

/** The page a `html` fault answers: a proxy's error page, as clients that expect JSON must survive it. */
export function htmlErrorPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>\n`;
}
