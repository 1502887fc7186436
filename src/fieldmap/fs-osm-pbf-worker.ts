// The PBF reader's worker thread: decodes the file's blocks and posts only the elements the import
// can use (cameras, places, and those whose id it was told to keep), a few batches ahead at most.
// Asked to prepare, it also makes each camera node's camera as the import would (normalised tags,
// maker, country), so the importing thread only writes them.
import { parentPort, workerData } from 'node:worker_threads';
import { ParseError } from '../shared/errors.js';
import { loadKb } from '../kb/index.js';
import { countryLocator } from './fs-countries.js';
import { toCameraRecord } from './camera-store.js';
import { cameraOf } from './import.js';
import { MakerResolver } from './maker.js';
import { isSurveillance } from './normalize.js';
import {
  ElementIds,
  isValidPosition,
  type IdLists,
  type OsmItem,
  type ReadHint,
} from './osm-element.js';
import { importFilter, readPbfHere, type PbfWorkerMessage } from './fs-osm-pbf.js';

const { path, size, maxBytes, kept, ahead, prepare } = workerData as {
  path: string;
  size: number;
  maxBytes: number;
  kept: IdLists;
  ahead: number;
  prepare?: ReadHint['prepare'];
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

/** Gives camera nodes their camera, as importElements would make it. */
async function preparer(): Promise<((items: OsmItem[]) => void) | undefined> {
  if (prepare === undefined) return undefined;
  const makers = new MakerResolver((await loadKb()).kb, prepare.asOf);
  const countries = prepare.countries ? countryLocator() : undefined;
  return (items) => {
    for (const el of items)
      if (
        el.type === 'node' &&
        el.action === undefined &&
        isSurveillance(el.tags) &&
        isValidPosition(el.lat, el.lon)
      ) {
        const camera = toCameraRecord(cameraOf(el, el, makers, countries));
        // Only the store's columns and the JSON cross to the importing thread.
        camera.dataJson = JSON.stringify(camera.data);
        camera.data = null;
        el.camera = camera;
        if (el.tags.place === undefined) el.tags = {};
      }
  };
}

const keptIds = new ElementIds(kept);
let read = 0;
let total = size;
try {
  const prepared = await preparer();
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
    importFilter((type, id) => keptIds.hasElement(type, id)),
  );
  for await (const batch of batches) {
    // Made while the importing thread is still writing the batches before this one.
    prepared?.(batch as OsmItem[]);
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
