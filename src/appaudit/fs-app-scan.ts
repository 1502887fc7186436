import { createHash } from 'node:crypto';
import { openSync, closeSync, fstatSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { Kb, SdkRuleIndex } from '../kb/index.js';
import { UserError } from '../shared/errors.js';
import { mergeInventories, readApp } from './inventory.js';
import { buildAppReport, type AppReport } from './report.js';
import { zlibInflate } from './zlib-inflate.js';

/** Largest app file read: Node's buffers stop short of 4 GiB, and a 2 GiB APK is already absurd. */
export const maxAppFileBytes = 2 * 1024 ** 3;

/**
 * Reads a whole file, counting the bytes actually read against the limit (not the stat size),
 * and hashes it (SHA-256) chunk by chunk as it arrives, while the bytes are still in cache.
 */
export function readBounded(
  path: string,
  maxBytes = maxAppFileBytes,
): { bytes: Uint8Array; sha256: string } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (cause) {
    throw new UserError(
      `${path}: cannot open (${(cause as NodeJS.ErrnoException).code ?? 'error'})`,
      { cause },
    );
  }
  try {
    // One byte past the stat size, so the read that finds the end needs no bigger buffer.
    const hint = Math.min(fstatSync(fd).size + 1, maxBytes + 1);
    // Not zero-filled: every byte returned is one read from the file.
    const hash = createHash('sha256');
    let buf: Uint8Array = Buffer.allocUnsafe(Math.max(hint, 64 * 1024));
    let length = 0;
    for (;;) {
      if (length === buf.length) {
        if (length >= maxBytes) throw new UserError(`${path}: larger than ${maxBytes} bytes`);
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buf.length * 2));
        bigger.set(buf);
        buf = bigger;
      }
      const n = readSync(fd, buf, length, Math.min(buf.length - length, 8 * 1024 ** 2), null);
      if (n === 0) break;
      hash.update(buf.subarray(length, length + n));
      length += n;
    }
    return { bytes: buf.subarray(0, length), sha256: hash.digest('hex') };
  } finally {
    closeSync(fd);
  }
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Scans one app file from disk into a report. */
export async function scanAppFile(
  path: string,
  kb: Kb,
  index: SdkRuleIndex,
  now: Date,
): Promise<AppReport> {
  const { bytes, sha256: digest } = readBounded(path);
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
    const { bytes, sha256: digest } = readBounded(path);
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
