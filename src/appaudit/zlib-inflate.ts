import { inflateRawSync } from 'node:zlib';
import type { Inflate } from './zip-read.js';

/** Raw DEFLATE through node:zlib, stopped by zlib itself once `maxBytes` would be passed. */
export const zlibInflate: Inflate = (raw, maxBytes) => {
  const out = inflateRawSync(raw, { maxOutputLength: Math.max(1, maxBytes) });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
};
