// Images for the tests, composed here: photos that carry every kind of metadata a camera or an
// editor writes (EXIF with GPS, a maker note and an embedded thumbnail, XMP, IPTC, an ICC profile,
// comments), and readers of JPEG markers and PNG chunks to check what an output still holds.
// Layouts: JPEG markers ITU T.81 Annex B; EXIF 2.32 (CIPA DC-008) over TIFF 6.0 IFDs; Photoshop
// image resources (8BIM 0x0404 holds IPTC IIM records); PNG chunks ISO/IEC 15948 §5.
import { crc32 } from 'node:zlib';
import sharp from 'sharp';

/** Marks hidden in the metadata: none may be found in a photo made safe. */
export const secrets = {
  make: 'MakeSecretCorp',
  maker: 'MAKERNOTE-SECRET-SERIAL-4411',
  xmp: 'XMP-SECRET-CREATOR',
  iptc: 'IPTC-SECRET-BYLINE',
  comment: 'COM-SECRET-COMMENT',
  pngText: 'PNG-SECRET-TEXT',
} as const;

/** The GPS position the EXIF carries: 50°50'46.1" N, 4°21'9.7" E. */
export const exifGps = { lat: [50, 50, 46.1], lon: [4, 21, 9.7] } as const;

/** RGB noise of `width` × `height` (deterministic). */
export function noise(width: number, height: number, seed = 1): Buffer {
  const out = Buffer.alloc(width * height * 3);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A JPEG of noise carrying EXIF (GPS, maker note, thumbnail), XMP, IPTC, ICC and a comment. */
export async function jpegWithEverything(width = 320, height = 240): Promise<Buffer> {
  const base = await sharp(noise(width, height), { raw: { width, height, channels: 3 } })
    .withIccProfile('p3')
    .withXmp(
      `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="${secrets.xmp}"/></rdf:RDF></x:xmpmeta>`,
    )
    .jpeg({ quality: 90 })
    .toBuffer();
  return withEverything(base);
}

/**
 * `jpeg` with EXIF (GPS at `exifGps`, maker note, a JPEG thumbnail), IPTC and a comment inserted
 * straight after its SOI, before its own segments.
 */
export async function withEverything(jpeg: Buffer): Promise<Buffer> {
  const base = jpeg;
  const thumbnail = await sharp(noise(32, 24, 7), { raw: { width: 32, height: 24, channels: 3 } })
    .jpeg()
    .toBuffer();
  const exif = segment(
    0xe1,
    Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiffWithEverything(thumbnail)]),
  );
  const iptc = segment(0xed, photoshopIptc(secrets.iptc));
  const comment = segment(0xfe, Buffer.from(secrets.comment, 'latin1'));
  // Inserted straight after SOI, before sharp's own segments.
  return Buffer.concat([base.subarray(0, 2), exif, iptc, comment, base.subarray(2)]);
}

/**
 * A JPEG whose thumbnails hide in three more places: a JFIF extension (APP0 `JFXX`, code 0x10: a
 * JPEG thumbnail), a Multi-Picture Format index (APP2 `MPF`, CIPA DC-007) announcing a second image,
 * and that second image appended after the first one's EOI, where MPF puts it.
 */
