import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Kb, SdkRuleIndex } from '../kb/index.js';
import { readBoundedHashed } from '../shared/fs-bounded.js';
import { mergeInventories, readApp, type AppInventory } from './inventory.js';
import { openPartialFile } from './fs-partial-file.js';
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
  const { app, sha256: digest, sizeBytes } = readAppFile(path);
  return reportOf(app, basename(path), digest, sizeBytes, { kb, index, now });
}

/**
 * Reads an app file: a regular file in part (its directory and the entries parsed, the rest only
 * streamed through the hash), anything else (a pipe, a device) whole within the size limit.
 */
function readAppFile(path: string): { app: AppInventory; sha256: string; sizeBytes: number } {
  const part = openPartialFile(path, maxAppFileBytes);
  if (part === undefined) {
    const { bytes, sha256: digest } = readBoundedHashed(path, maxAppFileBytes);
    const app = readApp(bytes, basename(path), zlibInflate);
    return { app, sha256: digest, sizeBytes: bytes.length };
  }
  try {
    const app = readApp(part.bytes, basename(path), zlibInflate, undefined, undefined, part.load);
    return { app, sha256: part.sha256(), sizeBytes: part.bytes.length };
  } finally {
    part.close();
  }
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
    const { app, sha256: digest, sizeBytes } = readAppFile(path);
    digests.push(digest);
    size += sizeBytes;
    return app;
  });
  // The set's identity: the SHA-256 of the parts' digests, sorted.
  const digest = sha256(new TextEncoder().encode([...digests].sort().join('\n')));
  const file = paths.map((p) => basename(p)).join(' + ');
  return reportOf(mergeInventories(parts), file, digest, size, { kb, index, now });
}

function reportOf(
  app: AppInventory,
  file: string,
  digest: string,
  sizeBytes: number,
  { kb, index, now }: { kb: Kb; index: SdkRuleIndex; now: Date },
): AppReport {
  return buildAppReport(app, {
    file,
    sha256: digest,
    sizeBytes,
    scannedAt: now.toISOString(),
    certificateSha256: app.certificate === undefined ? undefined : sha256(app.certificate.der),
    kb,
    index,
  });
}
