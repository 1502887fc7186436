// An uploaded scan, from bytes to a saved run: nmap XML is parsed and identified; a sousveil JSON
// scan is judged again from its evidence (its verdicts are never taken as they are). The same
// code runs in the upload worker and, where no worker can start, in the server's own thread.
import { createHash } from 'node:crypto';
import type { UploadResult } from '../contract/scans.js';
import type { Kb } from '../kb/index.js';
import { identifyHost, type HostVerdict } from '../netaudit/index.js';
import {
  claimsMoreThan,
  detectFormat,
  observationsFromVerdict,
  parseImport,
} from '../netaudit/import/index.js';
import { looksLikeSousveilJson, parseSousveilScan } from '../netaudit/import/sousveil-json.js';
import { saveRun } from '../netaudit/runs.js';
import { HttpError, UserError } from '../shared/errors.js';
import { jsonDepth } from '../shared/json-depth.js';
import type { RetentionRule, Store } from '../store/index.js';
import type { AgentJob } from './agent-ingest.js';

export interface UploadJob {
  bytes: Uint8Array;
  /** The file name the client gave (cleaned), kept with the import. */
  name: string;
  contentType: string;
  /** Pushed by a site's agent: checked against the site's ranges, saved once per upload id. */
  agent?: AgentJob;
}

export type { UploadResult } from '../contract/scans.js';

/** How many scans to keep, and for how long; unset keeps everything. */
export interface Retention {
  keepScans?: number;
  keepDays?: number;
}

export interface IngestDeps {
  kb: Kb;
  store: Store;
  retention: Retention;
  today: () => string;
  now: () => string;
}

/** Deepest JSON nesting accepted in an upload; a real scan nests about six levels. */
export const maxJsonDepth = 64;

/** Parses, identifies and saves one upload, then applies the retention settings. */
export async function ingestUpload(deps: IngestDeps, job: UploadJob): Promise<UploadResult> {
  if (job.bytes.length === 0) throw new UserError('the upload is empty');
  const sha256 = createHash('sha256').update(job.bytes).digest('hex');
  const earlier = await sameUpload(deps.store, sha256);
  if (earlier !== undefined) return earlier;
  const startedAt = deps.now();
  const { format, hosts, unverified } = verdictsOf(deps.kb, job, deps.today());
  const id = await saveRun(
    deps.store,
    {
      kind: 'import',
      startedAt,
      finishedAt: deps.now(),
      params: { files: [job.name], format, via: 'upload', sha256 },
    },
    hosts,
  );
  const rule = retentionRule(deps.retention, deps.now());
  if (rule !== undefined) await deps.store.scans.prune(rule);
  const covered = hosts.filter((h) => h.covered).length;
  return { id, format, hosts: hosts.length, covered, unverified };
}

/** The saved scan these very bytes made before, if any: the same upload is saved once. */
async function sameUpload(store: Store, sha256: string): Promise<UploadResult | undefined> {
  for (const scan of await store.scans.list({ limit: 1000 })) {
    const params = scan.params as { sha256?: string; format?: UploadResult['format'] } | null;
    if (params?.sha256 !== sha256) continue;
    const hosts = await store.scans.hosts(scan.id);
    return {
      id: scan.id,
      format: params.format ?? 'nmap-xml',
      hosts: hosts.length,
      covered: hosts.filter((h) => h.covered).length,
      unverified: 0,
      duplicate: true,
    };
  }
  return undefined;
}

/** The store's retention rule for these settings at `now` (ISO), or undefined to keep all. */
export function retentionRule(retention: Retention, now: string): RetentionRule | undefined {
  const { keepScans, keepDays } = retention;
  if (keepScans === undefined && keepDays === undefined) return undefined;
  return {
    ...(keepScans === undefined ? {} : { keepScans }),
    ...(keepDays === undefined
      ? {}
      : { startedBefore: new Date(Date.parse(now) - keepDays * 86_400_000).toISOString() }),
  };
}

/** An upload's hosts with verdicts, as judged by the server. */
export interface Judged {
  format: UploadResult['format'];
  hosts: HostVerdict[];
  unverified: number;
  /** The targets a sousveil JSON scan names (none for nmap XML). */
  targets: string[];
}

/** An upload's hosts judged with this kb: nmap XML identified, a sousveil JSON scan judged again. */
export function verdictsOf(kb: Kb, job: UploadJob, asOf: string): Judged {
  const head = new TextDecoder().decode(job.bytes.subarray(0, 64));
  if (looksLikeSousveilJson(head) || job.contentType === 'application/json')
    return rejudge(kb, new TextDecoder().decode(job.bytes), job.name, asOf);
  if (detectFormat(job.name, job.bytes) !== 'nmap-xml')
    throw new HttpError(415, 'upload an nmap XML file (-oX) or a sousveil JSON scan (--json)');
  const parsed = parseImport('nmap-xml', job.bytes);
  return {
    format: 'nmap-xml',
    hosts: parsed.hosts.map((h) => identifyHost(kb, h, asOf)),
    unverified: 0,
    targets: [],
  };
}

/** A sousveil JSON scan judged again with this kb; claims its evidence does not bear get a note. */
function rejudge(
  kb: Kb,
  text: string,
  name: string,
  asOf: string,
): Judged & { format: 'sousveil-json' } {
  if (jsonDepth(text, maxJsonDepth) > maxJsonDepth)
    throw new UserError(`the JSON is nested deeper than ${maxJsonDepth} levels`);
  let unverified = 0;
  const scan = parseSousveilScan(text, name);
  const hosts = scan.hosts.map((uploaded) => {
    const judged = identifyHost(kb, observationsFromVerdict(uploaded), asOf);
    if (!claimsMoreThan(uploaded, judged)) return judged;
    unverified++;
    const said = `${uploaded.maker ?? 'no maker'}${uploaded.covered ? ', covered' : ''}`;
    const note = `imported, unverified: the upload said ${said}; its evidence does not bear that out`;
    return { ...judged, notes: [...(judged.notes ?? []), note] };
  });
  return { format: 'sousveil-json', hosts, unverified, targets: scan.targets };
}
