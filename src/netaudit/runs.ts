// Saving a scan or import run with its verdicts in the store (pure over the Store interface),
// for the CLI and the server alike.
import type { PackedHost, ScanHost, Store } from '../store/store.js';
import type { HostVerdict } from './fuse.js';
import { summarize } from './report/table.js';

/** Saves the run's verdicts in one transaction and returns its id. */
export async function saveRun(
  store: Store,
  run: { kind: 'scan' | 'import'; startedAt: string; finishedAt: string; params: unknown },
  hosts: readonly HostVerdict[],
): Promise<number> {
  return store.transaction(async (tx) => {
    const created = await tx.scans.create({
      kind: run.kind,
      startedAt: run.startedAt,
      params: run.params,
    });
    await tx.scans.addHosts(created.id, hosts.map(scanHost));
    await tx.scans.finish(created.id, run.finishedAt, summarize(hosts));
    return created.id;
  });
}

/** A verdict as the store keeps it: the columns it is searched by, and the whole verdict. */
export function scanHost(h: HostVerdict): ScanHost {
  return {
    address: h.address,
    ...(h.mac === undefined ? {} : { mac: h.mac }),
    ...(h.maker === undefined ? {} : { maker: h.maker }),
    ...(h.brand === undefined ? {} : { brand: h.brand }),
    ...(h.model === undefined ? {} : { model: h.model }),
    ...(h.firmware === undefined ? {} : { firmware: h.firmware }),
    ...(h.deviceType === undefined ? {} : { deviceType: h.deviceType }),
    ...(h.confidence === undefined ? {} : { confidence: h.confidence }),
    covered: h.covered,
    verdict: h,
  };
}

/** A run saved as its verdicts come, in batches. */
export interface RunInProgress {
  readonly id: number;
  /** Adds verdicts, in one transaction. */
  add(hosts: readonly HostVerdict[]): Promise<void>;
  /** Adds verdicts packed by one `VerdictParts` for this run, with their parts, in one transaction. */
  addPacked(
    hosts: readonly PackedHost[],
    parts: ReadonlyArray<readonly [number, string]>,
  ): Promise<void>;
  /** Marks the run finished, with its summary. */
  finish(finishedAt: string, summary: unknown): Promise<void>;
  /** Removes the run and what was added, after a failure. */
  abandon(): Promise<void>;
}

/**
 * Starts a run whose verdicts are saved batch by batch (each batch one transaction), so a run
 * of a million hosts never holds them all; a run that fails half-way is abandoned, not kept.
 */
export async function startRun(
  store: Store,
  run: { kind: 'scan' | 'import'; startedAt: string; params: unknown },
): Promise<RunInProgress> {
  const { id } = await store.scans.create(run);
  return {
    id,
    add: async (hosts) => {
      const rows = hosts.map(scanHost);
      await store.transaction(async (tx) => tx.scans.addHosts(id, rows));
    },
    addPacked: async (hosts, parts) => {
      await store.transaction(async (tx) => tx.scans.addPackedHosts(id, hosts, parts));
    },
    finish: async (finishedAt, summary) => store.scans.finish(id, finishedAt, summary),
    abandon: async () => {
      await store.scans.delete(id);
    },
  };
}
