// Reads a firmware file (bounded, hashed as it is read), unpacks it in its own work folder
// (removed afterwards) and builds the report.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Kb } from '../kb/index.js';
import { UserError } from '../shared/errors.js';
import { firmwareTools } from './fs-firmware-tools.js';
import { buildFirmwareReport, type FirmwareReport } from './report.js';
import { defaultUnpackLimits, unpackFirmware, type UnpackLimits } from './unpack.js';

/** Largest image read: Node's buffers stop short of 4 GiB; firmware files are far smaller. */
export const maxFirmwareFileBytes = 2 * 1024 ** 3 - 1;

/** Files from this size on get progress lines on stderr. */
const bigFileBytes = 32 * 1024 ** 2;

/** Stages a scan reports as it goes: bytes read, then unpacking, then searching. */
export type FirmwareProgress = (stage: string) => void;

/** Reads a file counting bytes actually read against the limit (not the stat size), hashing as it goes. */
export function readFirmwareFile(
  path: string,
  onProgress: FirmwareProgress = () => undefined,
  maxBytes = maxFirmwareFileBytes,
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
    const hint = Math.min(fstatSync(fd).size + 1, maxBytes + 1);
    const hash = createHash('sha256');
    let buf: Uint8Array = Buffer.allocUnsafe(Math.max(hint, 64 * 1024));
    let length = 0;
    let reported = 0;
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
      if (length - reported >= 64 * 1024 ** 2) {
        reported = length;
        onProgress(`read ${Math.round(length / 1024 ** 2)} MiB`);
      }
    }
    return { bytes: buf.subarray(0, length), sha256: hash.digest('hex') };
  } finally {
    closeSync(fd);
  }
}

/** Scans one image from disk into a report. */
export async function scanFirmwareFile(
  path: string,
  kb: Kb,
  now: Date,
  options: { limits?: UnpackLimits; onProgress?: FirmwareProgress } = {},
): Promise<FirmwareReport> {
  const progress = options.onProgress ?? (() => undefined);
  const { bytes, sha256 } = readFirmwareFile(path, progress);
  if (bytes.length >= bigFileBytes)
    progress(`unpacking ${basename(path)} (${Math.round(bytes.length / 1024 ** 2)} MiB)`);
  return scanFirmwareBytes(bytes, basename(path), kb, now, sha256, options.limits);
}

/** Scans image bytes (a file, an upload) into a report, unpacking in a private work folder. */
export async function scanFirmwareBytes(
  bytes: Uint8Array,
  file: string,
  kb: Kb,
  now: Date,
  sha256 = createHash('sha256').update(bytes).digest('hex'),
  limits: UnpackLimits = defaultUnpackLimits,
): Promise<FirmwareReport> {
  const work = mkdtempSync(join(workRoot(bytes.length), 'sousveil-fw-'));
  try {
    const inv = await unpackFirmware(bytes, file, firmwareTools(work), limits);
    return buildFirmwareReport(inv, {
      file,
      sha256,
      sizeBytes: bytes.length,
      scannedAt: now.toISOString(),
      kb,
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Where the work folder goes: memory (/dev/shm) for images up to 512 MiB, where writing a
 * file system out for unsquashfs and reading it back costs no disk; the temporary folder otherwise.
 */
function workRoot(imageBytes: number): string {
  return imageBytes <= 512 * 1024 ** 2 && existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}
