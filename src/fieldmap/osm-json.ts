// Overpass API JSON elements and GeoJSON features -> OSM elements (pure). Overpass `out meta` and
// osmtogeojson add user, uid, changeset and timestamp: they are dropped here, never passed on.
import type { Result } from '../shared/errors.js';
import type { JsonItem } from './json-items.js';
import { centroid, type LatLon, type OsmElement } from './osm-element.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** String-valued tags of an object; other values become their JSON text, `@` keys are metadata. */
function tagsOf(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObj(v)) return out;
  for (const [k, val] of Object.entries(v)) {
    if (k.startsWith('@') || val === null || val === undefined) continue;
    out[k] = typeof val === 'string' ? val : JSON.stringify(val);
  }
  return out;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
}

function latLonOf(v: unknown): LatLon | undefined {
  return isObj(v) ? { lat: num(v.lat), lon: num(v.lon) } : undefined;
}

function where(item: JsonItem): string {
  return `${item.key}[${item.index}]`;
}

/** One Overpass JSON element (`{type, id, lat, lon, tags}`, ways with `nodes`, `center` or `geometry`). */
export function overpassElement(item: JsonItem): Result<OsmElement> {
  const v = item.value;
  if (!isObj(v)) return { ok: false, issues: ['not an object'] };
  const id = num(v.id);
  if (!Number.isSafeInteger(id)) return { ok: false, issues: ['no integer "id"'] };
  const base = {
    id,
    tags: tagsOf(v.tags),
    position: where(item),
    ...(typeof v.version === 'number' ? { version: v.version } : {}),
  };
  const center = latLonOf(v.center);
  if (v.type === 'node')
    return { ok: true, value: { type: 'node', ...base, lat: num(v.lat), lon: num(v.lon) } };
  if (v.type === 'way') {
    const refs = Array.isArray(v.nodes) ? v.nodes.map(num) : [];
    const geometry = Array.isArray(v.geometry)
      ? v.geometry.map(latLonOf).filter((p): p is LatLon => p !== undefined)
      : undefined;
    return {
      ok: true,
      value: {
        type: 'way',
        ...base,
        refs,
        ...(center === undefined ? {} : { center }),
        ...(geometry === undefined ? {} : { geometry }),
      },
    };
  }
  if (v.type === 'relation')
    return {
      ok: true,
      value: { type: 'relation', ...base, ...(center === undefined ? {} : { center }) },
    };
  return { ok: false, issues: [`unknown element type ${JSON.stringify(v.type)}`] };
}

/** `node/123`, `way/5`, `n123`, `w5`, `relation/9` -> type and id. */
function parseOsmRef(v: unknown): { type: OsmElement['type']; id: number } | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(node|way|relation|n|w|r)\/?(-?\d+)$/.exec(v.trim());
  if (m?.[1] === undefined || m[2] === undefined) return undefined;
  const type = m[1].startsWith('n') ? 'node' : m[1].startsWith('w') ? 'way' : 'relation';
  return { type, id: Number(m[2]) };
}

/** The outer ring or line of a GeoJSON geometry as points; undefined for anything else. */
function pointsOf(g: Obj): LatLon[] | undefined {
  const pos = (p: unknown): LatLon =>
    Array.isArray(p) ? { lon: num(p[0]), lat: num(p[1]) } : { lat: NaN, lon: NaN };
  const c = g.coordinates;
  if (!Array.isArray(c)) return undefined;
  if (g.type === 'LineString') return c.map(pos);
  if (g.type === 'Polygon' && Array.isArray(c[0])) return (c[0] as unknown[]).map(pos);
  if (g.type === 'MultiPolygon' && Array.isArray(c[0]) && Array.isArray(c[0][0]))
    return (c[0][0] as unknown[]).map(pos);
  return undefined;
}

/**
 * One GeoJSON feature from an OSM export (overpass turbo, osmtogeojson): the OSM id from the
 * feature's `id` or `@id`/`id` property, tags flat in `properties` or in `properties.tags`.
 */
export function geojsonFeature(item: JsonItem): Result<OsmElement> {
  const f = item.value;
  if (!isObj(f) || f.type !== 'Feature') return { ok: false, issues: ['not a GeoJSON Feature'] };
  if (!isObj(f.properties))
    return { ok: false, issues: ['no "properties" member (RFC 7946 requires one)'] };
  const p = f.properties;
  const ref = parseOsmRef(f.id) ?? parseOsmRef(p['@id']) ?? parseOsmRef(p.id);
  if (ref === undefined) return { ok: false, issues: ['no OpenStreetMap id (node/…, way/…)'] };
  const nested = isObj(p.tags);
  const tags = nested ? tagsOf(p.tags) : tagsOf(p);
  if (!nested) delete tags.id;
  const meta = isObj(p.meta) ? p.meta : {};
  const version = num(nested ? meta.version : p['@version']);
  const base = {
    id: ref.id,
    tags,
    position: where(item),
    ...(Number.isInteger(version) ? { version } : {}),
  };
  if (!isObj(f.geometry)) return { ok: false, issues: ['no geometry'] };
  const g = f.geometry;
  const point =
    g.type === 'Point' && Array.isArray(g.coordinates) ? (g.coordinates as unknown[]) : undefined;
  if (point !== undefined && ref.type === 'node')
    return { ok: true, value: { type: 'node', ...base, lat: num(point[1]), lon: num(point[0]) } };
  const points = point === undefined ? pointsOf(g) : [{ lat: num(point[1]), lon: num(point[0]) }];
  const center = points === undefined ? undefined : centroid(points);
  if (center === undefined)
    return { ok: false, issues: [`unsupported geometry ${JSON.stringify(g.type)}`] };
  return {
    ok: true,
    value:
      ref.type === 'relation'
        ? { type: 'relation', ...base, center }
        : { type: 'way', ...base, refs: [], center },
  };
}
