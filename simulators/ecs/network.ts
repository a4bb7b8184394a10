// The per-organization address list of §9.2: exact addresses, or CIDR networks (a modeled convenience
// for docker networks). IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) count as their IPv4 address.
import { BlockList, isIP } from 'node:net';

export function normalizeIp(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  return mapped ? mapped[1]! : ip;
}

function parseEntry(entry: string): { address: string; prefix?: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [address = '', prefixText, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length) return undefined;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) return { address, family };
  const prefix = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > (version === 4 ? 32 : 128)) return undefined;
  return { address, prefix, family };
}

/** The entries that are neither an address nor a network. */
export function invalidIpEntries(entries: string[]): string[] {
  return entries.filter((e) => !parseEntry(e));
}

// Compiled lists by their entries: state holds plain arrays, and most requests check the same few
// organizations from the same few addresses, so a list is compiled once, each address's verdict kept
// with it (BlockList.check builds address objects on every call), and a changed list gets a new key.
interface CompiledList { list: BlockList; verdicts: Map<string, boolean> }
const compiledLists = new Map<string, CompiledList>();
const COMPILED_LIMIT = 1_000;
const VERDICTS_LIMIT = 1_000;

function compiled(entries: string[]): CompiledList {
  const cacheKey = JSON.stringify(entries);
  let found = compiledLists.get(cacheKey);
  if (!found) {
    const list = new BlockList();
    for (const entry of entries) {
      const parsed = parseEntry(entry);
      if (!parsed) continue;
      if (parsed.prefix === undefined) list.addAddress(parsed.address, parsed.family);
      else list.addSubnet(parsed.address, parsed.prefix, parsed.family);
    }
    found = { list, verdicts: new Map() };
    if (compiledLists.size >= COMPILED_LIMIT) compiledLists.clear();
    compiledLists.set(cacheKey, found);
  }
  return found;
}

export function ipAllowed(ip: string, entries: string[]): boolean {
  const { list, verdicts } = compiled(entries);
  let allowed = verdicts.get(ip);
  if (allowed === undefined) {
    const address = normalizeIp(ip);
    const family = isIP(address);
    allowed = family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
    if (verdicts.size >= VERDICTS_LIMIT) verdicts.clear();
    verdicts.set(ip, allowed);
  }
  return allowed;
}
