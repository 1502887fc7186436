// Cameras out (pure): GeoJSON features and CSV rows, always with OpenStreetMap's attribution, and
// the query parameters the CLI and the API share (box, filters).
import { UserError } from '../shared/errors.js';
import type { BoundingBox, CameraFilter } from '../store/index.js';
import type { Camera } from './camera.js';

/** OSM data is © OpenStreetMap contributors under the ODbL: every export and page says so. */
export const osmAttribution =
  '© OpenStreetMap contributors, available under the Open Database License (ODbL 1.0): https://www.openstreetmap.org/copyright';

/** The public page of the OSM element a camera came from. */
export function osmUrl(c: Pick<Camera, 'osmType' | 'osmId'>): string {
  return `https://www.openstreetmap.org/${c.osmType}/${c.osmId}`;
}

/** The properties a single camera shows on the map and in exports. */
export function cameraProperties(c: Camera): Record<string, unknown> {
  return {
    id: c.id,
    osm: osmUrl(c),
    type: c.type,
    ...(c.cameraType === undefined ? {} : { cameraType: c.cameraType }),
    maker: c.maker?.maker ?? null,
    makerName: c.maker?.makerName ?? null,
    brand: c.brand ?? c.manufacturer ?? null,
    model: c.model ?? null,
    covered: c.maker?.covered ?? false,
    status: c.maker?.status ?? 'unknown',
    coveredSince: c.maker?.coveredSince ?? null,
    operator: c.operator ?? null,
    operatorType: c.operatorType ?? null,
    area: c.area ?? null,
    zone: c.zone ?? null,
    mount: c.mount ?? null,
    heightM: c.heightM ?? null,
    directions: c.directions,
    angle: c.viewAngle,
    angleDefault: c.viewAngleDefault,
    sources: c.maker?.sources ?? [],
    country: c.country || null,
    city: c.city ?? null,
  };
}

/** One camera as a GeoJSON Feature (RFC 7946: [lon, lat]). */
export function cameraFeature(c: Camera): Record<string, unknown> {
  return {
    type: 'Feature',
    id: c.id,
    geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
    properties: { ...cameraProperties(c), tags: c.tags },
  };
}

/** The opening and closing text of a streamed GeoJSON FeatureCollection with attribution. */
export function geojsonFrame(): { head: string; tail: string } {
  return {
    head: `{"type":"FeatureCollection","attribution":${JSON.stringify(osmAttribution)},"license":"ODbL-1.0","features":[\n`,
    tail: '\n]}\n',
  };
}

export const csvColumns = [
  'id',
  'lat',
  'lon',
  'type',
  'maker',
  'brand',
  'model',
  'covered',
  'operator',
  'operator_type',
  'directions',
  'angle',
  'osm_url',
  'country',
  'city',
  'attribution',
] as const;

function cell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return String(v);
  // Text that a spreadsheet would run as a formula gets a leading quote.
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The CSV header line. */
export function csvHeader(): string {
  return `${csvColumns.join(',')}\r\n`;
}

/** One camera as a CSV line (RFC 4180), attribution in every row so no copy loses it. */
export function cameraCsvRow(c: Camera): string {
  return `${[
    cell(c.id),
    cell(c.lat),
    cell(c.lon),
    cell(c.type),
    cell(c.maker?.maker),
    cell(c.brand ?? c.manufacturer),
    cell(c.model),
    cell(c.maker?.covered ?? false),
    cell(c.operator),
    cell(c.operatorType),
    cell(c.directions.join(';')),
    cell(c.viewAngle),
    cell(osmUrl(c)),
    cell(c.country),
    cell(c.city),
    cell('© OpenStreetMap contributors, ODbL'),
  ].join(',')}\r\n`;
}

/** `west,south,east,north` in degrees; west may exceed east only across the antimeridian (refused). */
export function parseBbox(value: string): BoundingBox {
  const parts = value.split(',').map((p) => Number(p.trim()));
  const [west, south, east, north] = parts;
  if (
    parts.length !== 4 ||
    west === undefined ||
    south === undefined ||
    east === undefined ||
    north === undefined ||
    parts.some((p) => !Number.isFinite(p))
  )
    throw new UserError(`bbox "${value}" is not west,south,east,north in degrees`);
  if (west < -180 || east > 180 || south < -90 || north > 90)
    throw new UserError(`bbox "${value}" is outside -180..180, -90..90`);
  if (west > east || south > north)
    throw new UserError(`bbox "${value}": west must not exceed east, nor south north`);
  return { west, south, east, north };
}

/** Filter values as given on a command line or in a query string. */
export interface FilterInput {
  maker?: string | undefined;
  covered?: string | undefined;
  type?: string | undefined;
  operatorType?: string | undefined;
}

/**
 * A store filter from user input; a maker may be named any way the kb knows (`HikVision`, `LTS`
 * names its maker's cameras too).
 */
export function parseFilter(
  input: FilterInput,
  makerOf: (name: string) => string | undefined,
): CameraFilter {
  const filter: CameraFilter = {};
  if (input.maker !== undefined && input.maker !== '') {
    const id = makerOf(input.maker);
    if (id === undefined)
      throw new UserError(`maker "${input.maker}" is not in the knowledge base`);
    filter.maker = id;
  }
  if (input.covered !== undefined && input.covered !== '') {
    if (input.covered !== 'true' && input.covered !== 'false')
      throw new UserError(`covered must be true or false, not "${input.covered}"`);
    filter.covered = input.covered === 'true';
  }
  if (input.type !== undefined && input.type !== '') filter.type = input.type;
  if (input.operatorType !== undefined && input.operatorType !== '')
    filter.operatorType = input.operatorType;
  return filter;
}
