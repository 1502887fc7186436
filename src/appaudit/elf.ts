import { BytesView } from './bytes-view.js';

/** What sousveil reads from a native library: its own name, what it needs, what it exports. */
export interface ElfSummary {
  readonly bits: 32 | 64;
  readonly machine: string;
  readonly soname: string | undefined;
  readonly needed: readonly string[];
  /** Defined global or weak dynamic symbols. */
  readonly symbols: readonly string[];
  /** Section headers stripped (packers do): names and symbols could not be read. */
  readonly sectionless: boolean;
}

const machines: Record<number, string> = { 3: 'x86', 40: 'arm', 62: 'x86_64', 183: 'arm64' };
const shtDynamic = 6;
const shtDynsym = 11;
const dtNeeded = 1;
const dtSoname = 14;
const maxNameBytes = 4096;

interface Section {
  type: number;
  offset: number;
  size: number;
  link: number;
  entsize: number;
}

/**
 * Reads the dynamic section and dynamic symbol table of an ELF shared object (32 or 64 bits,
 * either byte order) through its section headers (System V gABI layout).
 */
export function parseElf(bytes: Uint8Array, source = 'elf'): ElfSummary {
  const v = new BytesView(bytes, source);
  v.need(0, 52, 'ELF header');
  if (v.u32(0, 'magic', false) !== 0x7f454c46) throw v.fail('not an ELF file (bad magic)', 0);
  const wide = v.u8(4);
  if (wide !== 1 && wide !== 2) throw v.fail('bad ELF class', 4);
  const endian = v.u8(5);
  if (endian !== 1 && endian !== 2) throw v.fail('bad ELF byte order', 5);
  const r = new Reader(v, wide === 2, endian === 1);
  const machineCode = r.u16(18);
  const machine = machines[machineCode] ?? `machine-${machineCode}`;
  const bits = wide === 2 ? 64 : 32;
  const sections = readSections(r);
  const dynamic = sections.find((s) => s.type === shtDynamic);
  const dynsym = sections.find((s) => s.type === shtDynsym);
  if (dynamic === undefined && dynsym === undefined) {
    return {
      bits,
      machine,
      soname: undefined,
      needed: [],
      symbols: [],
      sectionless: sections.length === 0,
    };
  }
  const { soname, needed } =
    dynamic === undefined ? { soname: undefined, needed: [] } : readDynamic(r, dynamic, sections);
  const symbols = dynsym === undefined ? [] : readSymbols(r, dynsym, sections);
  return { bits, machine, soname, needed, symbols, sectionless: false };
}

class Reader {
  constructor(
    readonly v: BytesView,
    readonly wide: boolean,
    readonly little: boolean,
  ) {}
  u16(at: number): number {
    return this.v.u16(at, 'u16', this.little);
  }
  u32(at: number): number {
    return this.v.u32(at, 'u32', this.little);
  }
  /** A word: u64 in ELF64, u32 in ELF32. */
  word(at: number): number {
    return this.wide ? this.v.u64(at, 'u64', this.little) : this.v.u32(at, 'u32', this.little);
  }
}

function readSections(r: Reader): Section[] {
  const offset = r.word(r.wide ? 0x28 : 0x20);
  const entsize = r.u16(r.wide ? 0x3a : 0x2e);
  const count = r.u16(r.wide ? 0x3c : 0x30);
  if (offset === 0 || count === 0) return [];
  if (entsize < (r.wide ? 64 : 40))
    throw r.v.fail('section headers too small', r.wide ? 0x3a : 0x2e);
  r.v.need(offset, count * entsize, 'section headers');
  const out: Section[] = [];
  for (let i = 0; i < count; i++) {
    const at = offset + i * entsize;
    out.push(
      r.wide
        ? {
            type: r.u32(at + 4),
            offset: r.word(at + 24),
            size: r.word(at + 32),
            link: r.u32(at + 40),
            entsize: r.word(at + 56),
          }
        : {
            type: r.u32(at + 4),
            offset: r.u32(at + 16),
            size: r.u32(at + 20),
            link: r.u32(at + 24),
            entsize: r.u32(at + 36),
          },
    );
  }
  return out;
}

function stringTable(
  r: Reader,
  section: Section,
  sections: readonly Section[],
): (at: number) => string {
  const table = sections[section.link];
  if (table === undefined) throw r.v.fail('section links to no string table');
  const bytes = r.v.slice(table.offset, table.size, 'string table');
  const latin1 = new TextDecoder('latin1');
  return (at) => {
    if (at >= bytes.length) throw r.v.fail(`string offset ${at} past its table`);
    let end = at;
    while (end < bytes.length && end - at < maxNameBytes && bytes[end] !== 0) end++;
    return latin1.decode(bytes.subarray(at, end));
  };
}

function readDynamic(
  r: Reader,
  dynamic: Section,
  sections: readonly Section[],
): { soname: string | undefined; needed: string[] } {
  const text = stringTable(r, dynamic, sections);
  const step = r.wide ? 16 : 8;
  r.v.need(dynamic.offset, dynamic.size, 'dynamic section');
  let soname: string | undefined;
  const needed: string[] = [];
  for (let at = dynamic.offset; at + step <= dynamic.offset + dynamic.size; at += step) {
    const tag = r.word(at);
    if (tag === 0) break;
    const value = r.word(at + step / 2);
    if (tag === dtNeeded) needed.push(text(value));
    else if (tag === dtSoname) soname = text(value);
  }
  return { soname, needed };
}

function readSymbols(r: Reader, dynsym: Section, sections: readonly Section[]): string[] {
  const text = stringTable(r, dynsym, sections);
  const step = r.wide ? 24 : 16;
  r.v.need(dynsym.offset, dynsym.size, 'dynamic symbols');
  const names: string[] = [];
  for (let at = dynsym.offset + step; at + step <= dynsym.offset + dynsym.size; at += step) {
    const info = r.v.u8(at + (r.wide ? 4 : 12));
    const shndx = r.u16(at + (r.wide ? 6 : 14));
    const binding = info >> 4;
    if (shndx === 0 || (binding !== 1 && binding !== 2)) continue;
    const name = text(r.u32(at));
    if (name !== '') names.push(name);
  }
  return names;
}
