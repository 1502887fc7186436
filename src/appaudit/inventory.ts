import { readAxmlManifest } from './manifest-read.js';
import { readManifest, type Manifest } from './manifest.js';
import { parseProtoXml } from './proto-xml.js';
import { parseDex } from './dex.js';
import { parseElf } from './elf.js';
import { readPkcs7Certificate, readSigningBlock, type SigningCertificate } from './signing.js';
import { ZipArchive, defaultReadLimits, type Inflate, type ReadLimits } from './zip-read.js';
import { allPresent, type RangeLoader, type ZipEntry } from './zip.js';
import { ParseError } from '../shared/errors.js';
import { ArchiveRefusedError } from './archive-refused.js';

/** One DEX file seen in the app. */
export interface DexPart {
  readonly path: string;
  readonly version: number;
  readonly classCount: number;
  readonly methodCount: number;
}

/** One native library seen in the app. */
export interface NativeLib {
  readonly path: string;
  readonly name: string;
  readonly abi: string;
  readonly soname: string | undefined;
  readonly needed: readonly string[];
  readonly symbolCount: number;
}

/** Everything read from an app file, before any SDK is matched. */
export interface AppInventory {
  readonly format: 'apk' | 'bundle' | 'aab';
  readonly manifest: Manifest | undefined;
  readonly dex: readonly DexPart[];
  /** Classes defined by every DEX, dotted. */
  readonly classes: readonly string[];
  /** Host names found in DEX strings. */
  readonly hosts: readonly string[];
  readonly nativeLibs: readonly NativeLib[];
  /** Every entry path, nested ones as `outer.apk!/inner/path`. */
  readonly entries: readonly string[];
  readonly certificate: SigningCertificate | undefined;
  /** Parts that could not be read (a truncated DEX, a bad manifest): the rest is still reported. */
  readonly problems: readonly string[];
  readonly inflatedBytes: number;
}

const maxDepth = 3;

/** Told, after each top-level entry, how many of the archive's bytes have been read. */
export type ReadProgress = (readBytes: number, totalBytes: number) => void;

/**
 * Reads an APK, an XAPK/APKS bundle of split APKs or an Android App Bundle (AAB) from its bytes.
 * Archive-level refusals (zip bombs, path traversal, limits) throw a ParseError; a part that
 * cannot be read becomes a problem and everything else is kept. `onProgress` hears how far the
 * reading is, by compressed bytes of the top-level entries. `load` brings in the parts read when
 * `bytes` is the image of a file read in part (see fs-partial-file.ts).
 */
export function readApp(
  bytes: Uint8Array,
  source: string,
  inflate: Inflate,
  limits: ReadLimits = defaultReadLimits,
  onProgress?: ReadProgress,
  load: RangeLoader = allPresent,
): AppInventory {
  const c = new Collector(inflate, limits, onProgress, bytes.length);
  const archive = new ZipArchive(bytes, source, inflate, limits, load);
  const names = archive.entries.map((e) => e.name);
  const format = names.includes('AndroidManifest.xml')
    ? 'apk'
    : names.includes('base/manifest/AndroidManifest.xml')
      ? 'aab'
      : names.some((n) => n.endsWith('.apk'))
        ? 'bundle'
        : 'apk';
  c.walk(archive, '', 0);
  c.certificate ??= readCertificate(archive, bytes, c.problems);
  if (format === 'aab')
    c.problems.push(
      'AAB manifest is in protobuf form: not read (classes, libraries and assets are)',
    );
  if (c.manifests.length === 0) c.problems.push('no AndroidManifest.xml found');
  return {
    format,
    manifest: mergeManifests(c.manifests),
    dex: c.dex,
    classes: c.classes.flat(),
    hosts: [...c.hosts].sort(),
    nativeLibs: c.libs,
    entries: c.entries,
    certificate: c.certificate,
    problems: c.problems,
    inflatedBytes: c.inflated + archive.inflatedBytes,
  };
}

class Collector {
  readonly manifests: Manifest[] = [];
  readonly dex: DexPart[] = [];
  /** Each DEX's class names, joined once at the end. */
  readonly classes: (readonly string[])[] = [];
  readonly hosts = new Set<string>();
  readonly libs: NativeLib[] = [];
  readonly entries: string[] = [];
  readonly problems: string[] = [];
  certificate: SigningCertificate | undefined;
  inflated = 0;
  private readBytes = 0;

  constructor(
    private readonly inflate: Inflate,
    private readonly limits: ReadLimits,
    private readonly onProgress: ReadProgress | undefined,
    private readonly totalBytes: number,
  ) {}

  walk(archive: ZipArchive, prefix: string, depth: number): void {
    const seenLibs = new Set<string>();
    for (const entry of archive.entries) {
      if (depth === 0 && this.onProgress !== undefined) {
        this.onProgress(Math.min(this.readBytes, this.totalBytes), this.totalBytes);
        this.readBytes += entry.compressedSize;
      }
      const path = prefix + entry.name;
      this.entries.push(path);
      const kind = kindOf(entry.name);
      if (kind === undefined) continue;
      if (kind === 'lib') {
        const name = entry.name.slice(entry.name.lastIndexOf('/') + 1);
        // One ABI's copy of each library is enough to read its names.
        const first = seenLibs.has(name) ? this.libs.find((l) => l.name === name) : undefined;
        if (first !== undefined) {
          this.libs.push({ ...first, path, abi: abiOf(entry.name) });
          continue;
        }
        seenLibs.add(name);
      }
      this.read(archive, entry, path, kind, depth);
    }
  }

