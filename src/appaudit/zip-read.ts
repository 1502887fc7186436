import { ParseError } from '../shared/errors.js';
import { ArchiveRefusedError } from './archive-refused.js';
import { BytesView } from './bytes-view.js';
import {
  defaultZipLimits,
  entryDataOffset,
  readZipDirectory,
  allPresent,
  type RangeLoader,
  type ZipDirectory,
  type ZipEntry,
  type ZipLimits,
} from './zip.js';

/** Decompresses raw DEFLATE data to at most `maxBytes` bytes, or throws. Passed in by adapters. */
export type Inflate = (raw: Uint8Array, maxBytes: number) => Uint8Array;

/** Bounds on what reading entries may produce, counted on the bytes actually inflated. */
export interface ReadLimits extends ZipLimits {
  readonly maxEntryBytes: number;
  readonly maxInflatedBytes: number;
}

export const defaultReadLimits: ReadLimits = {
  ...defaultZipLimits,
  maxEntryBytes: 512 * 1024 ** 2,
  maxInflatedBytes: 2 * 1024 ** 3,
};

/** An archive opened from its central directory; reads entries on demand within byte limits. */
export class ZipArchive {
  readonly directory: ZipDirectory;
  private readonly view: BytesView;
  private readonly inflate: Inflate;
  private readonly limits: ReadLimits;
  private readonly load: RangeLoader;
  private inflated = 0;

  /** `load` brings in the ranges read when `bytes` is a file's image read in part. */
  constructor(
    bytes: Uint8Array,
    source: string,
    inflate: Inflate,
    limits = defaultReadLimits,
    load: RangeLoader = allPresent,
  ) {
    this.view = new BytesView(bytes, source);
    this.load = load;
    this.directory = readZipDirectory(bytes, source, limits, load);
    this.inflate = inflate;
    this.limits = limits;
  }

  get entries(): readonly ZipEntry[] {
    return this.directory.entries;
  }

  /** Bytes inflated so far, over all reads. */
  get inflatedBytes(): number {
    return this.inflated;
  }

  /** The entry's uncompressed bytes; stored entries are views into the archive, not copies. */
  read(entry: ZipEntry): Uint8Array {
    const v = this.view;
    if ((entry.flags & 1) !== 0) throw v.fail(`${entry.name} is encrypted`);
    if (entry.size > this.limits.maxEntryBytes) {
      throw new ArchiveRefusedError(
        v.source,
        `zip bomb refused: ${entry.name} declares ${entry.size} bytes`,
      );
    }
    const start = entryDataOffset(v, entry, this.load);
    const raw = v.bytes.subarray(start, start + entry.compressedSize);
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size) throw v.fail(`${entry.name}: stored sizes differ`);
      return raw;
    }
    if (entry.method !== 8) throw v.fail(`${entry.name}: compression method ${entry.method}`);
    const budget = Math.min(entry.size, this.limits.maxInflatedBytes - this.inflated);
    if (budget < entry.size) {
      throw new ArchiveRefusedError(
        v.source,
        `zip bomb refused: over ${this.limits.maxInflatedBytes} bytes inflated`,
      );
    }
    const out = this.inflateChecked(entry, raw, budget);
    this.inflated += out.length;
    return out;
  }

  private inflateChecked(entry: ZipEntry, raw: Uint8Array, budget: number): Uint8Array {
    let out: Uint8Array;
    try {
      out = this.inflate(raw, budget);
    } catch (cause) {
      throw new ParseError(
        this.view.source,
        `${entry.name}: bad deflate data or more than the ${entry.size} bytes it declares`,
        undefined,
        { cause },
      );
    }
    if (out.length !== entry.size) {
      throw this.view.fail(
        `${entry.name}: inflated to ${out.length} bytes, declares ${entry.size}`,
      );
    }
    return out;
  }

  /** The first entry with this exact name. */
  find(name: string): ZipEntry | undefined {
    return this.directory.entries.find((e) => e.name === name);
  }
}
