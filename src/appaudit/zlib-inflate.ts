import { inflateRawSync } from 'node:zlib';
import type { Inflate } from './zip-read.js';

/** Raw DEFLATE through node:zlib, stopped by zlib itself once `maxBytes` would be passed. */
export const zlibInflate: Inflate = (raw, maxBytes) => {
  // One output chunk of the declared size: no concatenation of 16 KiB pieces afterwards.
  const chunkSize = Math.min(Math.max(maxBytes, 64 * 1024), 256 * 1024 ** 2);
  const out = inflateRawSync(raw, { maxOutputLength: Math.max(1, maxBytes), chunkSize });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
};
