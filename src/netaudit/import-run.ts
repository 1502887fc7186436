// Identifying the hosts an import staged (pure over the staging area and the store): page by
// page, each verdict counted for the report, kept for it, and saved in the store in the same
// batches, so neither hosts nor verdicts are ever all held at once.
import type { Kb } from '../kb/index.js';
import type { Store } from '../store/store.js';
import { identifyHost } from './fuse.js';
import type { HostObservations } from './observation.js';
import { reportOrderKey } from './report/order.js';
import { HostTally, hostPiece, type HostPiece, type ReportFormat } from './report/stream.js';
import { startRun } from './runs.js';

/** Where staged hosts come from, and their report pieces go. */
export interface StagedHosts {
  hostPages(): Iterable<HostObservations[]>;
  addPieces(pieces: ReadonlyArray<HostPiece & { sortKey: string }>): void;
}

export interface ImportedRun {
  /** The saved run's id; undefined when nothing was saved. */
  id: number | undefined;
  tally: HostTally;
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
  save?: { store: Store; startedAt: string; params: unknown; now: () => string },
): Promise<ImportedRun> {
  const tally = new HostTally();
  const run =
    save === undefined
      ? undefined
      : await startRun(save.store, {
          kind: 'import',
          startedAt: save.startedAt,
          params: save.params,
        });
  try {
    for (const page of staged.hostPages()) {
      const verdicts = page.map((h) => identifyHost(kb, h, options.asOf));
      const pieces: Array<HostPiece & { sortKey: string }> = [];
      for (const v of verdicts) {
        tally.add(v);
        const piece = hostPiece(options.format, v);
        if (piece !== undefined) pieces.push({ ...piece, sortKey: reportOrderKey(v) });
      }
      staged.addPieces(pieces);
      await run?.add(verdicts);
    }
    await run?.finish(save?.now() ?? '', tally.summary());
  } catch (e) {
    await run?.abandon().catch(() => undefined);
    throw e;
  }
  return { id: run?.id, tally };
}
