// Identifying the hosts an import staged (pure over the staging area and the store): page by
// page, each verdict counted for the report, kept for it, and saved in the store in the same
// batches, so neither hosts nor verdicts are ever all held at once. `identifyPage` is the work
// on one page, shared with the worker thread that does it beside the writer on large imports.
import type { Kb } from '../kb/index.js';
import { VerdictParts } from '../store/verdict-parts.js';
import type { PackedHost, Store } from '../store/store.js';
import { identifyHost } from './fuse.js';
import type { HostObservations } from './observation.js';
import { reportOrderKey } from './report/order.js';
import { HostTally, hostPiece, type HostPiece, type ReportFormat } from './report/stream.js';
import { scanHost, startRun, type RunInProgress } from './runs.js';

/** A host's report piece with its place in report order. */
export type SortedPiece = HostPiece & { sortKey: string };

/** Where staged hosts come from, and their report pieces go. */
export interface StagedHosts {
  hostPages(): Iterable<HostObservations[]>;
  addPieces(pieces: readonly SortedPiece[]): void;
}

export interface ImportedRun {
  /** The saved run's id; undefined when nothing was saved. */
  id: number | undefined;
  tally: HostTally;
}

/** What saving an import needs. */
export interface SaveImport {
  store: Store;
  startedAt: string;
  params: unknown;
  now: () => string;
}

/** One identified page: its report pieces, and (when saved) its hosts packed with their parts. */
export interface IdentifiedPage {
  pieces: SortedPiece[];
  hosts: PackedHost[];
  parts: Array<[number, string]>;
}

/**
 * Identifies one page of hosts as of `asOf`: counted in `tally`, a report piece each, and, with
 * `parts`, packed as the store keeps them.
 */
export function identifyPage(
  kb: Kb,
  page: readonly HostObservations[],
  options: { asOf: string; format: ReportFormat },
  tally: HostTally,
  parts: VerdictParts | undefined,
): IdentifiedPage {
  const pieces: SortedPiece[] = [];
  const hosts: PackedHost[] = [];
  const used = new Map<number, string>();
  for (const h of page) {
    const v = identifyHost(kb, h, options.asOf);
    tally.add(v);
    const piece = hostPiece(options.format, v);
    if (piece !== undefined) pieces.push({ ...piece, sortKey: reportOrderKey(v) });
    if (parts !== undefined) {
      const { verdict, ...columns } = scanHost(v);
      hosts.push({ ...columns, verdictJson: parts.pack(verdict, used) });
    }
  }
  return { pieces, hosts, parts: [...used] };
}

/**
 * Identifies every staged host as of `asOf`, keeping its piece of a report in `format`; with
 * `save`, the verdicts are saved as a run of kind `import` (removed again if anything fails
 * half-way).
 */
export async function identifyStaged(
  kb: Kb,
  staged: StagedHosts,
  options: { asOf: string; format: ReportFormat },
  save?: SaveImport,
): Promise<ImportedRun> {
  const tally = new HostTally();
  const parts = save === undefined ? undefined : new VerdictParts();
  const run = await savedRun(save, async (r) => {
    for (const page of staged.hostPages()) {
      const done = identifyPage(kb, page, options, tally, parts);
      staged.addPieces(done.pieces);
      await r?.addPacked(done.hosts, done.parts);
    }
    return tally;
  });
  return { id: run.id, tally: run.tally };
}

/**
 * Runs `work` with a new import run when `save` is given (finished with the tally's summary,
 * removed again when anything fails half-way).
 */
export async function savedRun(
  save: SaveImport | undefined,
  work: (run: RunInProgress | undefined) => Promise<HostTally>,
): Promise<ImportedRun> {
  const run =
    save === undefined
      ? undefined
      : await startRun(save.store, {
          kind: 'import',
          startedAt: save.startedAt,
          params: save.params,
        });
  try {
    const tally = await work(run);
    await run?.finish(save?.now() ?? '', tally.summary());
    return { id: run?.id, tally };
  } catch (e) {
    await run?.abandon().catch(() => undefined);
    throw e;
  }
}
