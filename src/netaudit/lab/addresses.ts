// Lab addresses (pure): a base CIDR inside 127.0.0.0/8, and a seeded choice of host addresses in it.
import { UserError } from '../../shared/errors.js';
import { randomInt } from './rng.js';
import type { Rng } from './types.js';

/** A parsed IPv4 CIDR: first address as a number, and the prefix length. */
export interface LabBase {
  network: number;
  prefix: number;
}

function ipToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255))
    return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/** Dotted-quad form of a 32-bit address. */
export function numberToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/**
 * Parses `127.77.0.0/16` (or a bare address, meaning /32). Refuses anything outside
 * 127.0.0.0/8: the lab only ever binds loopback addresses.
 */
export function parseLabBase(base: string): LabBase {
  const [ip = '', prefixText = '32'] = base.trim().split('/');
  const address = ipToNumber(ip);
  const prefix = /^\d{1,2}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (address === undefined || !(prefix >= 8 && prefix <= 32)) {
    throw new UserError(`lab base "${base}" is not an IPv4 CIDR such as 127.77.0.0/16`);
  }
  if (Math.floor(address / 2 ** 24) !== 127) {
    throw new UserError(
      `lab base "${base}" is outside 127.0.0.0/8; the device lab only binds loopback addresses`,
    );
  }
  const size = 2 ** (32 - prefix);
  return { network: address - (address % size), prefix };
}

/** True for addresses the lab avoids: x.x.x.0, x.x.x.255 and 127.0.0.0/24 (where real services live). */
function isAvoided(n: number): boolean {
  const last = n % 256;
  return last === 0 || last === 255 || Math.floor(n / 256) === 127 * 65536;
}

/** `count` distinct addresses in the base, chosen by `rng` (deterministic for a seed), sorted. */
export function pickLabAddresses(base: LabBase, count: number, rng: Rng): string[] {
  const size = 2 ** (32 - base.prefix);
  const usable: number[] = [];
  // Small bases: enumerate. Large ones: sample, since /8 has 16 M addresses.
  if (size <= 65536) {
    for (let i = 0; i < size; i++) if (!isAvoided(base.network + i)) usable.push(base.network + i);
    if (count > usable.length) {
      throw new UserError(
        `lab base /${base.prefix} has ${usable.length} usable addresses; ${count} devices asked`,
      );
    }
    for (let i = 0; i < count; i++) {
      const j = i + randomInt(rng, usable.length - i);
      [usable[i], usable[j]] = [usable[j] ?? 0, usable[i] ?? 0];
    }
    return usable
      .slice(0, count)
      .sort((a, b) => a - b)
      .map(numberToIp);
  }
  const chosen = new Set<number>();
  while (chosen.size < count) {
    const n = base.network + randomInt(rng, size);
    if (!isAvoided(n)) chosen.add(n);
  }
  return [...chosen].sort((a, b) => a - b).map(numberToIp);
}
