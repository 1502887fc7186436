// The import's port onto the store's camera repository: cameras become indexed records.
import type { CameraRecord, CameraRepository } from '../store/index.js';
import type { Camera, OsmType } from './camera.js';
import type { CameraSink } from './import.js';
import { isPlaceKind } from './locate.js';

/** What the stored data leaves out: the record's own columns hold it (see cameraOfRecord). */
type ColumnKey = 'id' | 'osmType' | 'osmId' | 'version' | 'lat' | 'lon' | 'type' | 'country';
type StoredCamera = Omit<Camera, ColumnKey>;

/**
 * The camera less its columns, field by field (a rest pattern copied them through a generic,
 * slow path: a million cameras per import). camera-store.test.ts round-trips a camera with every
 * field set, so a field added to Camera and not copied here fails it.
 */
function storedOf(c: Camera): StoredCamera {
  const d: Partial<StoredCamera> = {};
  if (c.cameraType !== undefined) d.cameraType = c.cameraType;
  if (c.area !== undefined) d.area = c.area;
  if (c.zone !== undefined) d.zone = c.zone;
  if (c.operator !== undefined) d.operator = c.operator;
  if (c.operatorType !== undefined) d.operatorType = c.operatorType;
  if (c.mount !== undefined) d.mount = c.mount;
  if (c.heightM !== undefined) d.heightM = c.heightM;
  d.directions = c.directions;
  d.viewAngle = c.viewAngle;
  d.viewAngleDefault = c.viewAngleDefault;
  if (c.brand !== undefined) d.brand = c.brand;
  if (c.manufacturer !== undefined) d.manufacturer = c.manufacturer;
  if (c.model !== undefined) d.model = c.model;
  if (c.maker !== undefined) d.maker = { ...c.maker, sources: [] };
  if (c.city !== undefined) d.city = c.city;
  d.tags = c.tags;
  return d as StoredCamera;
}

/**
 * A camera as the store indexes it: the filter columns, and as data the rest of the camera, less
 * its maker's source list (the same few dozen ids on every camera of a maker; the kb gives them
 * when shown). Leaving out what the columns hold makes each stored camera a third smaller.
 */
export function toCameraRecord(c: Camera): CameraRecord {
  const city = c.tags['addr:city']?.trim().slice(0, 200) || undefined;
  const data = storedOf(c);
  // Set field by field: spreads of optional fields cost more than the rest (a million cameras).
  const r: CameraRecord = {
    id: c.id,
    lat: c.lat,
    lon: c.lon,
    covered: c.maker?.covered ?? false,
    type: c.type,
    data,
  };
  if (c.version !== undefined) r.version = c.version;
  if (c.maker !== undefined) r.maker = c.maker.maker;
  if (c.operatorType !== undefined) r.operatorType = c.operatorType;
  if (c.country !== undefined) r.country = c.country;
  if (city !== undefined) {
    r.city = city;
    r.cityFromTag = true;
  }
  return r;
}

const osmTypes: Partial<Record<string, OsmType>> = { n: 'node', w: 'way', r: 'relation' };

/**
 * A stored camera as the map and the exports show it: its data with the columns it was stored
 * without (id, OSM type and id, version, position, type, country), and its city. Data stored
 * whole by an earlier sousveil holds them too, with the same values.
 */
export function cameraOfRecord(r: CameraRecord): Camera {
  const data = r.data as StoredCamera & Partial<Camera>;
  return {
    id: r.id,
    osmType: osmTypes[r.id.charAt(0)] ?? 'node',
    osmId: Number(r.id.slice(1)),
    ...(r.version === undefined ? {} : { version: r.version }),
    lat: r.lat,
    lon: r.lon,
    type: r.type as Camera['type'],
    ...data,
    ...(r.country === undefined ? {} : { country: r.country }),
    ...(r.city === undefined ? {} : { city: r.city }),
  };
}

/** The import's sink over a camera repository. */
export function cameraSink(repo: CameraRepository): CameraSink {
  return {
    upsert: (cameras) => repo.upsert(cameras),
    remove: (ids) => repo.remove(ids),
    ids: () => repo.ids(),
    places: {
      save: (places) => repo.savePlaces(places),
      all: async () =>
        (await repo.places()).flatMap((p) => (isPlaceKind(p.kind) ? [{ ...p, kind: p.kind }] : [])),
      cameras: (after, limit) => repo.cityRows(after, limit),
      setCities: (changes) => repo.setCities(changes),
    },
    finish: () => repo.refreshClusters(),
  };
}
