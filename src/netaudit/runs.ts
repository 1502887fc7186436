// Saving a scan or import run with its verdicts in the store (pure over the Store interface),
// for the CLI and the server alike.
import type { Store } from '../store/store.js';
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
    await tx.scans.addHosts(
      created.id,
      hosts.map((h) => ({
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
      })),
    );
    await tx.scans.finish(created.id, run.finishedAt, summarize(hosts));
    return created.id;
  });
}
