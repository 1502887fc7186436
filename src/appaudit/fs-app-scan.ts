import { createHash } from 'node:crypto';
import { openSync, closeSync, fstatSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { Kb, SdkRuleIndex } from '../kb/index.js';
import { UserError } from '../shared/errors.js';
import { readApp } from './inventory.js';
import { buildAppReport, type AppReport } from './report.js';
import { zlibInflate } from './zlib-inflate.js';

/** Largest app file read: Node's buffers stop short of 4 GiB, and a 2 GiB APK is already absurd. */
export const maxAppFileBytes = 2 * 1024 ** 3;

/** Reads a whole file, counting the bytes actually read against the limit (not the stat size). */
export function readBounded(path: string, maxBytes = maxAppFileBytes): Uint8Array {
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
    let buf = new Uint8Array(Math.max(hint, 64 * 1024));
    let length = 0;
    for (;;) {
      if (length === buf.length) {
        if (length >= maxBytes) throw new UserError(`${path}: larger than ${maxBytes} bytes`);
        const bigger = new Uint8Array(Math.min(maxBytes + 1, buf.length * 2));
        bigger.set(buf);
        buf = bigger;
      }
      const n = readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return buf.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Scans one app file from disk into a report. */
export function scanAppFile(path: string, kb: Kb, index: SdkRuleIndex, now: Date): AppReport {
  const bytes = readBounded(path);
  return scanAppBytes(bytes, basename(path), kb, index, now);
}

/** Scans app bytes (an upload, a file) into a report. */
export function scanAppBytes(
  bytes: Uint8Array,
  file: string,
  kb: Kb,
  index: SdkRuleIndex,
  now: Date,
): AppReport {
  const app = readApp(bytes, file, zlibInflate);
  return buildAppReport(app, {
    file,
    sha256: sha256(bytes),
    sizeBytes: bytes.length,
    scannedAt: now.toISOString(),
    certificateSha256: app.certificate === undefined ? undefined : sha256(app.certificate.der),
    kb,
    index,
  });
}
