// Cameras made in a reader thread, packed for the trip to the importing thread (pure): numbers in
// one Float64Array, string lengths in one Int32Array (both transferred, not copied), the strings
// as a few texts. Posting record objects made the worker serialise and the importer rebuild a
// million small objects; this is a few values per batch, and the importer slices the texts.
import type { CameraRecord } from '../store/store.js';

/** A batch's cameras, column by column. */
export interface CameraColumns {
  count: number;
  /** Per camera: lat, lon, version (NaN when none), flags (1 covered, 2 city from its tag). */
  numbers: Float64Array<ArrayBuffer>;
  /** Per camera, each of `textFields` in turn: its length in the text, -1 when absent. */
  lengths: Int32Array<ArrayBuffer>;
  /** The strings, one camera after another; a camera's strings are all in one of the texts. */
  texts: string[];
}

/**
 * Characters per text at most (unless one camera alone has more). V8 puts a string of more than
 * 128 KiB in memory of its own, mapped for it and unmapped when it dies: on a virtual machine
 * whose fresh pages are costly, joining a batch into one text took seven times as long.
 */
const textChars = 60_000;

const textFields = [
  'id',
  'maker',
  'type',
  'operatorType',
  'country',
  'city',
  'dataJson',
] as const satisfies readonly (keyof CameraRecord)[];
const perNumbers = 4;

/** Packs records that carry their `dataJson` (their `data` is not packed). */
export function packCameras(records: readonly CameraRecord[]): CameraColumns {
  const n = records.length;
  const numbers = new Float64Array(n * perNumbers);
  const lengths = new Int32Array(n * textFields.length);
  const texts: string[] = [];
  let parts: string[] = [];
  let chars = 0;
  let l = 0;
  for (let i = 0; i < n; i++) {
    const r = records[i] as CameraRecord;
    const size = textFields.reduce((s, f) => s + (r[f]?.length ?? 0), 0);
    if (chars > 0 && chars + size > textChars) {
      texts.push(parts.join(''));
      parts = [];
      chars = 0;
    }
    chars += size;
    const o = i * perNumbers;
    numbers[o] = r.lat;
    numbers[o + 1] = r.lon;
    numbers[o + 2] = r.version ?? NaN;
    numbers[o + 3] = (r.covered ? 1 : 0) | (r.cityFromTag === true ? 2 : 0);
    for (const f of textFields) {
      const s = r[f];
      lengths[l++] = s === undefined ? -1 : s.length;
      if (s !== undefined) parts.push(s);
    }
  }
  if (parts.length > 0) texts.push(parts.join(''));
  return { count: n, numbers, lengths, texts };
}

/** The records back, each with `dataJson` and `data: null`. */
export function unpackCameras(c: CameraColumns): CameraRecord[] {
  const out: CameraRecord[] = new Array<CameraRecord>(c.count);
  const { numbers, lengths, texts } = c;
  if (numbers.length !== c.count * perNumbers || lengths.length !== c.count * textFields.length)
    throw new Error('packed cameras whose columns differ in length');
  let t = 0;
  let text = texts[0] ?? '';
  let at = 0;
  let l = 0;
  const next = (): string | undefined => {
    const len = lengths[l++] ?? -1;
    if (len < 0) return undefined;
    const s = text.slice(at, at + len);
    at += len;
    return s;
  };
  for (let i = 0; i < c.count; i++) {
    // Where one text ends, the next camera's strings start the next one.
    if (at === text.length && t + 1 < texts.length) {
      text = texts[++t] ?? '';
      at = 0;
    }
    const o = i * perNumbers;
    const id = next() ?? '';
    const maker = next();
    const type = next() ?? 'unknown';
    const operatorType = next();
    const country = next();
    const city = next();
    const dataJson = next();
    const version = numbers[o + 2] ?? NaN;
    const flags = numbers[o + 3] ?? 0;
    // Set field by field: a spread per optional field would make five objects per camera.
    const r: CameraRecord = {
      id,
      lat: numbers[o] ?? NaN,
      lon: numbers[o + 1] ?? NaN,
      covered: (flags & 1) !== 0,
      type,
      data: null,
    };
    if (!Number.isNaN(version)) r.version = version;
    if (maker !== undefined) r.maker = maker;
    if (operatorType !== undefined) r.operatorType = operatorType;
    if (country !== undefined) r.country = country;
    if (city !== undefined) {
      r.city = city;
      r.cityFromTag = (flags & 2) !== 0;
    }
    if (dataJson !== undefined) r.dataJson = dataJson;
    out[i] = r;
  }
  if (at !== text.length || t !== Math.max(0, texts.length - 1))
    throw new Error('packed cameras whose texts differ from their lengths');
  return out;
}
