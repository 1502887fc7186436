import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Kb, SdkRuleIndex } from '../kb/index.js';
import { readBoundedHashed } from '../shared/fs-bounded.js';
import { mergeInventories, readApp } from './inventory.js';
import { buildAppReport, type AppReport } from './report.js';
import { zlibInflate } from './zlib-inflate.js';

/** Largest app file read: Node's buffers stop short of 4 GiB, and a 2 GiB APK is already absurd. */
export const maxAppFileBytes = 2 * 1024 ** 3;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Scans one app file from disk into a report. */
export async function scanAppFile(
  path: string,
  kb: Kb,
  index: SdkRuleIndex,
  now: Date,
): Promise<AppReport> {
  const { bytes, sha256: digest } = readBoundedHashed(path, maxAppFileBytes);
  return scanAppBytes(bytes, basename(path), kb, index, now, digest);
}

/** Scans app bytes (an upload, a file) into a report. */
export async function scanAppBytes(
  bytes: Uint8Array,
  file: string,
  kb: Kb,
  index: SdkRuleIndex,
  now: Date,
  digest = sha256(bytes),
): Promise<AppReport> {
  const app = readApp(bytes, file, zlibInflate);
  return buildAppReport(app, {
    file,
    sha256: digest,
    sizeBytes: bytes.length,
    scannedAt: now.toISOString(),
    certificateSha256: app.certificate === undefined ? undefined : sha256(app.certificate.der),
    kb,
    index,
  });
}

/** Scans split APKs given as separate files (base plus config splits) as one app. */
export async function scanSplitFiles(
  paths: readonly string[],
  kb: Kb,
  index: SdkRuleIndex,
  now: Date,
): Promise<AppReport> {
  const digests: string[] = [];
  let size = 0;
  const parts = paths.map((path) => {
    const { bytes, sha256: digest } = readBoundedHashed(path, maxAppFileBytes);
    digests.push(digest);
    size += bytes.length;
    return readApp(bytes, basename(path), zlibInflate);
  });
  const app = mergeInventories(parts);
  return buildAppReport(app, {
    file: paths.map((p) => basename(p)).join(' + '),
    // The set's identity: the SHA-256 of the parts' digests, sorted.
    sha256: sha256(new TextEncoder().encode([...digests].sort().join('\n'))),
    sizeBytes: size,
    scannedAt: now.toISOString(),
    certificateSha256: app.certificate === undefined ? undefined : sha256(app.certificate.der),
    kb,
    index,
  });
}
