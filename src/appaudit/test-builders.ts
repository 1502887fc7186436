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
    w.u32(0x04034b50)
      .u16(20)
      .u16(0x800)
      .u16(f.stored === true ? 0 : 8)
      .u16(0)
      .u16(0)
      .u32(0);
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
      .u32(0)
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
