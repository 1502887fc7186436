// Builders of the binary formats for tests: ZIP archives, DEX files, binary XML and ELF objects,
// written from the layouts in the parsers' comments (not produced by the parsers themselves).
// Binary XML, ELF and DER builders are in their own files, exported from here too.
import { crc32, enc, Writer } from './test-builders-bytes.js';
import { buildSigningBlock } from './test-builders-der.js';
import { buildElf } from './test-builders-elf.js';
import { buildAxml, manifestSpec } from './test-builders-xml.js';

export { crc32, Writer as ByteWriter } from './test-builders-bytes.js';
export * from './test-builders-der.js';
export * from './test-builders-elf.js';
export * from './test-builders-xml.js';

/** Compresses with raw DEFLATE; tests pass node:zlib's. */
export type Deflate = (data: Uint8Array) => Uint8Array;

export interface ZipFile {
  readonly name: string;
  readonly data: Uint8Array;
  readonly stored?: boolean;
  /** Lie about the uncompressed size in the directory. */
  readonly declaredSize?: number;
  /** Point the directory at another entry's local header (overlap). */
  readonly localOffsetOf?: number;
}
/** A ZIP archive with a central directory; `signingBlock` bytes go just before the directory. */
export function buildZip(
  files: readonly ZipFile[],
  deflate: Deflate,
  signingBlock?: Uint8Array,
): Uint8Array {
  const w = new Writer();
  const offsets: number[] = [];
  const central = new Writer();
  for (const f of files) {
    const name = enc.encode(f.name);
    const body = f.stored === true ? f.data : deflate(f.data);
    offsets.push(w.length);
    const crc = crc32(f.data);
    w.u32(0x04034b50)
      .u16(20)
      .u16(0x800)
      .u16(f.stored === true ? 0 : 8)
      .u16(0)
      .u16(0)
      .u32(crc);
    w.u32(body.length).u32(f.data.length).u16(name.length).u16(0).bytes(name).bytes(body);
    const local = f.localOffsetOf === undefined ? offsets.at(-1) : offsets[f.localOffsetOf];
    central
      .u32(0x02014b50)
      .u16(20)
      .u16(20)
      .u16(0x800)
      .u16(f.stored === true ? 0 : 8);
    central
      .u16(0)
      .u16(0)
      .u32(crc)
      .u32(body.length)
      .u32(f.declaredSize ?? f.data.length);
    central
      .u16(name.length)
      .u16(0)
      .u16(0)
      .u16(0)
      .u16(0)
      .u32(0)
      .u32(local ?? 0)
      .bytes(name);
  }
  if (signingBlock !== undefined) w.bytes(signingBlock);
  const cd = central.done();
  const cdOffset = w.length;
  w.bytes(cd);
  w.u32(0x06054b50).u16(0).u16(0).u16(files.length).u16(files.length);
  w.u32(cd.length).u32(cdOffset).u16(0);
  return w.done();
}

/** Modified UTF-8 as DEX stores it: NUL as C0 80, characters past U+FFFF as two 3-byte halves. */
export function encodeMutf8(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    if (u !== 0 && u < 0x80) out.push(u);
    else if (u < 0x800) out.push(0xc0 | (u >> 6), 0x80 | (u & 0x3f));
    else out.push(0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f));
  }
  return Uint8Array.from(out);
}

export interface DexSpec {
  readonly version?: string;
  /** Descriptors of classes defined (`Lcom/x/Y;`). */
  readonly classes: readonly string[];
  /** Further strings: referenced type descriptors are taken from here when they start with L. */
  readonly strings?: readonly string[];
  readonly methodCount?: number;
}

