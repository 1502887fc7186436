// OpenStreetMap surveillance tag values -> normalised fields (pure). Mappers write what they see:
// `NE`, `90-180`, `45;135`, `5 m`, `wall/ceiling`, `dome;fixed`. Each reader takes the raw value and
// returns the normalised one or undefined; the raw tags are always kept beside the result.

/** What is watching: `surveillance:type`. */
export type SurveillanceType = 'camera' | 'ALPR' | 'guard' | 'gunshot_detector' | 'other';
/** `camera:type`. */
export type CameraType = 'fixed' | 'dome' | 'panning';
/** `surveillance=*`: where the watched area is. */
export type SurveillanceArea = 'public' | 'outdoor' | 'indoor';
/** `operator:type`, folded to three kinds. */
export type OperatorType = 'public' | 'private' | 'community';

/** The 16 compass points, each 22.5° from the last, clockwise from north. */
const compass = [
  'N',
  'NNE',
  'NE',
  'ENE',
  'E',
  'ESE',
  'SE',
  'SSE',
  'S',
  'SSW',
  'SW',
  'WSW',
  'W',
  'WNW',
  'NW',
  'NNW',
] as const;
const compassDegrees = new Map<string, number>(compass.map((c, i) => [c, i * 22.5]));
const compassWords = new Map<string, string>([
  ['north', 'N'],
  ['northeast', 'NE'],
  ['east', 'E'],
  ['southeast', 'SE'],
  ['south', 'S'],
  ['southwest', 'SW'],
  ['west', 'W'],
  ['northwest', 'NW'],
]);

