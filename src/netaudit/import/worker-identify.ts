// The worker thread of a large `net import`: identifies staged pages as the main thread sends
// them, while the main thread reads the staging file and writes to the store. Pages come and go
// as plain data (JSON text, strings); the tally goes back once at the end.
import { parentPort, workerData } from 'node:worker_threads';
import { loadKb } from '../../kb/index.js';
import { VerdictParts } from '../../store/verdict-parts.js';
import { identifyPage } from '../import-run.js';
import { HostTally, type ReportFormat } from '../report/stream.js';
import { mergeStaged, type StagedPage } from './sqlite-staging.js';

/** What the worker is started with. */
export interface IdentifySetup {
  asOf: string;
  format: ReportFormat;
  save: boolean;
  /** This worker's place among the run's workers: which part ids it hands out. */
  lane: { index: number; of: number };
}

/** A message to the worker: a page to identify, or the end (answered with the tally). */
export type IdentifyRequest = { page: StagedPage } | { end: true };

const port = parentPort;
if (port !== null) {
  const setup = workerData as IdentifySetup;
  const { kb } = await loadKb();
  const tally = new HostTally();
  const parts = setup.save ? new VerdictParts([], setup.lane) : undefined;
  port.on('message', (m: IdentifyRequest) => {
    if ('end' in m) {
      port.postMessage({ tally });
      return;
    }
    port.postMessage(identifyPage(kb, mergeStaged(m.page), setup, tally, parts));
  });
}
