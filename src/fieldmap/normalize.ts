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
  // Fields set one by one, in the order the stored JSON has them: a spread per optional field
  // cost more than the rest of the normalisation (a million cameras in an import).
  const id = `${src.osmType[0] ?? ''}${src.osmId}`;
  const { osmType, osmId, version, lat, lon } = src;
  const c: Partial<Camera> =
    version === undefined
      ? { id, osmType, osmId, lat, lon }
      : { id, osmType, osmId, version, lat, lon };
  c.type = parseSurveillanceType(t['surveillance:type']) ?? 'unknown';
  if (cameraType !== undefined) c.cameraType = cameraType;
  const area = parseSurveillanceArea(t.surveillance);
  if (area !== undefined) c.area = area;
  const zone = parseZone(t['surveillance:zone']);
  if (zone !== undefined) c.zone = zone;
  const operator = text(t.operator ?? t['surveillance:operator']);
  if (operator !== undefined) c.operator = operator;
  const operatorType = parseOperatorType(t['operator:type']);
  if (operatorType !== undefined) c.operatorType = operatorType;
  const mount = parseMount(t['camera:mount']);
  if (mount !== undefined) c.mount = mount;
  const heightM = t.height === undefined ? undefined : parseHeightM(t.height);
  if (heightM !== undefined) c.heightM = heightM;
  c.directions = views.map((v) => v.direction);
  c.viewAngle = fov ?? defaultViewAngle(cameraType);
  c.viewAngleDefault = fov === undefined;
  const brand = text(t['surveillance:brand'] ?? t.brand);
  if (brand !== undefined) c.brand = brand;
  const manufacturer = text(t.manufacturer ?? t['surveillance:manufacturer']);
  if (manufacturer !== undefined) c.manufacturer = manufacturer;
  const model = text(t.model ?? t['camera:model'] ?? t['surveillance:model']);
  if (model !== undefined) c.model = model;
  if (maker !== undefined) c.maker = maker;
  c.tags = { ...t };
  return c as Camera;
}
