// ELF shared objects for tests (a soname, dynamic symbols), from the layout in `elf.ts`.
import { enc, Writer } from './test-builders-bytes.js';

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
