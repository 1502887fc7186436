// Reads a firmware file (bounded, hashed as it is read), unpacks it in its own work folder
// (removed afterwards) and builds the report.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Kb } from '../kb/index.js';
import { readBoundedHashed } from '../shared/fs-bounded.js';
import { firmwareTools } from './fs-firmware-tools.js';
import { buildFirmwareReport, type FirmwareReport } from './report.js';
import { defaultUnpackLimits, unpackFirmware, type UnpackLimits } from './unpack.js';

/** Largest image read: Node's buffers stop short of 4 GiB; firmware files are far smaller. */
export const maxFirmwareFileBytes = 2 * 1024 ** 3 - 1;

/** Files from this size on get progress lines on stderr. */
const bigFileBytes = 32 * 1024 ** 2;

/** Stages a scan reports as it goes: bytes read, then unpacking, then searching. */
export type FirmwareProgress = (stage: string) => void;

/** Reads an image (bounded, hashed as it is read), telling progress every 64 MiB. */
export function readFirmwareFile(
  path: string,
  onProgress: FirmwareProgress = () => undefined,
  maxBytes = maxFirmwareFileBytes,
): { bytes: Uint8Array; sha256: string } {
  let reported = 0;
  return readBoundedHashed(path, maxBytes, (readSoFar) => {
    if (readSoFar - reported < 64 * 1024 ** 2) return;
    reported = readSoFar;
    onProgress(`read ${Math.round(readSoFar / 1024 ** 2)} MiB`);
  });
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
