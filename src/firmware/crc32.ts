// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320): what U-Boot's legacy image header
// stores for its header and its data (u-boot include/image.h, lib/crc32.c).

const table = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 of the bytes, continuing from `crc` (0 to start). */
export function crc32(data: Uint8Array, crc = 0): number {
  let c = (crc ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++)
    c = (table[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The byte-sum Hikvision's SWKH header and file table use as checksums, modulo 2^32. */
export function byteSum(data: Uint8Array): number {
  let total = 0;
  let i = 0;
  // Four bytes a step: two 16-bit lanes of a 32-bit word hold pairs of byte sums; folded before
  // they can overflow (128 words add at most 128 * 510 to a lane).
  const aligned = (4 - (data.byteOffset & 3)) & 3;
  for (; i < Math.min(aligned, data.length); i++) total += data[i] as number;
  const words = Math.floor((data.length - i) / 4);
  if (words > 0) {
    const w = new Uint32Array(data.buffer, data.byteOffset + i, words);
    for (let k = 0; k < words;) {
      const end = Math.min(words, k + 128);
      let lanes = 0;
      for (; k < end; k++) {
        const x = w[k] as number;
        lanes += (x & 0x00ff00ff) + ((x >>> 8) & 0x00ff00ff);
      }
      total += (lanes & 0xffff) + (lanes >>> 16);
    }
    i += words * 4;
  }
  for (; i < data.length; i++) total += data[i] as number;
  return total % 0x100000000;
}