/** Values split on `;` (OSM's list separator), trimmed, empties dropped. */
export function splitList(value: string): string[] {
  // Most values are one item: no arrays made and filtered for them.
  if (!value.includes(';')) {
    const v = value.trim();
    return v.length > 0 ? [v] : [];
  }
  return value
    .split(';')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/** Degrees in [0, 360), rounded to 0.1°. */
function wrapDegrees(d: number): number {
  const w = ((d % 360) + 360) % 360;
  return Math.round(w * 10) / 10 === 360 ? 0 : Math.round(w * 10) / 10;
}

/** One bearing: a number of degrees (`45`, `-90`, `45°`) or a compass point (`NE`, `nnw`, `north`). */
export function parseBearing(value: string): number | undefined {
  const v = value.trim();
  const n = /^([+-]?\d+(?:[.,]\d+)?)\s*(?:°|deg|degrees?)?$/i.exec(v);
  if (n?.[1] !== undefined) return wrapDegrees(Number(n[1].replace(',', '.')));
  const word = v.toLowerCase().replaceAll(/[\s_-]/g, '');
  const point = compassWords.get(word) ?? v.toUpperCase();
  return compassDegrees.get(point);
}

/** A view: the bearing it faces and, for a range such as `90-180`, the angle it spans. */
export interface View {
  direction: number;
  spanDegrees?: number;
}

/**
 * Directions from `camera:direction` / `direction`: numbers, compass points, ranges (`90-180`,
 * `NE-SE`, clockwise from the first to the second) and `;` lists. Unreadable parts are left out.
 */
export function parseDirections(value: string): View[] {
  const out: View[] = [];
  for (const part of splitList(value)) {
    const single = parseBearing(part);
    if (single !== undefined) {
      out.push({ direction: single });
      continue;
    }
    // A range: two bearings joined by `-` (a minus sign of the second number is not a range).
    const range = /^(.+?)\s*[-–]\s*(.+)$/.exec(part);
    const from = range?.[1] === undefined ? undefined : parseBearing(range[1]);
    const to = range?.[2] === undefined ? undefined : parseBearing(range[2]);
    if (from === undefined || to === undefined) continue;
    const span = wrapDegrees(to - from);
    out.push({ direction: wrapDegrees(from + span / 2), spanDegrees: span === 0 ? 360 : span });
  }
  return out;
}

/** Height in metres: `5`, `5 m`, `5m`, `3,5`, `16 ft`, `16'`; nothing negative or above 1000 m. */
export function parseHeightM(value: string): number | undefined {
  const m = /^(\d+(?:[.,]\d+)?)\s*(m|meters?|metres?|ft|feet|')?$/i.exec(value.trim());
  if (m?.[1] === undefined) return undefined;
  const n = Number(m[1].replace(',', '.'));
  const unit = (m[2] ?? 'm').toLowerCase();
  const metres = unit === 'ft' || unit === 'feet' || unit === "'" ? n * 0.3048 : n;
  return metres > 1000 ? undefined : Math.round(metres * 100) / 100;
}

/** The first of a `;` or `/` list that is in `allowed` (case-insensitive), in its canonical spelling. */
function firstKnown<T extends string>(value: string, allowed: readonly T[]): T | undefined {
  for (const part of value.split(/[;/|,]/)) {
    const p = part.trim().toLowerCase();
    const hit = allowed.find((a) => a.toLowerCase() === p);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

const typeAliases = new Map<string, SurveillanceType>([
  ['camera', 'camera'],
  ['cctv', 'camera'],
  ['alpr', 'ALPR'],
  ['anpr', 'ALPR'],
  ['lpr', 'ALPR'],
  ['guard', 'guard'],
  ['gunshot_detector', 'gunshot_detector'],
]);

/** `surveillance:type`: camera, ALPR (also written ANPR), guard, gunshot detector, or other. */
export function parseSurveillanceType(value: string | undefined): SurveillanceType | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  for (const part of splitList(value)) {
    const t = typeAliases.get(part.toLowerCase());
    if (t !== undefined) return t;
  }
  return 'other';
}

/** `camera:type`: fixed, dome or panning (`ptz` and `360` are panning); first known of a list. */
export function parseCameraType(value: string | undefined): CameraType | undefined {
  if (value === undefined) return undefined;
  const folded = value.replaceAll(/\bptz\b|\b360\b/gi, 'panning');
  return firstKnown(folded, ['fixed', 'dome', 'panning'] as const);
}

/** `surveillance=*`: public, outdoor or indoor; junk (`camera`, `webcam`, `fake`) is left out. */
export function parseSurveillanceArea(value: string | undefined): SurveillanceArea | undefined {
  return value === undefined ? undefined : firstKnown(value, ['public', 'outdoor', 'indoor']);
}

const zones = [
  'town',
  'parking',
  'traffic',
  'shop',
  'bank',
  'building',
  'entrance',
  'street',
  'public_transport',
  'nesting_site',
] as const;
/** `surveillance:zone`, lower-cased; values outside the wiki's list are left out. */
export function parseZone(value: string | undefined): (typeof zones)[number] | undefined {
  return value === undefined ? undefined : firstKnown(value, zones);
}

const mounts = [
  'wall',
  'pole',
  'ceiling',
  'street_lamp',
  'tree',
  'building',
  'roof',
  'traffic_signals',
  'gantry',
] as const;
/** `camera:mount`: the first known mount of a list such as `wall/ceiling`. */
export function parseMount(value: string | undefined): (typeof mounts)[number] | undefined {
  return value === undefined ? undefined : firstKnown(value.replaceAll(' ', '_'), mounts);
}

const operatorTypes = new Map<string, OperatorType>([
  ['public', 'public'],
  ['government', 'public'],
  ['state', 'public'],
  ['municipal', 'public'],
  ['municipality', 'public'],
  ['police', 'public'],
  ['military', 'public'],
  ['private', 'private'],
  ['business', 'private'],
  ['commercial', 'private'],
  ['corporate', 'private'],
  ['community', 'community'],
  ['ngo', 'community'],
  ['religious', 'community'],
]);

/** `operator:type`, folded: public (government, police, …), private (business, …) or community. */
export function parseOperatorType(value: string | undefined): OperatorType | undefined {
  if (value === undefined) return undefined;
  for (const part of splitList(value)) {
    const t = operatorTypes.get(part.toLowerCase());
    if (t !== undefined) return t;
  }
  return undefined;
}

/** A tag's value trimmed, or undefined when absent or blank. */
export function text(value: string | undefined): string | undefined {
  const t = value?.trim();
  return t === undefined || t === '' ? undefined : t;
}
