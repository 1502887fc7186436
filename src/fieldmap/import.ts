// Import of OSM elements into a camera store (pure over its ports: elements in, writes out).
// Nodes tagged man_made=surveillance become cameras; ways and areas their centroid, whose node
// positions a second pass over the file collects when the file did not give them. A delete, or an
// element that lost its tag, takes the camera off the map.
import { maxCameraOsmId, type CameraRecord } from '../store/store.js';
import type { Camera } from './camera.js';
import { toCameraRecord } from './camera-store.js';
import { cameraOf, placeCameras, placeWays, positionOf } from './import-place.js';
import { placeOf, type Place } from './locate.js';
import type { MakerResolver } from './maker.js';
import { isSurveillance } from './normalize.js';
import {
  ElementIds,
  isValidPosition,
  type OsmBatch,
  type OsmElement,
  type OsmItem,
  type OsmWay,
  type ReadHint,
} from './osm-element.js';

/** Where the cameras go: the store behind an interface, so the import stays pure. */
export interface CameraSink {
  /** Inserts or updates cameras (as the store keeps them); a stored newer version is kept. */
  upsert(cameras: readonly CameraRecord[]): Promise<UpsertCounts>;
  /** Removes cameras by id; returns how many there were. */
  remove(ids: readonly string[]): Promise<number>;
  /** Ids of every stored camera (so a full extract can tell an untagged camera). */
  ids(): Promise<Iterable<string>>;
  /** Called once the file is in: derived data (the cluster grid) is brought up to date. */
  finish?(): Promise<void>;
  /** OSM places (city, town, village) kept, and cameras placed in the nearest one. */
  places?: PlaceSink;
}

/** Where places go, and the cameras to place in them. */
export interface PlaceSink {
  save(places: readonly Place[]): Promise<void>;
  all(): Promise<Place[]>;
  /** Cameras whose city is not their own `addr:city`, by rowid, in pages. */
  cameras(
    afterRowid: number,
    limit: number,
  ): Promise<{ rowid: number; lat: number; lon: number; city: string | null }[]>;
  setCities(changes: readonly { rowid: number; city: string | null }[]): Promise<void>;
}

/** Country by position (the adapter builds it from country shapes). */
export interface CountryFinder {
  countryAt(lat: number, lon: number): string | undefined;
}

export interface ImportOptions {
  /** Gives each camera its country; without it cameras have none. */
  countries?: CountryFinder;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** A file to import: read once or twice, in batches of elements. */
export interface ElementSource {
  name: string;
  /** Streams the file; with a hint, a reader may leave out untagged elements not in `keep`. */
  read(hint?: ReadHint): AsyncIterable<OsmBatch>;
}

/** A record left out, and why. */
export interface Skipped {
  position: string;
  reason: string;
}

/** What one file's import did. */
export interface ImportReport extends UpsertCounts {
  file: string;
  elements: number;
  cameras: number;
  removed: number;
  skipped: Skipped[];
  /** Skipped records not listed one by one. */
  skippedMore: number;
  /** OSM places (city, town, village) read, for placing cameras in a city or area. */
  places: number;
}

/**
 * Cameras written per transaction: few enough that a batch's records die young in the importing
 * thread's heap (at 20,000 they lived on into the old generation, 150 MB of it at a million
 * cameras), enough that commits stay a small part of the time.
 */
const batchSize = 2000;
const maxSkippedListed = 200;

const idOf = (el: OsmElement): string => `${el.type[0] ?? ''}${el.id}`;

/**
 * Imports one file's elements; a file-level error ends it, but what was read before stays
 * (`onBatch` sees the counts as they grow, so a caller can say what was kept).
 */
export async function importElements(
  source: ElementSource,
  sink: CameraSink,
  makers: MakerResolver,
  onBatch?: (report: Readonly<ImportReport>) => void,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const run = new FileImport(source.name, sink, makers, options.countries);
  try {
    await run.readAll(source, new ElementIds(await sink.ids()), onBatch);
  } catch (e) {
    // What was read before the error is kept, and usable: written, then its index and grid
    // brought up to date (each as far as the store allows: the error told is the first one).
    await run.flush().catch(() => undefined);
    await sink.finish?.().catch(() => undefined);
    throw e;
  }
  await sink.finish?.();
  return run.report;
}

/** One file's import: what it read and has yet to write, and its report. */
class FileImport {
  readonly report: ImportReport;
  #cameras: CameraRecord[] = [];
  #removals: string[] = [];
  #places: Place[] = [];
  /** Ways whose nodes' positions come later in the file (a second pass). */
  readonly #ways: OsmWay[] = [];

