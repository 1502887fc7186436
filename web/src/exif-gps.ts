// The GPS position a JPEG photo's EXIF carries, read in the browser before the photo is sent, so
// a reporter may choose to use it (the server strips all metadata anyway). Total: any bytes give a
// position or a reason, never an exception, and nothing is read outside the buffer.
// Layouts: JPEG markers ITU T.81 Annex B; EXIF 2.32 (CIPA DC-008) §4.6 over TIFF 6.0 IFDs; GPS
// tags 1-4 (latitude/longitude and their N/S, E/W references) as three RATIONALs each.

export type ExifGps = { ok: true; lat: number; lon: number } | { ok: false; reason: string };

const none = (reason: string): ExifGps => ({ ok: false, reason });

/** The GPS position in a JPEG's EXIF, or why there is none. */
export function readExifGps(bytes: Uint8Array): ExifGps {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return none('not a JPEG');
  let at = 2;
  let found: ExifGps = none('no EXIF GPS position in this photo');
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) break;
    const marker = bytes[at + 1] ?? 0;
    // Fill bytes and markers without a length (RSTn, TEM).
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break;
    const length = ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0);
    if (length < 2 || at + 2 + length > bytes.length) break;
    if (marker === 0xe1 && isExifHeader(bytes, at + 4)) {
      found = gpsInTiff(bytes.subarray(at + 10, at + 2 + length));
      if (found.ok) return found;
    }
    at += 2 + length;
  }
  return found;
}

function isExifHeader(b: Uint8Array, at: number): boolean {
  const want = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"
  return want.every((v, i) => b[at + i] === v);
}

/** Reads the TIFF structure of an EXIF block: IFD0 -> GPS IFD -> tags 1-4. */
function gpsInTiff(t: Uint8Array): ExifGps {
  if (t.length < 8) return none('the EXIF block is cut short');
  const little = t[0] === 0x49 && t[1] === 0x49;
  if (!little && !(t[0] === 0x4d && t[1] === 0x4d)) return none('the EXIF block is not TIFF');
  const u16 = (o: number): number | undefined =>
    o < 0 || o + 2 > t.length
      ? undefined
      : little
        ? (t[o] ?? 0) | ((t[o + 1] ?? 0) << 8)
        : ((t[o] ?? 0) << 8) | (t[o + 1] ?? 0);
  const u32 = (o: number): number | undefined => {
    const a = u16(o);
    const b = u16(o + 2);
    if (a === undefined || b === undefined) return undefined;
    return little ? a + b * 65536 : a * 65536 + b;
  };
  if (u16(2) !== 42) return none('the EXIF block is not TIFF');
  const entries = (ifd: number): Map<number, { type: number; count: number; at: number }> => {
    const out = new Map<number, { type: number; count: number; at: number }>();
    const n = u16(ifd) ?? 0;
    for (let i = 0; i < n; i++) {
      const e = ifd + 2 + 12 * i;
      const tag = u16(e);
      const type = u16(e + 2);
      const count = u32(e + 4);
      if (tag === undefined || type === undefined || count === undefined) break;
      out.set(tag, { type, count, at: e + 8 });
    }
    return out;
  };
  const gpsPointer = entries(u32(4) ?? 0).get(0x8825);
  const gpsAt = gpsPointer === undefined ? undefined : u32(gpsPointer.at);
  if (gpsAt === undefined) return none('no GPS position in the photo’s EXIF');
  const gps = entries(gpsAt);
  const ref = (tag: number): string | undefined => {
    const e = gps.get(tag);
    return e?.type === 2 && e.count >= 1 ? String.fromCharCode(t[e.at] ?? 0) : undefined;
  };
  const degrees = (tag: number): number | undefined => {
    const e = gps.get(tag);
    if (e === undefined || e.type !== 5 || e.count !== 3) return undefined;
    const base = u32(e.at);
    if (base === undefined) return undefined;
    let sum = 0;
    for (let i = 0; i < 3; i++) {
      const num = u32(base + 8 * i);
      const den = u32(base + 8 * i + 4);
      if (num === undefined || den === undefined || den === 0) return undefined;
      sum += num / den / 60 ** i;
    }
    return sum;
  };
  const lat = degrees(2);
  const lon = degrees(4);
  const latRef = ref(1);
  const lonRef = ref(3);
  if (lat === undefined || lon === undefined) return none('the photo’s GPS position is incomplete');
  if ((latRef !== 'N' && latRef !== 'S') || (lonRef !== 'E' && lonRef !== 'W'))
    return none('the photo’s GPS position lacks N/S or E/W');
  if (lat > 90 || lon > 180) return none('the photo’s GPS position is out of range');
  return { ok: true, lat: latRef === 'S' ? -lat : lat, lon: lonRef === 'W' ? -lon : lon };
}
