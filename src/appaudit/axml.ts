import { BytesView } from './bytes-view.js';

/** One attribute of a binary XML element; `resourceId` is set when the resource map names it. */
export interface XmlAttribute {
  readonly namespace: string;
  readonly name: string;
  readonly resourceId: number | undefined;
  readonly value: string | number | boolean;
}

/** One start tag of a binary XML document, in document order, with its nesting depth. */
export interface XmlElement {
  readonly name: string;
  readonly depth: number;
  readonly attributes: readonly XmlAttribute[];
}

const chunkXml = 0x0003;
const chunkStringPool = 0x0001;
const chunkResourceMap = 0x0180;
const chunkStartElement = 0x0102;
const chunkEndElement = 0x0103;
const none = 0xffffffff;

/**
 * Reads Android's binary XML (AXML) as AOSP ResourceTypes.h lays it out: chunks walked by their
 * own size in any order, unknown chunk types skipped, a file header of type 0 tolerated (some
 * hardened APKs), attribute records wider than 20 bytes accepted. Reference values are kept as
 * `@0x7f…` since resolving them needs resources.arsc.
 */
export function parseAxml(bytes: Uint8Array, source = 'AndroidManifest.xml'): XmlElement[] {
  const v = new BytesView(bytes, source);
  const type = v.u16(0, 'file header');
  if (type !== chunkXml && type !== 0) throw v.fail('not binary XML (bad file header)', 0);
  const end = Math.min(v.length, Math.max(v.u32(4, 'file size'), 8));
  let pool: StringPool | undefined;
  let resourceIds: number[] = [];
  const elements: XmlElement[] = [];
  let depth = 0;
  for (let at = v.u16(2, 'header size'); at + 8 <= end;) {
    const kind = v.u16(at);
    const headerSize = v.u16(at + 2);
    const size = v.u32(at + 4);
    if (size < 8 || headerSize > size) throw v.fail('chunk with a bad size', at);
    v.need(at, size, 'chunk');
    if (kind === chunkStringPool) pool ??= readStringPool(v, at, headerSize, size);
    else if (kind === chunkResourceMap) resourceIds = readResourceMap(v, at, headerSize, size);
    else if (kind === chunkStartElement) {
      if (pool === undefined) throw v.fail('element before the string pool', at);
      elements.push(readElement(v, at, headerSize, size, pool, resourceIds, depth));
      depth++;
    } else if (kind === chunkEndElement) depth = Math.max(0, depth - 1);
    at += size;
  }
  return elements;
}

interface StringPool {
  get(index: number): string;
}

function readStringPool(v: BytesView, at: number, headerSize: number, size: number): StringPool {
  const count = v.u32(at + 8, 'string count');
  const isUtf8 = (v.u32(at + 16, 'pool flags') & 0x100) !== 0;
  const stringsStart = at + v.u32(at + 20, 'strings start');
  const end = at + size;
  const offsets = at + headerSize;
  if (count > (size - headerSize) / 4) throw v.fail('string pool count past its chunk', at);
  const cache = new Map<number, string>();
  let budget = 4 * size + 1024;
  return {
    get(index) {
      if (index >= count) throw v.fail(`string index ${index} out of range`, at);
      let s = cache.get(index);
      if (s === undefined) {
        const from = stringsStart + v.u32(offsets + 4 * index, 'string offset');
        s = isUtf8 ? readUtf8String(v, from, end) : readUtf16String(v, from, end);
        budget -= s.length + 1;
        if (budget < 0) throw v.fail('string pool decodes to more text than it holds', at);
        cache.set(index, s);
      }
      return s;
    },
  };
}

function readUtf16String(v: BytesView, at: number, end: number): string {
  let length = v.u16(at, 'string length');
  let from = at + 2;
  if ((length & 0x8000) !== 0) {
    length = ((length & 0x7fff) << 16) | v.u16(at + 2, 'string length');
    from += 2;
  }
  if (from + 2 * length > end) throw v.fail('string runs past its pool', at);
  const bytes = v.slice(from, 2 * length);
  let text = '';
  for (let i = 0; i < length; i += 2048) {
    const units: number[] = [];
    for (let j = i; j < Math.min(length, i + 2048); j++) {
      units.push((bytes[2 * j] as number) | ((bytes[2 * j + 1] as number) << 8));
    }
    text += String.fromCharCode(...units);
  }
  return text;
}

const utf8 = new TextDecoder('utf-8');

function readUtf8String(v: BytesView, at: number, end: number): string {
  const skip = v.u8(at, 'string length') & 0x80 ? 2 : 1; // the UTF-16 length, unused
  let length = v.u8(at + skip, 'string length');
  let from = at + skip + 1;
  if ((length & 0x80) !== 0) {
    length = ((length & 0x7f) << 8) | v.u8(from, 'string length');
    from += 1;
  }
  if (from + length > end) throw v.fail('string runs past its pool', at);
  return utf8.decode(v.slice(from, length));
}

function readResourceMap(v: BytesView, at: number, headerSize: number, size: number): number[] {
  const ids: number[] = [];
  for (let p = at + headerSize; p + 4 <= at + size; p += 4) ids.push(v.u32(p));
  return ids;
}

function readElement(
  v: BytesView,
  at: number,
  headerSize: number,
  size: number,
  pool: StringPool,
  resourceIds: readonly number[],
  depth: number,
): XmlElement {
  const ext = at + headerSize;
  const text = (index: number): string => (index === none ? '' : pool.get(index));
  const name = text(v.u32(ext + 4, 'element name'));
  const attributeStart = v.u16(ext + 8);
  const attributeSize = v.u16(ext + 10);
  const count = v.u16(ext + 12);
  if (count > 0 && attributeSize < 20) throw v.fail('attribute records under 20 bytes', at);
  const attributes: XmlAttribute[] = [];
  for (let i = 0; i < count; i++) {
    const a = ext + attributeStart + i * attributeSize;
    if (a + 20 > at + size) throw v.fail('attribute past its element chunk', a);
    const nameIndex = v.u32(a + 4);
    attributes.push({
      namespace: text(v.u32(a)),
      name: text(nameIndex),
      resourceId: resourceIds[nameIndex],
      value: readValue(v.u32(a + 8), v.u8(a + 15), v.u32(a + 16), text),
    });
  }
  return { name, depth, attributes };
}

function readValue(
  raw: number,
  dataType: number,
  data: number,
  text: (index: number) => string,
): string | number | boolean {
  if (dataType === 0x03) return text(raw === none ? data : raw);
  if (dataType === 0x12) return data !== 0;
  if (dataType === 0x10) return data | 0;
  if (dataType === 0x01) return `@0x${data.toString(16).padStart(8, '0')}`;
  if (raw !== none) return text(raw);
  return data;
}
