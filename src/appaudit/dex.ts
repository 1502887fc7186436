import { BytesView } from './bytes-view.js';
import { asciiHostRanges, hostsAt, hostsIn } from './hosts.js';
import { readMutf8, skipUleb128 } from './mutf8.js';

/** What sousveil reads from one DEX file: its tables, not its code. */
export interface DexSummary {
  /** 35 to 41. */
  readonly version: number;
  /** Classes this file defines, dotted (`com.umeng.analytics.MobclickAgent`). */
  readonly classes: readonly string[];
  /** Every class type the file names (defined or referenced), dotted, when asked for. */
  readonly types: readonly string[] | undefined;
  readonly methodCount: number;
  readonly stringCount: number;
  /** The string table, when asked for: all of it, or the strings holding one byte value. */
  readonly strings: readonly string[] | undefined;
  /** Host names the strings name (see `hostsIn`), when asked for; repeats kept, in no set order. */
  readonly hosts: readonly string[] | undefined;
}

/** What to read besides the classes: referenced types, strings, hosts named in strings. */
export interface DexOptions {
  types?: boolean;
  strings?: boolean;
  stringsWithByte?: number;
  /** Hosts named in strings, found in the string bytes without decoding the other strings. */
  hosts?: boolean;
}

const headerSize = 0x70;
const endianTag = 0x12345678;

/**
 * Reads every DEX in `bytes`: one for versions 035-040, each header of a 041 container in turn.
 * Layout from the AOSP dex-format page; 041 containers (Android 15) put further headers after
 * each `file_size` and keep section offsets relative to the container's start (unverified
 * against a real 041 file, so offsets are bounds-checked like everything else).
 */
export function parseDex(
  bytes: Uint8Array,
  source = 'dex',
  options: DexOptions = {},
): DexSummary[] {
  const v = new BytesView(bytes, source);
  const out: DexSummary[] = [];
  let at = 0;
  do {
    const header = readHeader(v, at);
    out.push(readTables(v, header, options));
    if (header.version < 41 || header.size === 0) break;
    at += header.size;
  } while (at < bytes.length && out.length < 1000);
  return out;
}

interface Header {
  version: number;
  size: number;
  base: number;
  strings: Table;
  types: Table;
  methods: Table;
  classes: Table;
}

interface Table {
  count: number;
  offset: number;
}

function readHeader(v: BytesView, at: number): Header {
  v.need(at, headerSize, 'DEX header');
  const magic = v.bytes.subarray(at, at + 8);
  const digits = String.fromCharCode(magic[4] ?? 0, magic[5] ?? 0, magic[6] ?? 0);
  if (
    String.fromCharCode(...magic.subarray(0, 4)) !== 'dex\n' ||
    magic[7] !== 0 ||
    !/^0\d\d$/.test(digits)
  ) {
    throw v.fail('not a DEX file (bad magic)', at);
  }
  const version = Number(digits);
  if (version < 35 || version > 41) throw v.fail(`unsupported DEX version ${digits}`, at + 4);
  if (v.u32(at + 0x28) !== endianTag) throw v.fail('unsupported DEX byte order', at + 0x28);
  const size = v.u32(at + 0x20, 'file_size');
  if (at + size > v.length) {
    throw v.fail(`truncated: the header says ${size} bytes, ${v.length - at} are there`, at + 0x20);
  }
  if (v.u32(at + 0x24) < headerSize) throw v.fail('header_size below 0x70', at + 0x24);
  const table = (o: number, width: number, what: string): Table => {
    const count = v.u32(at + o, `${what} count`);
    const offset = v.u32(at + o + 4, `${what} offset`);
    v.need(offset, count * width, `${what} table`);
    return { count, offset };
  };
  return {
    version,
    size,
    base: at,
    strings: table(0x38, 4, 'string_ids'),
    types: table(0x40, 4, 'type_ids'),
    methods: table(0x58, 8, 'method_ids'),
    classes: table(0x60, 32, 'class_defs'),
  };
}

