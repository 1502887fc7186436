// Components and indicators in an image's files (pure): the kb's version-string rules and
// indicator rules run over each file's text (Latin-1, so binaries' strings keep their bytes).
import { componentVersions, indicatorMatch, type FirmwareIndicator, type Kb } from '../kb/index.js';
import type { ImageFile } from './unpack.js';

/** One component version found, with where. */
export interface ComponentFinding {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly purl: string;
  readonly cpe: string | undefined;
  readonly files: readonly string[];
  readonly sources: readonly string[];
}

/** One indicator found, with the files and the text that matched. */
export interface IndicatorFinding {
  readonly id: string;
  readonly title: string;
  readonly kind: FirmwareIndicator['kind'];
  readonly severity: FirmwareIndicator['severity'];
  readonly vendor: string | undefined;
  readonly hits: readonly { readonly path: string; readonly match: string }[];
  readonly sources: readonly string[];
}

const maxSamples = 5;
const latin1 = new TextDecoder('latin1');

/** Runs every component and indicator rule over the files. */
export function analyzeFiles(
  files: readonly ImageFile[],
  kb: Kb,
): { components: ComponentFinding[]; indicators: IndicatorFinding[]; highEntropyFiles: number } {
  const components = new Map<string, { id: string; version: string; files: string[] }>();
  const hits = new Map<string, { path: string; match: string }[]>();
  const fileRe = new Map<string, RegExp>();
  const fits = (pattern: string | undefined, path: string): boolean => {
    if (pattern === undefined) return true;
    let re = fileRe.get(pattern);
    if (re === undefined) fileRe.set(pattern, (re = new RegExp(pattern)));
    return re.test(path);
  };
  const hit = (i: FirmwareIndicator, path: string, match: string): void => {
    const list = hits.get(i.id) ?? [];
    if (list.length < maxSamples) list.push({ path, match: match.slice(0, 120) });
    hits.set(i.id, list);
  };
  let noise = 0;
  for (const f of files) {
    const inner = innerPath(f.path);
    for (const i of kb.firmwareIndicators)
      if (i.target === 'path' && fits(i.files, inner)) {
        const m = indicatorMatch(i, inner);
        if (m !== undefined) hit(i, f.path, m);
      }
    if (looksRandom(f.bytes)) {
      noise++;
      continue;
    }
    const text = printableText(f.bytes);
    for (const c of kb.firmwareComponents) {
      if (!fits(c.files, inner)) continue;
      // Versions live in file names too (libuClibc-0.9.33.2.so), so the path is searched as well.
      for (const version of new Set([
        ...componentVersions(c, text),
        ...componentVersions(c, inner),
      ])) {
        const key = `${c.id}@${version}`;
        const entry = components.get(key) ?? { id: c.id, version, files: [] };
        if (entry.files.length < maxSamples) entry.files.push(f.path);
        components.set(key, entry);
      }
    }
    for (const i of kb.firmwareIndicators) {
      if (i.target !== 'content' || !fits(i.files, inner)) continue;
      const m = indicatorMatch(i, text);
      if (m !== undefined) hit(i, f.path, m);
    }
  }
  const byId = new Map(kb.firmwareComponents.map((c) => [c.id, c]));
  return {
    highEntropyFiles: noise,
    components: [...components.values()]
      .map((e) => {
        const c = byId.get(e.id);
        return {
          id: e.id,
          name: c?.name ?? e.id,
          version: e.version,
          purl: `${c?.purl ?? `pkg:generic/${e.id}`}@${encodeURIComponent(e.version)}`,
          cpe:
            c?.cpe === undefined
              ? undefined
              : `cpe:2.3:a:${c.cpe.vendor}:${c.cpe.product}:${e.version}:*:*:*:*:*:*:*`,
          files: e.files,
          sources: c?.sources ?? [],
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version)),
    indicators: kb.firmwareIndicators
      .filter((i) => hits.has(i.id))
      .map((i) => ({
        id: i.id,
        title: i.title,
        kind: i.kind,
        severity: i.severity,
        vendor: i.vendor,
        hits: hits.get(i.id) ?? [],
        sources: i.sources,
      })),
  };
}

/** The path inside the innermost file system (`a.dav!/app.img!/etc/passwd` -> `etc/passwd`). */
export function innerPath(path: string): string {
  const i = path.lastIndexOf('!/');
  return i < 0 ? path : path.slice(i + 2);
}

const minRun = 8;
const printableByte = Uint8Array.from({ length: 256 }, (_, b) =>
  (b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x09 || b === 0x0d ? 1 : 0,
);

/**
 * The file's printable runs (as `strings` finds them: at least 8 printable ASCII characters, tabs
 * and line ends included) joined by line ends. Text files come out whole; binaries shrink to their
 * strings and random data to almost nothing, so rules are not run over megabytes of noise.
 */
export function printableText(bytes: Uint8Array): string {
  const parts: string[] = [];
  let start = -1;
  let kept = 0;
  const n = bytes.length;
  for (let i = 0; i <= n; i++) {
    if (i < n && printableByte[bytes[i] as number] === 1) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && i - start >= minRun) {
      parts.push(latin1.decode(bytes.subarray(start, i)));
      kept += i - start;
    }
    start = -1;
  }
  return kept === n ? (parts[0] ?? '') : parts.join('\n');
}

const sampleBytes = 16 * 1024;
const samples = 8;

/**
 * Whether a file is compressed or encrypted data throughout: every sampled block has a byte
 * entropy near 8 bits (binaries and text stay well below), so it holds no readable strings and
 * its contents are not searched. Files under 256 KiB are always searched.
 */
export function looksRandom(bytes: Uint8Array): boolean {
  if (bytes.length < 256 * 1024) return false;
  const step = Math.floor((bytes.length - sampleBytes) / (samples - 1));
  const blocks = Array.from({ length: samples }, (_, k) =>
    bytes.subarray(k * step, k * step + sampleBytes),
  );
  return blocksLookRandom(blocks);
}

/** Where `looksRandom` samples a file of `size` bytes: offsets of its blocks. */
export function sampleOffsets(size: number): { offsets: number[]; blockBytes: number } {
  const step = Math.floor((size - sampleBytes) / (samples - 1));
  return { offsets: Array.from({ length: samples }, (_, k) => k * step), blockBytes: sampleBytes };
}

/** Whether every block has a byte entropy of at least 7.9 bits. */
export function blocksLookRandom(blocks: readonly Uint8Array[]): boolean {
  const counts = new Uint32Array(256);
  for (const block of blocks) {
    counts.fill(0);
    for (let i = 0; i < block.length; i++) (counts[block[i] as number] as number)++;
    let h = 0;
    for (const c of counts) if (c > 0) h -= (c / block.length) * Math.log2(c / block.length);
    if (h < 7.9) return false;
  }
  return true;
}
