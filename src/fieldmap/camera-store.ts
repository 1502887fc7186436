// The import's port onto the store's camera repository: cameras become indexed records.
import type { CameraRecord, CameraRepository } from '../store/index.js';
import type { Camera } from './camera.js';
import type { CameraSink } from './import.js';
import { isPlaceKind } from './locate.js';

/**
 * A camera as the store indexes it: the filter columns, and the camera as data, less its maker's
 * source list (the same few dozen ids on every camera of a maker; the kb gives them when shown).
 */
export function toCameraRecord(c: Camera): CameraRecord {
  const city = c.tags['addr:city']?.trim().slice(0, 200) || undefined;
  // Set field by field: spreads of optional fields cost more than the rest (a million cameras).
  const r: CameraRecord = {
    id: c.id,
    lat: c.lat,
    lon: c.lon,
    covered: c.maker?.covered ?? false,
    type: c.type,
    data: c.maker === undefined ? c : { ...c, maker: { ...c.maker, sources: [] } },
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

/** A stored camera as the map and the exports show it: with its country and city. */
export function cameraOfRecord(r: CameraRecord): Camera {
  const c = r.data as Camera;
  return {
    ...c,
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
