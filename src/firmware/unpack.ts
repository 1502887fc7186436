// Walks a firmware image layer by layer (pure: decompressors and file-system extractors are passed
// in), within limits on depth, bytes produced, entries and time. A hostile top-level container
// (traversal, table past the end, overlap, zip bomb) stops the scan; a hostile or unreadable part
// inside becomes a note and the rest is kept.
import { ArchiveRefusedError, type Inflate } from '../appaudit/index.js';
import { ParseError } from '../shared/errors.js';
import { FirmwareZip } from './dahua.js';
import { entryChecksumOk, parseHikvision, type HikvisionHeader } from './hikvision.js';
import { sniffFormat, type BlobFormat } from './sniff.js';
import { readTar } from './tar.js';
import { parseUImage, type UImage } from './uimage.js';

/** A file handed to analysis: its path inside the image and its bytes. */
export interface ImageFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** What a file-system extractor gives back: files (bounded), and what it could not do. */
export interface ExtractedFs {
  readonly files: readonly ImageFile[];
  readonly notes: readonly string[];
  readonly entries: number;
}

/** The decompressors and extractors the walk uses; adapters supply them. */
export interface UnpackTools {
  readonly inflateRaw: Inflate;
  gunzip(bytes: Uint8Array, maxBytes: number): Uint8Array;
  unxz(bytes: Uint8Array, format: 'xz' | 'lzma', maxBytes: number): Promise<Uint8Array>;
  extractFs(
    bytes: Uint8Array,
    format: 'squashfs' | 'cramfs',
    path: string,
    budget: { maxBytes: number; maxEntries: number; maxFileBytes: number; deadlineMs: number },
  ): Promise<ExtractedFs>;
  /** Milliseconds on a monotonic clock. */
  now(): number;
}

/** Bounds on the whole walk. */
export interface UnpackLimits {
  readonly maxDepth: number;
  /** Bytes produced by decompression and extraction, all layers together. */
  readonly maxTotalBytes: number;
  readonly maxEntries: number;
  /** Largest single file kept for analysis. */
  readonly maxFileBytes: number;
  readonly timeoutMs: number;
}

export const defaultUnpackLimits: UnpackLimits = {
  maxDepth: 8,
  maxTotalBytes: 2 * 1024 ** 3,
  maxEntries: 200_000,
  maxFileBytes: 64 * 1024 ** 2,
  timeoutMs: 300_000,
};

/** One layer met on the way down. */
export interface Layer {
  readonly path: string;
  readonly format: BlobFormat;
  readonly sizeBytes: number;
}

/** Everything the walk found, before any kb rule is applied. */
export interface FirmwareInventory {
  readonly format: BlobFormat;
  readonly hikvision: (HikvisionHeader & { readonly badChecksums: readonly string[] }) | undefined;
  readonly uimages: readonly (UImage & { readonly path: string })[];
  readonly layers: readonly Layer[];
  readonly files: readonly ImageFile[];
  readonly notes: readonly string[];
  readonly unpackedBytes: number;
  readonly entryCount: number;
}

/** Unpacks an image as far as the tools and limits allow. */
export async function unpackFirmware(
  bytes: Uint8Array,
  source: string,
  tools: UnpackTools,
  limits: UnpackLimits = defaultUnpackLimits,
): Promise<FirmwareInventory> {
  const w = new Walker(tools, limits, tools.now() + limits.timeoutMs);
  await w.walk(bytes, source, 0);
  return {
    format: w.layers[0]?.format ?? 'unknown',
    hikvision: w.hikvision,
    uimages: w.uimages,
    layers: w.layers,
    files: w.files,
    notes: w.notes,
    unpackedBytes: w.produced,
    entryCount: w.entries,
  };
}

class Walker {
  readonly layers: Layer[] = [];
  readonly files: ImageFile[] = [];
  readonly notes: string[] = [];
  readonly uimages: (UImage & { path: string })[] = [];
  hikvision: FirmwareInventory['hikvision'];
  produced = 0;
  entries = 0;
  private timedOut = false;

  constructor(
    private readonly tools: UnpackTools,
    private readonly limits: UnpackLimits,
    private readonly deadline: number,
  ) {}

  private left(): number {
    return Math.max(0, this.limits.maxTotalBytes - this.produced);
  }

  async walk(bytes: Uint8Array, path: string, depth: number): Promise<void> {
    if (this.tools.now() > this.deadline) {
      if (!this.timedOut)
        this.notes.push(
          `time limit (${this.limits.timeoutMs} ms) reached at ${path}: the rest was not unpacked`,
        );
      this.timedOut = true;
      return;
    }
    const format = sniffFormat(bytes);
    this.layers.push({ path, format, sizeBytes: bytes.length });
    if (depth > this.limits.maxDepth && format !== 'unknown' && format !== 'elf') {
      this.notes.push(
        `deep nesting refused: ${path} is ${format} at depth ${depth}, past ${this.limits.maxDepth}`,
      );
      return;
    }
    try {
      await this.open(bytes, path, depth, format);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      // The outermost container's refusals stop the scan: nothing below it can be trusted.
      if (depth === 0 && error instanceof ArchiveRefusedError) throw error;
      if (depth === 0 && format !== 'unknown' && this.layers.length === 1) throw error;
      this.notes.push(
        `${error instanceof ArchiveRefusedError ? 'refused' : 'unreadable'}: ${error.message}`,
      );
    }
  }

