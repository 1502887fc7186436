// Which format a blob is, from its first bytes (and SquashFS/CramFS superblock magics).
import { isDahuaZip } from './dahua.js';
import { sniffHikvision } from './hikvision.js';
import { isTar } from './tar.js';
import { isUImage } from './uimage.js';

/** Formats the unpacker knows. */
export type BlobFormat =
  | 'hikvision'
  | 'dahua-zip'
  | 'zip'
  | 'uimage'
  | 'gzip'
  | 'xz'
  | 'lzma'
  | 'tar'
  | 'squashfs'
  | 'cramfs'
  | 'elf'
  | 'unknown';

const at = (b: Uint8Array, i: number, ...xs: number[]): boolean =>
  xs.every((x, k) => b[i + k] === x);

/** The format of a blob by its magic numbers. */
export function sniffFormat(b: Uint8Array): BlobFormat {
  if (sniffHikvision(b) !== undefined) return 'hikvision';
  if (isDahuaZip(b)) return 'dahua-zip';
  if (at(b, 0, 0x50, 0x4b, 0x03, 0x04)) return 'zip';
  if (isUImage(b)) return 'uimage';
  if (at(b, 0, 0x1f, 0x8b)) return 'gzip';
  if (at(b, 0, 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) return 'xz';
  // "hsqs" (little-endian SquashFS 4) or "sqsh" (big-endian).
  if (at(b, 0, 0x68, 0x73, 0x71, 0x73) || at(b, 0, 0x73, 0x71, 0x73, 0x68)) return 'squashfs';
  // CramFS magic 0x28cd3d45, either byte order.
  if (at(b, 0, 0x45, 0x3d, 0xcd, 0x28) || at(b, 0, 0x28, 0xcd, 0x3d, 0x45)) return 'cramfs';
  if (at(b, 0, 0x7f, 0x45, 0x4c, 0x46)) return 'elf';
  if (isTar(b)) return 'tar';
  // LZMA-alone: properties byte 0x5D, a power-of-two dictionary size (the .tar.lzma of NVRs).
  if (b.length >= 13 && b[0] === 0x5d && b[1] === 0 && b[2] === 0 && (b[3] ?? 0) <= 0x80)
    return 'lzma';
  return 'unknown';
}
