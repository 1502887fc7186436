// The import's port onto the store's camera repository: cameras become indexed records.
import type { CameraRecord, CameraRepository } from '../store/index.js';
import type { Camera, OsmType } from './camera.js';
import type { CameraSink } from './import.js';
import { isPlaceKind } from './locate.js';

/** What the stored data leaves out: the record's own columns hold it (see cameraOfRecord). */
type StoredCamera = Omit<Camera, 'id' | 'osmType' | 'osmId' | 'version' | 'lat' | 'lon' | 'type'>;

/**
 * A camera as the store indexes it: the filter columns, and as data the rest of the camera, less
 * its maker's source list (the same few dozen ids on every camera of a maker; the kb gives them
 * when shown). Leaving out what the columns hold makes each stored camera a third smaller.
 */
export function toCameraRecord(c: Camera): CameraRecord {
  const city = c.tags['addr:city']?.trim().slice(0, 200) || undefined;
  const {
    id: _id,
    osmType: _osmType,
    osmId: _osmId,
    version: _version,
    lat: _lat,
    lon: _lon,
    type: _type,
    country: _country,
    ...rest
  } = c;
  const data: StoredCamera =
    c.maker === undefined ? rest : { ...rest, maker: { ...c.maker, sources: [] } };
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
