// HEIC (what iPhones shoot) decoded to RGBA by libheif compiled to WebAssembly (npm heic-decode
// over libheif-js, LGPL-3.0; the .wasm is inside the package, nothing is downloaded). sharp's
// prebuilt libvips has no HEVC decoder, so these pixels are handed to sharp raw. The image's size
// is read from its header (`ispe`) and checked against the pixel limit before any pixel is
// decoded. libheif applies the container's rotation and mirroring (`irot`, `imir`) and crops
// (`clap`) while decoding, so the pixels come out upright; EXIF orientation inside an HEIC is not
// applied (ISO/IEC 23008-12 says the transformative properties rule).
import { createRequire } from 'node:module';
import { TooLargeError, UserError } from '../shared/errors.js';

/** 8-bit RGBA pixels, row by row, four bytes each. */
export interface RgbaImage {
  data: Uint8Array;
  width: number;
  height: number;
}

interface HeicImage {
  width: number;
  height: number;
  decode: () => Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
}
type DecodeAll = (input: { buffer: Uint8Array }) => Promise<HeicImage[] & { dispose: () => void }>;

// heic-decode is CommonJS without types.
const require = createRequire(import.meta.url);
let decodeAll: DecodeAll | undefined;

/** The first (primary) image of the HEIC `bytes`; bad input is a one-line UserError. */
export async function decodeHeic(bytes: Uint8Array, maxPixels: number): Promise<RgbaImage> {
  const all = (decodeAll ??= (require('heic-decode') as { all: DecodeAll }).all);
  const images = await quietly(() => all({ buffer: bytes }));
  try {
    const first = images[0];
    if (first === undefined) throw new UserError('photo: the HEIC holds no image');
    const { width, height } = first;
    if (!(width > 0 && height > 0))
      throw new UserError(`photo: the HEIC's header gives its size as ${width} x ${height}`);
    if (width * height > maxPixels)
      throw new TooLargeError(`photo: over ${maxPixels / 1e6} megapixels, the limit`);
    const out = await quietly(() => first.decode());
    if (out.width !== width || out.height !== height || out.data.length !== width * height * 4)
      throw new UserError(`photo: the HEIC decoded to a different size than its header gives`);
    return {
      data: new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.length),
      width,
      height,
    };
  } finally {
    images.dispose();
  }
}

/**
 * `step`'s result; when it fails, a UserError with libheif's reason. libheif-js prints why a file
 * cannot be read (to console.log) and then fails with a vaguer message of its own, so what it
 * prints while `step` runs is kept for the error instead of reaching the server's output.
 */
async function quietly<T>(step: () => Promise<T>): Promise<T> {
  const said: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => {
    said.push(args.map(logged).join(' '));
  };
  try {
    return await step();
  } catch (e) {
    const why = said.length > 0 ? said.join('; ') : reason(e);
    throw new UserError(`photo: the HEIC cannot be decoded (${oneLine(why)})`, { cause: e });
  } finally {
    console.log = log;
  }
}

/** What libheif-js logs: text, or an error object whose `message` says it. */
function logged(v: unknown): string {
  if (typeof v === 'object' && v !== null && 'message' in v && typeof v.message === 'string')
    return v.message.trim();
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

/** A thrown value's first line, short: libheif's own words, or an Emscripten abort. */
const reason = (e: unknown): string => oneLine(e instanceof Error ? e.message : String(e));
const oneLine = (s: string): string => (s.split('\n')[0] ?? '').slice(0, 160) || 'no reason given';
