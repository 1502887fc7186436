// The ZIP writer's DEFLATE and CRC-32, from node:zlib.
import { crc32, deflateRawSync } from 'node:zlib';
import type { ZipCodec } from './zip-write.js';

/** DEFLATE (level 6) and CRC-32 from node:zlib. */
export const zlibZipCodec: ZipCodec = {
  deflate: (data) => new Uint8Array(deflateRawSync(data, { level: 6 })),
  crc32: (data) => crc32(data),
};
