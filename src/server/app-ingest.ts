// An uploaded app, from bytes to a saved report: hashed (the same bytes are audited once), read
// (ZIP, DEX, manifest, libraries, signer), matched against the kb's SDK rules and saved with the
// app store. Progress is told as it goes. The same code runs in the app worker and, where no
// worker can start, in the server's own thread.
import { createHash } from 'node:crypto';
import { buildAppReport, readApp, toAppScan } from '../appaudit/index.js';
import { zlibInflate } from '../appaudit/zlib-inflate.js';
import type { AppJobPhase } from '../contract/apps.js';
import type { Kb, SdkRuleIndex } from '../kb/index.js';
import { UserError } from '../shared/errors.js';
import type { Store } from '../store/index.js';

export interface AppUpload {
  bytes: Uint8Array;
  /** The file name the client gave (cleaned). */
  name: string;
}

export interface AppIngestDeps {
  kb: Kb;
  index: SdkRuleIndex;
  store: Store;
  now: () => Date;
}

/** Where a job stands: its phase and how far it is over the whole job (0 to 100). */
export interface AppProgress {
  phase: Exclude<AppJobPhase, 'queued' | 'done' | 'failed'>;
  percent: number;
}

export interface AppIngestResult {
  reportId: number;
  duplicate: boolean;
}

/** Reading takes most of the time: it runs from 0 to this percent, matching and saving the rest. */
const readingShare = 90;

/** Audits and saves one uploaded app, telling `progress` as it goes. */
export async function ingestApp(
  deps: AppIngestDeps,
  job: AppUpload,
  progress: (p: AppProgress) => void,
): Promise<AppIngestResult> {
  if (job.bytes.length === 0) throw new UserError('the upload is empty');
  progress({ phase: 'reading', percent: 0 });
  const sha256 = hex(job.bytes);
  const [earlier] = await deps.store.apps.list({ sha256, limit: 1 });
  if (earlier !== undefined) return { reportId: earlier.id, duplicate: true };
  let shown = -1;
  const app = readApp(job.bytes, job.name, zlibInflate, undefined, (read, total) => {
    const percent = Math.floor((read / Math.max(total, 1)) * readingShare);
    if (percent === shown) return;
    shown = percent;
    progress({ phase: 'reading', percent });
  });
  progress({ phase: 'matching', percent: readingShare });
  const report = buildAppReport(app, {
    file: job.name,
    sha256,
    sizeBytes: job.bytes.length,
    scannedAt: deps.now().toISOString(),
    certificateSha256: app.certificate === undefined ? undefined : hex(app.certificate.der),
    kb: deps.kb,
    index: deps.index,
  });
  progress({ phase: 'saving', percent: readingShare + 5 });
  const saved = await deps.store.apps.save(toAppScan(report));
  return { reportId: saved.id, duplicate: false };
}

const hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