export async function jpegWithHiddenThumbnails(width = 320, height = 240): Promise<Buffer> {
  const first = await jpegWithEverything(width, height);
  const thumb = await sharp(noise(40, 30, 11), { raw: { width: 40, height: 30, channels: 3 } })
    .jpeg()
    .toBuffer();
  const jfxx = segment(
    0xe0,
    Buffer.concat([Buffer.from('JFXX\0', 'latin1'), Buffer.from([0x10]), thumb]),
  );
  // The MPF index is only announced here (its offsets are not followed by decoders that ignore it).
  const mpf = segment(
    0xe2,
    Buffer.concat([
      Buffer.from('MPF\0', 'latin1'),
      Buffer.from([0x49, 0x49, 42, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
    ]),
  );
  const second = await sharp(noise(160, 120, 13), { raw: { width: 160, height: 120, channels: 3 } })
    .withExif({ IFD0: { Make: secrets.make } })
    .jpeg()
    .toBuffer();
  return Buffer.concat([first.subarray(0, 2), jfxx, mpf, first.subarray(2), second]);
}

/** A PNG of noise with EXIF (eXIf), an ICC profile and a tEXt comment. */
export async function pngWithEverything(width = 200, height = 150): Promise<Buffer> {
  const base = await sharp(noise(width, height, 3), { raw: { width, height, channels: 3 } })
    .withIccProfile('p3')
    .png()
    .toBuffer();
  const text = chunk('tEXt', Buffer.from(`Comment\0${secrets.pngText}`, 'latin1'));
  const exif = chunk('eXIf', tiffWithEverything());
  // After IHDR (8-byte signature + 25-byte IHDR chunk).
  return Buffer.concat([base.subarray(0, 33), text, exif, base.subarray(33)]);
}

/** A WebP of noise with EXIF, XMP and an ICC profile (written by sharp). */
export async function webpWithEverything(width = 200, height = 150): Promise<Buffer> {
  return sharp(noise(width, height, 5), { raw: { width, height, channels: 3 } })
    .withIccProfile('p3')
    .withExif({ IFD0: { Make: secrets.make, Copyright: secrets.maker } })
    .withXmp(`<x:xmpmeta xmlns:x="adobe:ns:meta/">${secrets.xmp}</x:xmpmeta>`)
    .webp()
    .toBuffer();
}

/** One JPEG segment: marker, big-endian length (which counts itself), payload. */
function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** One PNG chunk: length, type, data, CRC-32 of type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Photoshop image resources holding one IPTC IIM record 2:80 (By-line). */
function photoshopIptc(text: string): Buffer {
  const value = Buffer.from(text, 'latin1');
  const record = Buffer.concat([
    Buffer.from([0x1c, 2, 80, value.length >> 8, value.length & 0xff]),
    value,
  ]);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(record.length, 0);
  const pad = record.length % 2 === 1 ? Buffer.from([0]) : Buffer.alloc(0);
  return Buffer.concat([
    Buffer.from('Photoshop 3.0\0', 'latin1'),
    Buffer.from('8BIM', 'latin1'),
    Buffer.from([0x04, 0x04, 0, 0]),
    size,
    record,
    pad,
  ]);
}

interface Entry {
  tag: number;
  type: number;
  count: number;
  value: Buffer;
  /** The entry's value is the offset of another IFD (by index) or of the thumbnail. */
  pointsTo?: number | 'thumbnail';
}

const ASCII = 2;
const SHORT = 3;
const LONG = 4;
const RATIONAL = 5;
const UNDEFINED = 7;

const ascii = (tag: number, s: string): Entry => {
  const value = Buffer.from(`${s}\0`, 'latin1');
  return { tag, type: ASCII, count: value.length, value };
};
const long = (tag: number, n: number, pointsTo?: number | 'thumbnail'): Entry => {
  const value = Buffer.alloc(4);
  value.writeUInt32LE(n, 0);
  return pointsTo === undefined
    ? { tag, type: LONG, count: 1, value }
    : { tag, type: LONG, count: 1, value, pointsTo };
};
const rationals = (tag: number, xs: readonly number[]): Entry => {
  const value = Buffer.alloc(8 * xs.length);
  xs.forEach((x, i) => {
    value.writeUInt32LE(Math.round(x * 100), 8 * i);
    value.writeUInt32LE(100, 8 * i + 4);
  });
  return { tag, type: RATIONAL, count: xs.length, value };
};

/**
 * A little-endian TIFF structure as EXIF stores it: IFD0 (Make, pointers to the Exif and GPS
 * IFDs), the Exif IFD (DateTimeOriginal, MakerNote), the GPS IFD, and IFD1 with a JPEG thumbnail.
 */
function tiffWithEverything(thumbnail?: Buffer): Buffer {
  const short = (tag: number, n: number): Entry => {
    const value = Buffer.alloc(2);
    value.writeUInt16LE(n, 0);
    return { tag, type: SHORT, count: 1, value };
  };
  const maker = Buffer.from(`Nikon\0\x02\x10\0\0${secrets.maker}`, 'latin1');
  const ifds: Entry[][] = [
    [ascii(0x010f, secrets.make), long(0x8769, 0, 1), long(0x8825, 0, 2)],
    [
      ascii(0x9003, '2026:11:30 12:34:56'),
      { tag: 0x927c, type: UNDEFINED, count: maker.length, value: maker },
    ],
    [
      ascii(0x0001, 'N'),
      rationals(0x0002, exifGps.lat),
      ascii(0x0003, 'E'),
      rationals(0x0004, exifGps.lon),
    ],
  ];
  if (thumbnail !== undefined)
    ifds.push([short(0x0103, 6), long(0x0201, 0, 'thumbnail'), long(0x0202, thumbnail.length)]);
  const sizeOf = (entries: Entry[]): number =>
    2 +
    12 * entries.length +
    4 +
    entries.reduce(
      (n, e) => n + (e.value.length > 4 ? e.value.length + (e.value.length % 2) : 0),
      0,
    );
  const offsets: number[] = [];
  let at = 8;
  for (const entries of ifds) {
    offsets.push(at);
    at += sizeOf(entries);
  }
  const thumbAt = at;
  const parts: Buffer[] = [Buffer.from([0x49, 0x49, 42, 0, 8, 0, 0, 0])];
  ifds.forEach((entries, i) => {
    const start = offsets[i] ?? 0;
    const table = Buffer.alloc(2 + 12 * entries.length + 4);
    const values: Buffer[] = [];
    let valueAt = start + table.length;
    table.writeUInt16LE(entries.length, 0);
    entries.forEach((e, k) => {
      const o = 2 + 12 * k;
      table.writeUInt16LE(e.tag, o);
      table.writeUInt16LE(e.type, o + 2);
      table.writeUInt32LE(e.count, o + 4);
      if (e.pointsTo !== undefined)
        table.writeUInt32LE(
          e.pointsTo === 'thumbnail' ? thumbAt : (offsets[e.pointsTo] ?? 0),
          o + 8,
        );
      else if (e.value.length <= 4) e.value.copy(table, o + 8);
      else {
        table.writeUInt32LE(valueAt, o + 8);
        const padded =
          e.value.length % 2 === 1 ? Buffer.concat([e.value, Buffer.from([0])]) : e.value;
        values.push(padded);
        valueAt += padded.length;
      }
    });
    // IFD0 links to IFD1 (the thumbnail's), the last in the list; the others end their chain.
    const next = i === 0 && thumbnail !== undefined ? (offsets[ifds.length - 1] ?? 0) : 0;
    table.writeUInt32LE(next, table.length - 4);
    parts.push(table, ...values);
  });
  if (thumbnail !== undefined) parts.push(thumbnail);
  return Buffer.concat(parts);
}

/** The markers of a JPEG up to its scan, with each segment's first bytes; then what follows. */
export function jpegMarkers(bytes: Uint8Array): { marker: number; head: string }[] {
  const out: { marker: number; head: string }[] = [];
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('not a JPEG');
  out.push({ marker: 0xd8, head: '' });
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw new Error(`no marker at byte ${at}`);
    const marker = bytes[at + 1] ?? 0;
    const length = ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0);
    const head = Buffer.from(bytes.subarray(at + 4, at + 4 + Math.min(16, length - 2))).toString(
      'latin1',
    );
    out.push({ marker, head });
    if (marker === 0xda) break;
    at += 2 + length;
  }
  return out;
}

/** The chunk types of a PNG, in order. */
export function pngChunks(bytes: Uint8Array): string[] {
  const b = Buffer.from(bytes);
  const out: string[] = [];
  for (let at = 8; at + 8 <= b.length; at += 12 + b.readUInt32BE(at))
    out.push(b.toString('latin1', at + 4, at + 8));
  return out;
}