  constructor(
    file: string,
    private readonly sink: CameraSink,
    private readonly makers: MakerResolver,
    private readonly where: CountryFinder | undefined,
  ) {
    this.report = {
      file,
      elements: 0,
      cameras: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      removed: 0,
      skipped: [],
      skippedMore: 0,
      places: 0,
    };
  }

  /** Reads the file, writing as it goes, then places its ways and its cameras in cities. */
  async readAll(
    source: ElementSource,
    known: ElementIds,
    onBatch?: (report: Readonly<ImportReport>) => void,
  ): Promise<void> {
    // Untagged elements matter only when they are cameras we hold (a full extract untagged them).
    const hint: ReadHint = {
      keep: known,
      prepare: { asOf: this.makers.asOf, countries: this.where !== undefined },
    };
    for await (const batch of source.read(hint)) {
      this.report.elements += batch.untagged ?? 0;
      for (const camera of batch.cameras ?? []) {
        // Made by the reader (a PBF worker thread) as cameraOf would.
        this.#cameras.push(camera);
        this.report.elements++;
        this.report.cameras++;
      }
      for (const el of batch) this.#take(el, known);
      if (this.#cameras.length + this.#removals.length + this.#places.length >= batchSize)
        await this.flush();
      onBatch?.(this.report);
    }
    await this.flush();
    const place = (c: Camera): void => {
      this.#cameras.push(toCameraRecord(c));
      this.report.cameras++;
    };
    const skip = this.#skip.bind(this);
    if (this.#ways.length > 0)
      await placeWays(source, this.#ways, this.makers, this.where, place, skip);
    await this.flush();
    const r = this.report;
    if (this.sink.places !== undefined && r.places + r.inserted + r.updated > 0)
      await placeCameras(this.sink.places);
  }

  /** Writes what was read since the last write. */
  async flush(): Promise<void> {
    if (this.#cameras.length > 0) add(this.report, await this.sink.upsert(this.#cameras));
    if (this.#removals.length > 0) this.report.removed += await this.sink.remove(this.#removals);
    if (this.#places.length > 0) await this.sink.places?.save(this.#places);
    this.#cameras = [];
    this.#removals = [];
    this.#places = [];
  }

  #skip(position: string, reason: string): void {
    const r = this.report;
    if (r.skipped.length < maxSkippedListed) r.skipped.push({ position, reason });
    else r.skippedMore++;
  }

  /** One element: a camera, a place, a camera to remove, a way to place later, or a skip. */
  #take(el: OsmItem, known: ElementIds): void {
    this.report.elements++;
    if (el.type === 'problem') return this.#skip(el.position, el.reason);
    const id = idOf(el);
    if (el.type === 'node' && el.tags.place !== undefined && el.action !== 'delete') {
      const p = placeOf(id, el.tags, el.lat, el.lon);
      if (p !== undefined && isValidPosition(p.lat, p.lon)) {
        this.#places.push(p);
        this.report.places++;
      }
    }
    if (el.type === 'node' && el.camera !== undefined) {
      // Made by the reader (a PBF worker thread) as cameraOf would.
      this.#cameras.push(el.camera);
      this.report.cameras++;
      return;
    }
    if (el.action === 'delete' || !isSurveillance(el.tags)) {
      // An .osc names what changed; a full extract drops an untagged camera we hold.
      if (el.action !== undefined || known.has(id)) this.#removals.push(id);
      return;
    }
    const at = `${el.position} (${el.type} ${el.id})`;
    if (Math.abs(el.id) > maxCameraOsmId)
      return this.#skip(at, 'an id beyond ±2^50, which no OSM element has');
    const place = positionOf(el);
    if ('pending' in place) this.#ways.push(place.pending);
    else if ('reason' in place) this.#skip(at, place.reason);
    else {
      this.#cameras.push(toCameraRecord(cameraOf(el, place.at, this.makers, this.where)));
      this.report.cameras++;
    }
  }
}

function add(report: ImportReport, c: UpsertCounts): void {
  report.inserted += c.inserted;
  report.updated += c.updated;
  report.unchanged += c.unchanged;
}