  private read(
    archive: ZipArchive,
    entry: ZipEntry,
    path: string,
    kind: PartKind,
    depth: number,
  ): void {
    try {
      const data = archive.read(entry);
      if (kind === 'manifest') this.manifests.push(readAxmlManifest(data, path));
      else if (kind === 'proto-manifest')
        this.manifests.push(readManifest(parseProtoXml(data, path)));
      else if (kind === 'dex') this.addDex(data, path);
      else if (kind === 'lib') this.addLib(data, path, entry.name);
      else if (depth < maxDepth) this.nested(data, path, depth);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      if (error instanceof ArchiveRefusedError) throw error;
      this.problems.push(error.message);
    }
  }

  private addDex(data: Uint8Array, path: string): void {
    for (const d of parseDex(data, path, { hosts: true })) {
      this.dex.push({
        path,
        version: d.version,
        classCount: d.classes.length,
        methodCount: d.methodCount,
      });
      this.classes.push(d.classes);
      for (const h of d.hosts ?? []) this.hosts.add(h);
    }
  }

  private addLib(data: Uint8Array, path: string, name: string): void {
    const elf = parseElf(data, path);
    this.libs.push({
      path,
      name: name.slice(name.lastIndexOf('/') + 1),
      abi: abiOf(name),
      soname: elf.soname,
      needed: elf.needed,
      symbolCount: elf.symbols.length,
    });
  }

  private nested(data: Uint8Array, path: string, depth: number): void {
    const inner = new ZipArchive(data, path, this.inflate, this.limits);
    this.walk(inner, `${path}!/`, depth + 1);
    this.inflated += inner.inflatedBytes;
    if (path.endsWith('.apk') && inner.directory.signingBlock !== undefined) {
      this.certificate ??= readSigningBlock(data, inner.directory.signingBlock, path);
    }
  }
}

type PartKind = 'manifest' | 'proto-manifest' | 'dex' | 'lib' | 'nested';

function kindOf(name: string): PartKind | undefined {
  if (name === 'AndroidManifest.xml') return 'manifest';
  if (/^[^/]+\/manifest\/AndroidManifest\.xml$/.test(name)) return 'proto-manifest';
  if (name.endsWith('.dex')) return 'dex';
  if (/(^|\/)lib\/[^/]+\/[^/]+\.so$/.test(name)) return 'lib';
  if (/\.(apk|jar|zip)$/.test(name)) return 'nested';
  return undefined;
}

function abiOf(name: string): string {
  const parts = name.split('/');
  return parts[parts.length - 2] ?? '';
}

function readCertificate(
  archive: ZipArchive,
  bytes: Uint8Array,
  problems: string[],
): SigningCertificate | undefined {
  try {
    const block = archive.directory.signingBlock;
    const fromBlock = block === undefined ? undefined : readSigningBlock(bytes, block);
    if (fromBlock !== undefined) return fromBlock;
    const v1 = archive.entries.find((e) => /^META-INF\/[^/]+\.(RSA|DSA|EC)$/i.test(e.name));
    return v1 === undefined ? undefined : readPkcs7Certificate(archive.read(v1), v1.name);
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    problems.push(`signing certificate: ${error.message}`);
    return undefined;
  }
}

/** Split APKs given as separate files, read as one app: the base's manifest leads, parts add up. */
export function mergeInventories(parts: readonly AppInventory[]): AppInventory {
  const manifests = parts.flatMap((p) => (p.manifest === undefined ? [] : [p.manifest]));
  const certificate = parts.find((p) => p.certificate !== undefined)?.certificate;
  return {
    format: 'bundle',
    manifest: mergeManifests(manifests),
    dex: parts.flatMap((p) => p.dex),
    classes: parts.flatMap((p) => p.classes),
    hosts: [...new Set(parts.flatMap((p) => p.hosts))].sort(),
    nativeLibs: parts.flatMap((p) => p.nativeLibs),
    entries: parts.flatMap((p) => p.entries),
    certificate,
    problems: parts.flatMap((p) => p.problems.filter((x) => x !== 'no AndroidManifest.xml found')),
    inflatedBytes: parts.reduce((n, p) => n + p.inflatedBytes, 0),
  };
}

/** Split APKs each carry a manifest: the base (the one naming most) leads, the rest add to it. */
function mergeManifests(list: readonly Manifest[]): Manifest | undefined {
  const sorted = [...list].sort((a, b) => b.components.length - a.components.length);
  const [base, ...rest] = sorted;
  if (base === undefined) return undefined;
  if (rest.length === 0) return base;
  const unique = <T>(xs: T[], key: (x: T) => string): T[] => [
    ...new Map(xs.map((x) => [key(x), x])).values(),
  ];
  return {
    ...base,
    permissions: unique([...base.permissions, ...rest.flatMap((m) => m.permissions)], (p) => p),
    components: unique(
      [...base.components, ...rest.flatMap((m) => m.components)],
      (c) => `${c.kind} ${c.name}`,
    ),
    metaData: unique([...base.metaData, ...rest.flatMap((m) => m.metaData)], (m) => m.name),
  };
}
