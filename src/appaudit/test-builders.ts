// Builders of the binary formats for tests: ZIP archives, DEX files, binary XML and ELF objects,
// written from the layouts in the parsers' comments (not produced by the parsers themselves).

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

class Writer {
  private chunks: Uint8Array[] = [];
  length = 0;
  bytes(b: Uint8Array): this {
    this.chunks.push(b);
    this.length += b.length;
    return this;
  }
  u8(n: number): this {
    return this.bytes(Uint8Array.of(n & 0xff));
  }
  u16(n: number): this {
    return this.bytes(Uint8Array.of(n & 0xff, (n >>> 8) & 0xff));
  }
  u32(n: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n >>> 0, true);
    return this.bytes(b);
  }
  u64(n: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
    return this.bytes(b);
  }
  done(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

export { Writer as ByteWriter };

const enc = new TextEncoder();

const crcTable = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (IEEE) of the data, as ZIP stores it. */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
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

export interface XmlSpec {
  readonly name: string;
  readonly attrs?: readonly {
    readonly name: string;
    readonly android?: boolean;
    readonly id?: number;
    readonly value: string | number | boolean;
  }[];
  readonly children?: readonly XmlSpec[];
}

const androidNs = 'http://schemas.android.com/apk/res/android';

/** Binary XML (AXML) for a tree: string pool (UTF-16 or UTF-8), resource map, elements. */
export function buildAxml(root: XmlSpec, options: { utf8?: boolean } = {}): Uint8Array {
  const withIds: { name: string; id: number }[] = [];
  const others = new Set<string>([androidNs, 'android']);
  const walk = (e: XmlSpec): void => {
    others.add(e.name);
    for (const a of e.attrs ?? []) {
      if (a.id !== undefined && !withIds.some((x) => x.name === a.name))
        withIds.push({ name: a.name, id: a.id });
      if (a.id === undefined) others.add(a.name);
      if (typeof a.value === 'string') others.add(a.value);
    }
    for (const c of e.children ?? []) walk(c);
  };
  walk(root);
  const strings = [
    ...withIds.map((x) => x.name),
    ...[...others].filter((s) => !withIds.some((x) => x.name === s)),
  ];
  const index = (s: string): number => strings.indexOf(s);
  const body = new Writer();
  body.bytes(stringPool(strings, options.utf8 === true));
  const map = new Writer();
  map
    .u16(0x0180)
    .u16(8)
    .u32(8 + 4 * withIds.length);
  for (const x of withIds) map.u32(x.id);
  body.bytes(map.done());
  body
    .u16(0x0100)
    .u16(16)
    .u32(24)
    .u32(1)
    .u32(0xffffffff)
    .u32(index('android'))
    .u32(index(androidNs));
  const element = (e: XmlSpec): void => {
    const attrs = e.attrs ?? [];
    body
      .u16(0x0102)
      .u16(16)
      .u32(36 + 20 * attrs.length)
      .u32(1)
      .u32(0xffffffff);
    body.u32(0xffffffff).u32(index(e.name)).u16(20).u16(20).u16(attrs.length).u16(0).u16(0).u16(0);
    for (const a of attrs) {
      body.u32(a.android === false ? 0xffffffff : index(androidNs)).u32(index(a.name));
      if (typeof a.value === 'string')
        body.u32(index(a.value)).u16(8).u8(0).u8(3).u32(index(a.value));
      else if (typeof a.value === 'boolean')
        body
          .u32(0xffffffff)
          .u16(8)
          .u8(0)
          .u8(0x12)
          .u32(a.value ? 0xffffffff : 0);
      else body.u32(0xffffffff).u16(8).u8(0).u8(0x10).u32(a.value);
    }
    for (const c of e.children ?? []) element(c);
    body.u16(0x0103).u16(16).u32(24).u32(1).u32(0xffffffff).u32(0xffffffff).u32(index(e.name));
  };
  element(root);
  const inner = body.done();
  return new Writer()
    .u16(0x0003)
    .u16(8)
    .u32(8 + inner.length)
    .bytes(inner)
    .done();
}

function stringPool(strings: readonly string[], utf8: boolean): Uint8Array {
  const data = new Writer();
  const offsets: number[] = [];
  for (const s of strings) {
    offsets.push(data.length);
    if (utf8) {
      const b = enc.encode(s);
      data.u8(s.length).u8(b.length).bytes(b).u8(0);
    } else {
      data.u16(s.length);
      for (let i = 0; i < s.length; i++) data.u16(s.charCodeAt(i));
      data.u16(0);
    }
  }
  while (data.length % 4 !== 0) data.u8(0);
  const start = 28 + 4 * strings.length;
  const w = new Writer()
    .u16(0x0001)
    .u16(28)
    .u32(start + data.length);
  w.u32(strings.length)
    .u32(0)
    .u32(utf8 ? 0x100 : 0)
    .u32(start)
    .u32(0);
  for (const o of offsets) w.u32(o);
  return w.bytes(data.done()).done();
}

/** A manifest of an app with permissions, components and meta-data, for tests. */
export function manifestSpec(options: {
  package: string;
  versionCode?: number;
  versionName?: string;
  permissions?: readonly string[];
  components?: readonly { kind: string; name: string }[];
  metaData?: readonly { name: string; value: string }[];
}): XmlSpec {
  return {
    name: 'manifest',
    attrs: [
      { name: 'versionCode', id: 0x0101021b, value: options.versionCode ?? 1 },
      { name: 'versionName', id: 0x0101021c, value: options.versionName ?? '1.0' },
      { name: 'package', android: false, value: options.package },
    ],
    children: [
      {
        name: 'uses-sdk',
        attrs: [
          { name: 'minSdkVersion', id: 0x0101020c, value: 21 },
          { name: 'targetSdkVersion', id: 0x01010270, value: 34 },
        ],
      },
      ...(options.permissions ?? []).map((p) => ({
        name: 'uses-permission',
        attrs: [{ name: 'name', id: 0x01010003, value: p }],
      })),
      {
        name: 'application',
        attrs: [{ name: 'allowBackup', id: 0x01010280, value: true }],
        children: [
          ...(options.components ?? []).map((c) => ({
            name: c.kind,
            attrs: [{ name: 'name', id: 0x01010003, value: c.name }],
          })),
          ...(options.metaData ?? []).map((m) => ({
            name: 'meta-data',
            attrs: [
              { name: 'name', id: 0x01010003, value: m.name },
              { name: 'value', id: 0x01010024, value: m.value },
            ],
          })),
        ],
      },
    ],
  };
}

export interface ElfSpec {
  readonly bits?: 32 | 64;
  readonly bigEndian?: boolean;
  readonly machine?: number;
  readonly soname?: string;
  readonly needed?: readonly string[];
  readonly symbols?: readonly string[];
  /** Undefined (imported) symbols, which the reader leaves out. */
  readonly imports?: readonly string[];
}

/** A shared object with .dynstr, .dynsym and .dynamic, described by section headers. */
export function buildElf(spec: ElfSpec): Uint8Array {
  const wide = (spec.bits ?? 64) === 64;
  const little = spec.bigEndian !== true;
  const put = (w: Writer, n: number, size: 1 | 2 | 4 | 8): void => {
    const b = new Uint8Array(size);
    const dv = new DataView(b.buffer);
    if (size === 1) dv.setUint8(0, n);
    else if (size === 2) dv.setUint16(0, n, little);
    else if (size === 4) dv.setUint32(0, n, little);
    else dv.setBigUint64(0, BigInt(n), little);
    w.bytes(b);
  };
  const word = wide ? 8 : 4;
  const strtab = new Writer().u8(0);
  const offsetOf = new Map<string, number>();
  const str = (s: string): number => {
    const known = offsetOf.get(s);
    if (known !== undefined) return known;
    const at = strtab.length;
    strtab.bytes(enc.encode(s)).u8(0);
    offsetOf.set(s, at);
    return at;
  };
  const sym = new Writer();
  sym.bytes(new Uint8Array(wide ? 24 : 16));
  const addSym = (name: string, defined: boolean): void => {
    const nameAt = str(name);
    const info = (1 << 4) | 2; // global function
    if (wide) {
      put(sym, nameAt, 4);
      put(sym, info, 1);
      put(sym, 0, 1);
      put(sym, defined ? 7 : 0, 2);
      put(sym, 0x1000, 8);
      put(sym, 16, 8);
    } else {
      put(sym, nameAt, 4);
      put(sym, 0x1000, 4);
      put(sym, 16, 4);
      put(sym, info, 1);
      put(sym, 0, 1);
      put(sym, defined ? 7 : 0, 2);
    }
  };
  for (const s of spec.symbols ?? []) addSym(s, true);
  for (const s of spec.imports ?? []) addSym(s, false);
  const dyn = new Writer();
  for (const n of spec.needed ?? []) {
    put(dyn, 1, word);
    put(dyn, str(n), word);
  }
  if (spec.soname !== undefined) {
    put(dyn, 14, word);
    put(dyn, str(spec.soname), word);
  }
  put(dyn, 0, word);
  put(dyn, 0, word);
  const headerSize = wide ? 64 : 52;
  const strBytes = strtab.done();
  const symBytes = sym.done();
  const dynBytes = dyn.done();
  const strAt = headerSize;
  const symAt = strAt + strBytes.length;
  const dynAt = symAt + symBytes.length;
  const shAt = dynAt + dynBytes.length;
  const w = new Writer();
  w.bytes(Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, wide ? 2 : 1, little ? 1 : 2, 1, 0));
  w.bytes(new Uint8Array(8));
  put(w, 3, 2); // ET_DYN
  put(w, spec.machine ?? 183, 2);
  put(w, 1, 4);
  put(w, 0, word); // entry
  put(w, 0, word); // phoff
  put(w, shAt, word);
  put(w, 0, 4);
  put(w, headerSize, 2);
  put(w, 0, 2);
  put(w, 0, 2);
  put(w, wide ? 64 : 40, 2);
  put(w, 4, 2);
  put(w, 0, 2);
  w.bytes(strBytes).bytes(symBytes).bytes(dynBytes);
  const section = (
    type: number,
    offset: number,
    size: number,
    link: number,
    entsize: number,
  ): void => {
    const fields: [number, 4 | 8][] = wide
      ? [
          [0, 4],
          [type, 4],
          [0, 8],
          [0, 8],
          [offset, 8],
          [size, 8],
          [link, 4],
          [0, 4],
          [0, 8],
          [entsize, 8],
        ]
      : [
          [0, 4],
          [type, 4],
          [0, 4],
          [0, 4],
          [offset, 4],
          [size, 4],
          [link, 4],
          [0, 4],
          [0, 4],
          [entsize, 4],
        ];
    for (const [n, size2] of fields) put(w, n, size2);
  };
  section(0, 0, 0, 0, 0);
  section(3, strAt, strBytes.length, 0, 0);
  section(11, symAt, symBytes.length, 1, wide ? 24 : 16);
  section(6, dynAt, dynBytes.length, 1, wide ? 16 : 8);
  return w.done();
}

