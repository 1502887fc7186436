// What the scale benchmark knows of `serve --workers N`: when all its workers listen, which
// processes they are, and how many answers each gave.
import { spawnSync } from 'node:child_process';

/** Resolves once the primary says every worker listens (at once for one process). */
export async function allListening(log, workers) {
  for (let i = 0; workers > 1 && !log().includes(`${workers} workers answering`); i++) {
    if (i >= 1200) throw new Error(`${workers} workers did not all start:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** How many answers each worker gave (by X-Sousveil-Worker), e.g. { 1: 900, 2: 870 }. */
export function perWorker(samples) {
  const counts = {};
  for (const s of samples)
    if (s.worker !== undefined) counts[s.worker] = (counts[s.worker] ?? 0) + 1;
  return counts;
}

/** The processes `serve --workers` forked (children of the primary), from /proc. */
export function workerPids(primary) {
  const r = spawnSync('pgrep', ['-P', String(primary)], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean).map(Number);
}