function readTables(v: BytesView, h: Header, options: DexOptions): DexSummary {
  const withStrings = options.stringsWithByte ?? options.strings === true;
  // Each string id is decoded at most once, and the text read is budgeted: ids pointing into one
  // long string at every byte would otherwise read a quadratic amount.
  const budget = { left: 4 * h.size + 1024 };
  let decoded: (string | undefined)[] | undefined;
  const stringAt = (index: number): string => {
    if (index >= h.strings.count) throw v.fail(`string index ${index} out of range`);
    decoded ??= new Array<string | undefined>(h.strings.count);
    let s = decoded[index];
    if (s === undefined) {
      const dataOffset = v.u32(h.strings.offset + index * 4, 'string_data_off');
      s = readMutf8(v, skipUleb128(v, dataOffset));
      spend(v, budget, s.length + 1);
      decoded[index] = s;
    }
    return s;
  };
  const descriptorOf = (typeIndex: number): string => {
    if (typeIndex >= h.types.count) throw v.fail(`type index ${typeIndex} out of range`);
    return stringAt(v.u32(h.types.offset + typeIndex * 4));
  };
  let types: string[] | undefined;
  if (options.types === true) {
    types = [];
    for (let i = 0; i < h.types.count; i++) {
      const name = dottedClass(descriptorOf(i));
      if (name !== undefined) types.push(name);
    }
  }
  const classes = definedClasses(v, h, budget, stringAt);
  let strings: string[] | undefined;
  if (withStrings !== false) {
    strings = [];
    for (let i = 0; i < h.strings.count; i++) {
      if (withStrings === true || hasByte(v, h.strings.offset + i * 4, withStrings))
        strings.push(stringAt(i));
    }
  }
  return {
    version: h.version,
    classes,
    types,
    methodCount: h.methods.count,
    stringCount: h.strings.count,
    strings,
    hosts: options.hosts === true ? hostsOf(v, h, budget, stringAt) : undefined,
  };
}

interface Budget {
  left: number;
}

function spend(v: BytesView, budget: Budget, bytes: number): void {
  budget.left -= bytes;
  if (budget.left < 0) throw v.fail('string table decodes to more text than the file holds');
}

/**
 * Where the data of the string with id `index` starts, past its length: one byte for most, so
 * that case reads the byte directly (the id table was bounds-checked with the header).
 */
function stringStart(v: BytesView, h: Header, index: number): number {
  const off = v.u32(h.strings.offset + index * 4, 'string_data_off');
  const first = v.bytes[off];
  return first !== undefined && first < 0x80 ? off + 1 : skipUleb128(v, off);
}

/** Where the string with id `index` has its bytes: from after its length to its NUL. */
function stringBytes(v: BytesView, h: Header, index: number, budget: Budget): [number, number] {
  if (index >= h.strings.count) throw v.fail(`string index ${index} out of range`);
  const start = stringStart(v, h, index);
  const end = v.bytes.indexOf(0, start);
  if (end < 0) throw v.fail('string runs past the end', start);
  spend(v, budget, end - start + 1);
  return [start, end];
}

const latin1 = new TextDecoder('latin1');

/**
 * The dotted names of the classes this file defines (class_defs, type_ids, string_ids, string
 * data). Descriptors of printable ASCII, nearly all of them, are copied with `/` made `.` into one
 * buffer that is decoded in one call and split; any other goes through the MUTF-8 decoder.
 */
