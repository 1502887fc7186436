import type { Rng } from './types.js';

/** A small seeded PRNG (mulberry32); deterministic lab addresses, serials and MACs. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** `count` random characters from `alphabet`. */
export function randomChars(rng: Rng, count: number, alphabet = '0123456789ABCDEF'): string {
  let out = '';
  for (let i = 0; i < count; i++) out += alphabet[randomInt(rng, alphabet.length)] ?? '0';
  return out;
}

/** `count` random bytes. */
export function randomBytes(rng: Rng, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = randomInt(rng, 256);
  return out;
}

/** A random RFC 4122 version-4 UUID (lower-case). */
export function randomUuid(rng: Rng): string {
  const h = randomChars(rng, 32, '0123456789abcdef');
  const variant = '89ab'[randomInt(rng, 4)] ?? '8';
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
}

/** A MAC under `oui` (`44:19:b6`) with three random octets, lower-case, colon-separated. */
export function randomMac(rng: Rng, oui: string): string {
  const tail = Array.from(randomBytes(rng, 3), (b) => b.toString(16).padStart(2, '0'));
  return [oui.toLowerCase(), ...tail].join(':');
}
