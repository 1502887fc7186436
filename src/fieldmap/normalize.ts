// An OSM element tagged man_made=surveillance -> a Camera (pure). The raw tags stay on the camera.
import type { Camera, OsmType } from './camera.js';
import type { MakerResolver } from './maker.js';
import {
  parseCameraType,
  parseDirections,
  parseHeightM,
  parseMount,
  parseOperatorType,
  parseSurveillanceArea,
  parseSurveillanceType,
  parseZone,
  text,
  type CameraType,
} from './tag-values.js';

/** Whether an element's tags make it a surveillance device (`man_made=surveillance`). */
export function isSurveillance(tags: Readonly<Record<string, string>>): boolean {
  return tags.man_made?.trim().toLowerCase() === 'surveillance';
}

/**
 * Horizontal field of view when the tags give none: a panning camera turns all around, a dome
 * sees wide, a fixed camera's lens is typically 60–90° (SunderS draws 15° by default, which hides
 * most of what a street camera sees).
 */
export function defaultViewAngle(cameraType: CameraType | undefined): number {
  if (cameraType === 'panning') return 360;
  if (cameraType === 'dome') return 90;
  return 60;
}

/** Reads a `camera:angle`-style field-of-view value when it is a plain number of degrees. */
function parseFieldOfView(value: string | undefined): number | undefined {
  const m = value === undefined ? null : /^(\d+(?:\.\d+)?)\s*°?$/.exec(value.trim());
  const n = m?.[1] === undefined ? undefined : Number(m[1]);
  return n !== undefined && n > 0 && n <= 360 ? n : undefined;
}

/** The element a camera comes from: type, id, position, version and tags. */
export interface CameraSource {
  osmType: OsmType;
  osmId: number;
  lat: number;
  lon: number;
  version?: number;
  tags: Readonly<Record<string, string>>;
}

/** Normalises one surveillance element's tags into a camera. */
export function normalizeCamera(src: CameraSource, makers: MakerResolver): Camera {
  const t = src.tags;
  const cameraType = parseCameraType(t['camera:type']);
  const views = parseDirections(t['camera:direction'] ?? t.direction ?? '');
  const span = views.find((v) => v.spanDegrees !== undefined)?.spanDegrees;
  const fov = span ?? parseFieldOfView(t['camera:fov'] ?? t['camera:angle']);
  const maker = makers.resolve(t);
  const opt = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
    value === undefined ? {} : ({ [key]: value } as Record<K, V>);
  return {
    id: `${src.osmType[0] ?? ''}${src.osmId}`,
    osmType: src.osmType,
    osmId: src.osmId,
    ...opt('version', src.version),
    lat: src.lat,
    lon: src.lon,
    type: parseSurveillanceType(t['surveillance:type']) ?? 'unknown',
    ...opt('cameraType', cameraType),
    ...opt('area', parseSurveillanceArea(t.surveillance)),
    ...opt('zone', parseZone(t['surveillance:zone'])),
    ...opt('operator', text(t.operator ?? t['surveillance:operator'])),
    ...opt('operatorType', parseOperatorType(t['operator:type'])),
    ...opt('mount', parseMount(t['camera:mount'])),
    ...opt('heightM', t.height === undefined ? undefined : parseHeightM(t.height)),
    directions: views.map((v) => v.direction),
    viewAngle: fov ?? defaultViewAngle(cameraType),
    viewAngleDefault: fov === undefined,
    ...opt('brand', text(t['surveillance:brand'] ?? t.brand)),
    ...opt('manufacturer', text(t.manufacturer ?? t['surveillance:manufacturer'])),
    ...opt('model', text(t.model ?? t['camera:model'] ?? t['surveillance:model'])),
    ...opt('maker', maker),
    tags: { ...t },
  };
}
