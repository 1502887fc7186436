// A surveillance camera from OpenStreetMap, normalised. Never holds who mapped it: OSM user names,
// user ids and changeset ids are not read from any input.
import type { CoverageStatus } from '../kb/index.js';
import type { CameraType, OperatorType, SurveillanceArea, SurveillanceType } from './tag-values.js';

/** The kind of OSM element a camera came from; ways and closed areas become their centroid. */
export type OsmType = 'node' | 'way' | 'relation';

/** The maker behind a camera's brand or manufacturer tag, resolved through the kb. */
export interface CameraMaker {
  /** kb vendor id of the maker (`hikvision`). */
  maker: string;
  makerName: string;
  /** kb vendor id of the label, when the tag names a brand or OEM of the maker (`lts`). */
  brand?: string;
  /** The tag value that resolved. */
  matched: string;
  /** Covered under a US federal equipment rule on the import date. */
  covered: boolean;
  status: CoverageStatus;
  /** Since when the covering rule has reached it (the earliest such date). */
  coveredSince?: string;
  /** kb sources behind the status. */
  sources: readonly string[];
}

/** One camera as stored and served. */
export interface Camera {
  /** `n123` for node 123, `w45` for way 45, `r9` for relation 9. */
  id: string;
  osmType: OsmType;
  osmId: number;
  /** The element's OSM version, when the input gives it; an older one never replaces a newer. */
  version?: number;
  lat: number;
  lon: number;
  type: SurveillanceType | 'unknown';
  cameraType?: CameraType;
  /** `surveillance=public|outdoor|indoor`. */
  area?: SurveillanceArea;
  /** `surveillance:zone`. */
  zone?: string;
  operator?: string;
  operatorType?: OperatorType;
  mount?: string;
  heightM?: number;
  /** Bearings in degrees clockwise from north; empty when unknown. */
  directions: number[];
  /** Horizontal field of view in degrees. */
  viewAngle: number;
  /** True when `viewAngle` is the default for the camera type, not read from the tags. */
  viewAngleDefault: boolean;
  brand?: string;
  manufacturer?: string;
  model?: string;
  /** Absent when no brand tag resolves to a kb vendor. */
  maker?: CameraMaker;
  /** Country (Natural Earth name) by its position; `''` when in no country's shape. */
  country?: string;
  /**
   * City or area: the camera's `addr:city`, else the nearest OSM place (the store sets it after
   * an import, so it is added when a stored camera is read: `cameraOfRecord`).
   */
  city?: string;
  /** Every tag as mapped. */
  tags: Record<string, string>;
}