/** A DER element from its tag and contents. */
export function der(tag: number, ...parts: readonly Uint8Array[]): Uint8Array {
  const body = new Writer();
  for (const p of parts) body.bytes(p);
  const content = body.done();
  const w = new Writer().u8(tag);
  if (content.length < 0x80) w.u8(content.length);
  else if (content.length < 0x100) w.u8(0x81).u8(content.length);
  else
    w.u8(0x82)
      .u8(content.length >> 8)
      .u8(content.length & 0xff);
  return w.bytes(content).done();
}

function oid(dotted: string): Uint8Array {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const groups: number[] = [];
    let x = n;
    do {
      groups.unshift(x & 0x7f);
      x = Math.floor(x / 128);
    } while (x > 0);
    out.push(...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
  }
  return der(0x06, Uint8Array.from(out));
}

function dn(pairs: readonly (readonly [string, string])[]): Uint8Array {
  const codes: Record<string, string> = { CN: '2.5.4.3', O: '2.5.4.10', C: '2.5.4.6' };
  return der(
    0x30,
    ...pairs.map(([k, v]) => der(0x31, der(0x30, oid(codes[k] ?? k), der(0x0c, enc.encode(v))))),
  );
}

/** A self-signed-looking X.509 certificate (the signature bytes are not a real signature). */
export function buildCertificate(subject: readonly (readonly [string, string])[]): Uint8Array {
  const alg = der(0x30, oid('1.2.840.113549.1.1.11'), der(0x05));
  const tbs = der(
    0x30,
    der(0xa0, der(0x02, Uint8Array.of(2))),
    der(0x02, Uint8Array.of(0x01, 0x23, 0x45)),
    alg,
    dn(subject),
    der(0x30, der(0x17, enc.encode('240101000000Z')), der(0x18, enc.encode('20540101000000Z'))),
    dn(subject),
    der(0x30, alg, der(0x03, Uint8Array.of(0, 1, 2, 3))),
  );
  return der(0x30, tbs, alg, der(0x03, Uint8Array.of(0, 9, 9, 9)));
}

