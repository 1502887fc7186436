// The PBF reader's worker thread: decodes the file's blocks and posts only the elements the import
// can use (cameras, places, and those whose id it was told to keep), a few batches ahead at most.
// Asked to prepare, it also makes each camera node's camera as the import would (normalised tags,
// maker, country), so the importing thread only writes them.
import { parentPort, workerData } from 'node:worker_threads';
import { ParseError } from '../shared/errors.js';
import { loadKb } from '../kb/index.js';
import { countryLocator } from './fs-countries.js';
import { maxCameraOsmId, type CameraRecord } from '../store/store.js';
import { packCameras } from './camera-columns.js';
import { toCameraRecord } from './camera-store.js';
import { cameraOf } from './import-place.js';
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

const { path, size, maxBytes, kept, ahead, prepare, shard } = workerData as {
  path: string;
  size: number;
  maxBytes: number;
  kept: IdLists;
  ahead: number;
  prepare?: ReadHint['prepare'];
  shard: { index: number; count: number };
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

/** What a batch becomes: the elements to post as they are, and the cameras made of the rest. */
interface Prepared {
  items: OsmItem[];
  cameras: CameraRecord[];
}

/**
 * Gives camera nodes their camera, as importElements would make it (one it would skip is left
 * to it, to be reported). A camera that is not also a place leaves the batch's elements: it
 * crosses as packed columns (camera-columns.ts).
 */
async function preparer(): Promise<((items: OsmItem[]) => Prepared) | undefined> {
  if (prepare === undefined) return undefined;
  const makers = new MakerResolver((await loadKb()).kb, prepare.asOf);
  const countries = prepare.countries ? countryLocator() : undefined;
  return (items) => {
    const out: Prepared = { items: [], cameras: [] };
    for (const el of items) {
      if (
        el.type === 'node' &&
        el.action === undefined &&
        isSurveillance(el.tags) &&
        isValidPosition(el.lat, el.lon) &&
        Math.abs(el.id) <= maxCameraOsmId
      ) {
        const camera = toCameraRecord(cameraOf(el, el, makers, countries));
        // Only the store's columns and the JSON cross to the importing thread.
        camera.dataJson = JSON.stringify(camera.data);
        camera.data = null;
        if (el.tags.place === undefined) {
          out.cameras.push(camera);
          continue;
        }
        el.camera = camera;
      }
      out.items.push(el);
    }
    return out;
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
      shard,
      onProgress: (r, t) => {
        read = r;
        total = t;
      },
    },
    importFilter((type, id) => keptIds.hasElement(type, id)),
  );
  for await (const batch of batches) {
    // Made while the importing thread is still writing the batches before this one.
    const { items, cameras } = prepared?.(batch as OsmItem[]) ?? {
      items: batch as OsmItem[],
      cameras: [],
    };
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    const packed = cameras.length === 0 ? undefined : packCameras(cameras);
    port.postMessage(
      {
        kind: 'batch',
        items,
        ...(packed === undefined ? {} : { cameras: packed }),
        untagged: batch.untagged ?? 0,
        read,
        total,
      } satisfies PbfWorkerMessage,
      packed === undefined ? [] : [packed.numbers.buffer, packed.lengths.buffer],
    );
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
