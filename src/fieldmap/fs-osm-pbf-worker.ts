// The PBF reader's worker thread: decodes the file's blocks and posts only the elements the import
// can use (cameras, places, and those whose id it was told to keep), a few batches ahead at most.
import { parentPort, workerData } from 'node:worker_threads';
import { ParseError } from '../shared/errors.js';
import type { OsmItem } from './osm-element.js';
import {
  importFilter,
  isKept,
  readPbfHere,
  type KeptIds,
  type PbfWorkerMessage,
} from './fs-osm-pbf.js';

const { path, size, maxBytes, kept, ahead } = workerData as {
  path: string;
  size: number;
  maxBytes: number;
  kept: KeptIds;
  ahead: number;
};

const port = parentPort;
if (port === null) throw new Error('fs-osm-pbf-worker runs as a worker thread');
let credits = ahead;
let wake: (() => void) | undefined;
port.on('message', () => {
  credits++;
  wake?.();
});
const post = (m: PbfWorkerMessage): void => port.postMessage(m);

let read = 0;
let total = size;
try {
  const batches = readPbfHere(
    path,
    size,
    {
      maxBytes,
      onProgress: (r, t) => {
        read = r;
        total = t;
      },
    },
    importFilter((type, id) => isKept(kept, type, id)),
  );
  for await (const batch of batches) {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    post({ kind: 'batch', items: batch as OsmItem[], untagged: batch.untagged ?? 0, read, total });
  }
  post({ kind: 'done' });
} catch (e) {
  const message = (e as Error).message;
  if (e instanceof ParseError) {
    const prefix = `${e.source}${e.position === undefined ? '' : `:${e.position}`}: `;
    post({
      kind: 'error',
      message,
      parse: {
        source: e.source,
        reason: message.startsWith(prefix) ? message.slice(prefix.length) : message,
        ...(e.position === undefined ? {} : { position: e.position }),
      },
    });
  } else post({ kind: 'error', message });
}
// The parent terminates the worker once it has the last message.
