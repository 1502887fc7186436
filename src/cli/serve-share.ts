// One `serve` process's share under --workers N. Every worker is a whole process with its own
// PostgreSQL pool and its own upload and app threads (each with a pool of its own); sized as for
// a lone process, N workers held N times the connections, and the database, on the same few
// cores, spent its time switching between them. The budgets of one process are divided instead.

/** PostgreSQL connections a lone `serve` process keeps for answering requests. */
export const requestConnections = 8;

/** PostgreSQL connections each upload or app thread of a lone process keeps. */
export const threadConnections = 2;

/** What one of the `serve` processes may hold. */
export interface ProcessShare {
  /** Connections of the pool that answers requests. */
  connections: number;
  /** Connections of each upload or app thread's pool. */
  threadConnections: number;
}

/** `total` divided among `workers`, rounded down, never below `floor`. */
export function shareOf(total: number, workers: number, floor = 1): number {
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers: ${workers}`);
  return Math.max(floor, Math.floor(total / workers));
}

/** The share of one of `workers` processes (`--workers 1`: everything). */
export function processShare(workers: number): ProcessShare {
  return {
    // Two at least: each request first reads the store's change counters, and that read should
    // not wait behind a long query of another request.
    connections: shareOf(requestConnections, workers, 2),
    // An upload thread runs one job at a time, which needs one connection.
    threadConnections: shareOf(threadConnections, workers, 1),
  };
}