  private async open(
    bytes: Uint8Array,
    path: string,
    depth: number,
    format: BlobFormat,
  ): Promise<void> {
    switch (format) {
      case 'hikvision':
        return this.hikvisionPackage(bytes, path, depth);
      case 'dahua-zip':
      case 'zip':
        return this.zip(bytes, path, depth);
      case 'uimage': {
        const u = parseUImage(bytes, path);
        this.uimages.push({ ...u, path });
        if (!u.dataCrcOk)
          this.notes.push(`${path}: U-Boot image data CRC does not match (damaged or altered)`);
        if (u.os === 'Linux' && u.type === 'kernel')
          this.keep(`${path}#name`, new TextEncoder().encode(u.name));
        return this.walk(bytes.subarray(u.dataOffset, u.dataOffset + u.dataSize), path, depth + 1);
      }
      case 'gzip':
        return this.walk(
          this.count(this.tools.gunzip(bytes, this.left() + 1), path),
          path,
          depth + 1,
        );
      case 'xz':
      case 'lzma':
        return this.walk(
          this.count(await this.tools.unxz(bytes, format, this.left() + 1), path),
          path,
          depth + 1,
        );
      case 'tar':
        for (const e of readTar(bytes, path, this.limits.maxEntries - this.entries)) {
          this.entries++;
          await this.walk(
            bytes.subarray(e.offset, e.offset + e.size),
            `${path}!/${e.name}`,
            depth + 1,
          );
        }
        return;
      case 'squashfs':
      case 'cramfs':
        return this.fileSystem(bytes, path, format);
      default:
        this.keep(path, bytes);
    }
  }

  private count(out: Uint8Array, path: string): Uint8Array {
    if (out.length > this.left())
      throw new ArchiveRefusedError(
        path,
        `decompression bomb refused: inflates past the ${this.limits.maxTotalBytes}-byte limit`,
      );
    this.produced += out.length;
    return out;
  }

  private keep(path: string, bytes: Uint8Array): void {
    if (bytes.length > this.limits.maxFileBytes) {
      this.notes.push(
        `${path}: ${bytes.length} bytes, over the ${this.limits.maxFileBytes}-byte analysis limit; not searched`,
      );
      return;
    }
    this.files.push({ path, bytes });
  }

  private async hikvisionPackage(bytes: Uint8Array, path: string, depth: number): Promise<void> {
    const h = parseHikvision(bytes, path, { maxEntries: this.limits.maxEntries });
    const badChecksums = h.entries.filter((e) => !entryChecksumOk(bytes, e)).map((e) => e.name);
    if (depth === 0 || this.hikvision === undefined) this.hikvision = { ...h, badChecksums };
    if (h.encrypted) {
      this.notes.push(
        `${path}: ${h.magic} package: the header is encrypted (AES); its file table cannot be read without the vendor's key, which sousveil does not ship`,
      );
      return;
    }
    if (!h.headerChecksumOk) this.notes.push(`${path}: SWKH header checksum does not match`);
    for (const name of badChecksums)
      this.notes.push(`${path}!/${name}: checksum does not match the file table`);
    for (const e of h.entries) {
      this.entries++;
      await this.walk(bytes.subarray(e.offset, e.offset + e.size), `${path}!/${e.name}`, depth + 1);
    }
  }

  private async zip(bytes: Uint8Array, path: string, depth: number): Promise<void> {
    const zip = new FirmwareZip(bytes, path, this.tools.inflateRaw, {
      maxEntries: this.limits.maxEntries - this.entries,
      maxNameBytes: 1024,
      maxDeclaredBytes: this.left(),
      maxRatio: 1000,
    });
    for (const e of zip.entries) {
      if (e.name.endsWith('/')) continue;
      this.entries++;
      const data = zip.read(e, this.left());
      if (e.method !== 0) this.produced += data.length;
      await this.walk(data, `${path}!/${e.name}`, depth + 1);
    }
  }

  private async fileSystem(
    bytes: Uint8Array,
    path: string,
    format: 'squashfs' | 'cramfs',
  ): Promise<void> {
    const fs = await this.tools.extractFs(bytes, format, path, {
      maxBytes: this.left(),
      maxEntries: this.limits.maxEntries - this.entries,
      maxFileBytes: this.limits.maxFileBytes,
      deadlineMs: Math.max(1000, this.deadline - this.tools.now()),
    });
    this.entries += fs.entries;
    for (const n of fs.notes) this.notes.push(n);
    for (const f of fs.files) {
      this.produced += f.bytes.length;
      this.files.push({ path: `${path}!/${f.path}`, bytes: f.bytes });
    }
  }
}