function definedClasses(
  v: BytesView,
  h: Header,
  budget: Budget,
  stringAt: (index: number) => string,
): string[] {
  const b = v.bytes;
  const n = h.classes.count;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  const stringIds = new Int32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const at = h.classes.offset + i * 32;
    const typeIndex = v.u32(at, 'class_idx');
    if (typeIndex >= h.types.count) throw v.fail(`type index ${typeIndex} out of range`, at);
    const stringIndex = v.u32(h.types.offset + typeIndex * 4, 'descriptor_idx');
    const [start, end] = stringBytes(v, h, stringIndex, budget);
    if (end - start < 3 || b[start] !== 0x4c || b[end - 1] !== 0x3b)
      throw v.fail('class_def names a type that is not a class', at);
    starts[i] = start + 1;
    ends[i] = end - 1;
    stringIds[i] = stringIndex;
    total += end - start - 1;
  }
  // One pass copies and checks: a descriptor with a byte outside printable ASCII is undone and
  // left empty, to be decoded on its own.
  const joined = new Uint8Array(total);
  const slow: number[] = [];
  let w = 0;
  for (let i = 0; i < n; i++) {
    const from = w;
    for (let j = starts[i] as number, e = ends[i] as number; j < e; j++) {
      const c = b[j] as number;
      if (c < 0x20 || c >= 0x7f) {
        slow.push(i);
        w = from;
        break;
      }
      joined[w++] = c === 0x2f ? 0x2e : c;
    }
    joined[w++] = 0x0a;
  }
  const names = n === 0 ? [] : latin1.decode(joined.subarray(0, w - 1)).split('\n');
  for (const i of slow) {
    const name = dottedClass(stringAt(stringIds[i] as number));
    if (name === undefined) throw v.fail('class_def names a type that is not a class');
    names[i] = name;
  }
  return names;
}

/**
 * Hosts named in the string table. Most strings hold no dot and are skipped after two native
 * byte searches (their NUL, the next dot); an ASCII one with a dot is searched on its bytes; only
 * others are decoded. The next dot found is kept while strings come in file order, as d8 writes
 * them, so the dot search stays linear; a string out of order is walked byte by byte instead.
 */
function hostsOf(
  v: BytesView,
  h: Header,
  budget: Budget,
  stringAt: (i: number) => string,
): string[] {
  const b = v.bytes;
  const ranges: number[] = [];
  const others: string[] = [];
  let dotFrom = 0;
  let nextDot = -1;
  for (let i = 0; i < h.strings.count; i++) {
    const start = stringStart(v, h, i);
    const end = b.indexOf(0, start);
    if (end < 0) throw v.fail('string runs past the end', start);
    spend(v, budget, end - start + 1);
    let dot: boolean;
    if (start >= dotFrom) {
      if (nextDot !== Infinity && (nextDot < start || nextDot === -1)) {
        const found = b.indexOf(0x2e, start);
        nextDot = found < 0 ? Infinity : found;
      }
      dotFrom = start;
      dot = nextDot < end;
    } else {
      dot = b.subarray(start, end).includes(0x2e);
    }
    if (!dot) continue;
    let high = false;
    for (let j = start; j < end && !high; j++) high = (b[j] as number) >= 0x80;
    if (!high) asciiHostRanges(b, start, end, ranges);
    else for (const host of hostsIn(stringAt(i))) others.push(host);
  }
  const hosts = hostsAt(b, ranges);
  for (const host of others) hosts.push(host);
  return hosts;
}

/** `Lcom/x/Y;` to `com.x.Y`; arrays and primitives have no class name. */
export function dottedClass(descriptor: string): string | undefined {
  if (descriptor.length < 3 || !descriptor.startsWith('L') || !descriptor.endsWith(';'))
    return undefined;
  return descriptor.slice(1, -1).replaceAll('/', '.');
}

/** Whether the string whose id is at `idAt` contains `byte` before its NUL (no decoding). */
function hasByte(v: BytesView, idAt: number, byte: number): boolean {
  const b = v.bytes;
  let at = skipUleb128(v, v.u32(idAt, 'string_data_off'));
  for (; at < b.length; at++) {
    const c = b[at] as number;
    if (c === byte) return true;
    if (c === 0) return false;
  }
  throw v.fail('string runs past the end', idAt);
}
