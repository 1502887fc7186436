// A reporter's photo made safe with sharp (libvips): its format recognised by its first bytes,
// decoded within a pixel limit (HEIC by libheif's WebAssembly in a worker, see
// worker-heic-decoder.ts, its pixels then handed to sharp raw), turned upright, scaled down,
// redacted (regions a detector found painted over as solid boxes, which unlike a blur cannot be
// partly undone), and encoded again as a JPEG from the raw pixels alone. Nothing of the original
// file but its pixels reaches the new one: no EXIF (GPS, time, camera, maker note, thumbnails),
// XMP, IPTC, ICC profile or comment.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { TooLargeError, UserError } from '../shared/errors.js';
import type { ReportPhotoInfo } from '../store/index.js';
import { readHeic } from './worker-heic-decoder.js';
import { paintBoxes, type Box, type RgbImage } from './redact.js';

export interface PhotoLimits {
  /** Pixels of the decoded original (width × height). */
  maxInputPixels: number;
  /** The stored photo's longest side; larger ones are scaled down. */
  maxEdgePx: number;
  /** JPEG quality of the stored photo, 1 to 100. */
  quality: number;
}

export const defaultPhotoLimits: PhotoLimits = {
  maxInputPixels: 50_000_000,
  maxEdgePx: 2048,
  quality: 82,
};

/** Finds regions to redact (faces, plates) in an upright RGB image; detection only. */
export type RegionDetector = (image: RgbImage) => Promise<Box[]>;

/** A photo ready to store. */
export interface SafePhoto {
  info: ReportPhotoInfo;
  bytes: Uint8Array;
}

/** The formats a photo may come in, by their first bytes. */
export type PhotoFormat = 'jpeg' | 'png' | 'webp' | 'heic' | 'avif';

/**
 * The format of `bytes` from its signature: JPEG `FF D8 FF` (ITU T.81), PNG's eight bytes
 * (ISO/IEC 15948 §5.2), WebP `RIFF....WEBP` (RFC 9649), HEIC/AVIF an ISO-BMFF `ftyp` box whose
 * brand says which (ISO/IEC 23008-12, AV1-ISOBMFF); undefined for anything else.
 */
export function photoFormatOf(bytes: Uint8Array): PhotoFormat | undefined {
  const ascii = (from: number, to: number): string =>
    String.fromCharCode(...bytes.subarray(from, to));
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (brand === 'avif' || brand === 'avis') return 'avif';
    if (['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'].includes(brand))
      return 'heic';
  }
  return undefined;
}

/** Decodes, redacts and re-encodes `input`; refuses what is not a photo it can read. */
export async function makePhotoSafe(
  input: Uint8Array,
  detect?: RegionDetector,
  limits: PhotoLimits = defaultPhotoLimits,
): Promise<SafePhoto> {
  const format = photoFormatOf(input);
  if (format === undefined || format === 'avif')
    throw new UserError('photo: not a JPEG, PNG, WebP or HEIC image');
  const image = await decodeUpright(input, format, limits);
  const boxes = detect === undefined ? [] : await detect(image);
  paintBoxes(image, boxes);
  const bytes = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 3 },
  })
    .jpeg({ quality: limits.quality })
    .toBuffer();
  return {
    bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length),
    info: {
      type: 'image/jpeg',
      width: image.width,
      height: image.height,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      redactions: boxes.length,
    },
  };
}

/** The photo's pixels, turned as its EXIF orientation says, scaled to fit, as 8-bit sRGB. */
async function decodeUpright(
  input: Uint8Array,
  format: PhotoFormat,
  limits: PhotoLimits,
): Promise<RgbImage> {
  const options = { limitInputPixels: limits.maxInputPixels, failOn: 'error' as const };
  // HEIC arrives upright (libheif applies irot/imir) and without metadata, as raw RGBA.
  const heic = format === 'heic' ? await readHeic(input, limits.maxInputPixels) : undefined;
  try {
    const source =
      heic === undefined
        ? sharp(input, options)
        : sharp(heic.data, {
            ...options,
            raw: { width: heic.width, height: heic.height, channels: 4 },
          });
    if (heic === undefined && (await source.metadata()).format !== format)
      throw new UserError(`photo: not a readable ${format.toUpperCase()}`);
    const { data, info } = await source
      .rotate()
      .resize({
        width: limits.maxEdgePx,
        height: limits.maxEdgePx,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new UserError('photo: its colours could not be read as RGB');
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
    };
  } catch (e) {
    if (e instanceof UserError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    if (/pixel limit/i.test(message))
      throw new TooLargeError(`photo: over ${limits.maxInputPixels / 1e6} megapixels, the limit`, {
        cause: e,
      });
    throw new UserError(
      `photo: the ${format.toUpperCase()} cannot be decoded (${firstLine(message)})`,
      {
        cause: e,
      },
    );
  }
}

const firstLine = (s: string): string => (s.split('\n')[0] ?? '').slice(0, 120);