/** A PKCS#7 SignedData holding one certificate, as META-INF/CERT.RSA does. */
export function buildPkcs7(certificate: Uint8Array): Uint8Array {
  const signedData = der(
    0x30,
    der(0x02, Uint8Array.of(1)),
    der(0x31),
    der(0x30, oid('1.2.840.113549.1.7.1')),
    der(0xa0, certificate),
    der(0x31),
  );
  return der(0x30, oid('1.2.840.113549.1.7.2'), der(0xa0, signedData));
}

/** An APK Signing Block with one v2 (or v3) signer carrying `certificate`. */
export function buildSigningBlock(certificate: Uint8Array, id = 0x7109871a): Uint8Array {
  const prefixed = (...parts: Uint8Array[]): Uint8Array => {
    const inner = new Writer();
    for (const p of parts) inner.bytes(p);
    const bytes = inner.done();
    return new Writer().u32(bytes.length).bytes(bytes).done();
  };
  const signedData = prefixed(prefixed(), prefixed(prefixed(certificate)), prefixed());
  const value = prefixed(prefixed(signedData, prefixed(), prefixed()));
  const pair = new Writer()
    .u64(value.length + 4)
    .u32(id)
    .bytes(value)
    .done();
  const size = pair.length + 8 + 16;
  return new Writer().u64(size).bytes(pair).u64(size).bytes(enc.encode('APK Sig Block 42')).done();
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

function protoVarint(n: number): number[] {
  const out: number[] = [];
  let x = n;
  do {
    const b = x % 128;
    x = Math.floor(x / 128);
    out.push(x > 0 ? b | 0x80 : b);
  } while (x > 0);
  return out;
}

function protoField(number: number, body: Uint8Array | number): Uint8Array {
  if (typeof body === 'number')
    return Uint8Array.from([...protoVarint(number * 8), ...protoVarint(body)]);
  return Uint8Array.from([...protoVarint(number * 8 + 2), ...protoVarint(body.length), ...body]);
}

const cat = (...parts: Uint8Array[]): Uint8Array => {
  const w = new Writer();
  for (const p of parts) w.bytes(p);
  return w.done();
};

/** An App Bundle manifest: the tree as an aapt2 protobuf XmlNode. */
export function buildProtoXml(root: XmlSpec): Uint8Array {
  const element = (e: XmlSpec): Uint8Array => {
    const attrs = (e.attrs ?? []).map((a) => {
      const parts = [
        protoField(1, enc.encode(a.android === false ? '' : androidNs)),
        protoField(2, enc.encode(a.name)),
        protoField(3, enc.encode(String(a.value))),
      ];
      if (a.id !== undefined) parts.push(protoField(5, a.id));
      if (typeof a.value === 'number')
        parts.push(protoField(6, protoField(7, protoField(6, a.value))));
      if (typeof a.value === 'boolean')
        parts.push(protoField(6, protoField(7, protoField(8, a.value ? 1 : 0))));
      return protoField(4, cat(...parts));
    });
    const children = (e.children ?? []).map((c) => protoField(5, protoField(1, element(c))));
    return cat(protoField(3, enc.encode(e.name)), ...attrs, ...children);
  };
  return protoField(1, element(root));
}