/** A DEX file with header, string_ids, type_ids, class_defs and string data (no code). */
export function buildDex(spec: DexSpec): Uint8Array {
  const strings = [...new Set([...spec.classes, ...(spec.strings ?? [])])];
  const types = strings.filter((s) => s.startsWith('L') || s.startsWith('['));
  const stringIdsOff = 0x70;
  const typeIdsOff = stringIdsOff + 4 * strings.length;
  const methodIdsOff = typeIdsOff + 4 * types.length;
  const methods = spec.methodCount ?? 0;
  const classDefsOff = methodIdsOff + 8 * methods;
  let dataOff = classDefsOff + 32 * spec.classes.length;
  const data = new Writer();
  const stringOffsets = strings.map((s) => {
    const at = dataOff + data.length;
    const body = encodeMutf8(s);
    writeUleb(data, s.length);
    data.bytes(body).u8(0);
    return at;
  });
  dataOff += data.length;
  const w = new Writer();
  w.bytes(enc.encode(`dex\n${spec.version ?? '035'}\0`))
    .u32(0)
    .bytes(new Uint8Array(20));
  w.u32(dataOff).u32(0x70).u32(0x12345678).u32(0).u32(0).u32(0);
  w.u32(strings.length).u32(stringIdsOff).u32(types.length).u32(typeIdsOff);
  w.u32(0).u32(0).u32(0).u32(0).u32(methods).u32(methodIdsOff);
  w.u32(spec.classes.length).u32(classDefsOff).u32(data.length).u32(classDefsOff);
  const stringIndex = new Map(strings.map((s, i) => [s, i]));
  const typeIndex = new Map(types.map((t, i) => [t, i]));
  for (const o of stringOffsets) w.u32(o);
  for (const t of types) w.u32(stringIndex.get(t) ?? 0);
  for (let i = 0; i < methods; i++) w.u32(0).u32(0);
  for (const c of spec.classes) {
    w.u32(typeIndex.get(c) ?? 0)
      .u32(1)
      .u32(0xffffffff)
      .u32(0)
      .u32(0xffffffff)
      .u32(0)
      .u32(0)
      .u32(0);
  }
  w.bytes(data.done());
  return w.done();
}

function writeUleb(w: Writer, n: number): void {
  let rest = n;
  do {
    const byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
    w.u8(rest > 0 ? byte | 0x80 : byte);
  } while (rest > 0);
}

export interface ApkSpec {
  readonly package: string;
  readonly versionName?: string;
  readonly versionCode?: number;
  readonly permissions?: readonly string[];
  readonly components?: readonly { kind: string; name: string }[];
  readonly metaData?: readonly { name: string; value: string }[];
  /** Class descriptors per DEX (`classes.dex`, `classes2.dex`, …). */
  readonly dex?: readonly (readonly string[])[];
  readonly strings?: readonly string[];
  /** Native libraries as `lib/<abi>/<name>` paths with their soname. */
  readonly libs?: readonly string[];
  readonly assets?: readonly string[];
  /** One stored asset of this many bytes (`assets/blob.bin`), as games and media apps carry. */
  readonly storedAssetBytes?: number;
  readonly certificate?: Uint8Array;
}

/** An APK as bytes: manifest, DEX files, native libraries, assets, a v2 signing block. */
export function buildApk(spec: ApkSpec, deflate: Deflate): Uint8Array {
  const manifest = buildAxml(manifestSpec(spec));
  const files: ZipFile[] = [{ name: 'AndroidManifest.xml', data: manifest }];
  (spec.dex ?? [[`L${spec.package.replaceAll('.', '/')}/MainActivity;`]]).forEach((classes, i) => {
    const data = buildDex({ classes, strings: i === 0 ? (spec.strings ?? []) : [] });
    files.push({ name: i === 0 ? 'classes.dex' : `classes${i + 1}.dex`, data });
  });
  for (const path of spec.libs ?? []) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    files.push({
      name: path,
      data: buildElf({ soname: name, symbols: ['JNI_OnLoad'] }),
      stored: true,
    });
  }
  for (const path of spec.assets ?? [])
    files.push({ name: path, data: enc.encode(`asset ${path}`) });
  if (spec.storedAssetBytes !== undefined) {
    const blob = new Uint8Array(spec.storedAssetBytes).map((_, i) => (i * 31 + 7) & 0xff);
    files.push({ name: 'assets/blob.bin', data: blob, stored: true });
  }
  const block = spec.certificate === undefined ? undefined : buildSigningBlock(spec.certificate);
  return buildZip(files, deflate, block);
}
