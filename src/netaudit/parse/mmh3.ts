/**
 * MurmurHash3 x86 32-bit of a favicon as Shodan computes it: over the base64 text with a newline
 * every 76 characters and at the end (Python's base64.encodebytes), as a signed 32-bit integer.
 */
export function faviconMmh3(base64: string): number {
  const lines = base64.match(/.{1,76}/g) ?? [];
  return murmur3(new TextEncoder().encode(lines.map((l) => `${l}\n`).join('')), 0);
}

/** MurmurHash3 x86_32 over bytes, returned signed (as Python's mmh3.hash does). */
export function murmur3(data: Uint8Array, seed: number): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed >>> 0;
  const blocks = data.length >>> 2;
  for (let i = 0; i < blocks; i++) {
    const j = i * 4;
    let k =
      (data[j] ?? 0) |
      ((data[j + 1] ?? 0) << 8) |
      ((data[j + 2] ?? 0) << 16) |
      ((data[j + 3] ?? 0) << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = blocks * 4;
  const rest = data.length & 3;
  if (rest > 0) {
    let k = 0;
    if (rest === 3) k ^= (data[tail + 2] ?? 0) << 16;
    if (rest >= 2) k ^= (data[tail + 1] ?? 0) << 8;
    k ^= data[tail] ?? 0;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= data.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
