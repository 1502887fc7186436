// A worker thread that runs one share of the TCP connect sweep, so a scan uses every core:
// Node creates and closes sockets at about 7,000 a second per thread on a 2-core machine.
import { parentPort, workerData } from 'node:worker_threads';
import { sweep, type SweepOptions } from './net-sweep.js';

export interface SweepRequest {
  hosts: string[];
  options: SweepOptions;
}

/** Hosts with open ports are sent at once; the others only as a count, in batches. */
export type SweepMessage =
  | { type: 'host'; host: string; open: number[] }
  | { type: 'progress'; hosts: number }
  | { type: 'done' };

const port = parentPort;
if (port) {
  const { hosts, options } = workerData as SweepRequest;
  let closed = 0;
  await sweep(hosts, options, (host, open) => {
    if (open.length > 0) port.postMessage({ type: 'host', host, open } satisfies SweepMessage);
    else if (++closed === 256) {
      port.postMessage({ type: 'progress', hosts: closed } satisfies SweepMessage);
      closed = 0;
    }
  });
  if (closed > 0) port.postMessage({ type: 'progress', hosts: closed } satisfies SweepMessage);
  port.postMessage({ type: 'done' } satisfies SweepMessage);
}
