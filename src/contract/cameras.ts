// The street map's data (pure, zod): OpenStreetMap cameras in a viewport, as clusters at low zoom
// and single cameras with their field of view at street zoom; counts for an area.
import { z } from 'zod';

const Point = z.object({
  type: z.literal('Point'),
  /** [lon, lat] (RFC 7946). */
  coordinates: z.tuple([z.number(), z.number()]),
});

/** Cameras of one grid cell: the map draws its size and its covered share. */
export const CameraClusterProperties = z.object({
  cluster: z.literal(true),
  count: z.number().int(),
  covered: z.number().int(),
  /** Counts by kb maker id; `unknown` where no maker resolved. */
  byMaker: z.record(z.string(), z.number().int()),
});

/** One camera, as the map's popup and cone need it. */
export const CameraPointProperties = z.object({
  cluster: z.literal(false),
  id: z.string(),
  /** The OSM element's page (`https://www.openstreetmap.org/node/123`). */
  osm: z.string(),
  type: z.string(),
  cameraType: z.string().exactOptional(),
  maker: z.string().nullable(),
  makerName: z.string().nullable(),
  /** The brand or manufacturer as mapped. */
  brand: z.string().nullable(),
  model: z.string().nullable(),
  covered: z.boolean(),
  /** named / affiliate / oem / … / not-covered, or unknown when no maker resolved. */
  status: z.string(),
  coveredSince: z.string().nullable(),
  operator: z.string().nullable(),
  operatorType: z.string().nullable(),
  area: z.string().nullable(),
  zone: z.string().nullable(),
  mount: z.string().nullable(),
  heightM: z.number().nullable(),
  /** Bearings, degrees clockwise from north. */
  directions: z.array(z.number()),
  /** Horizontal field of view in degrees. */
  angle: z.number(),
  /** The angle is the default for the camera type, not mapped. */
  angleDefault: z.boolean(),
  /** kb source ids behind the maker and status; titles in the answer's `sources`. */
  sources: z.array(z.string()),
  /** Country (Natural Earth name) by position; null when in no country's shape. */
  country: z.string().nullable(),
  /** City or area: the camera's `addr:city`, else the nearest OSM place. */
  city: z.string().nullable(),
});

export const CameraFeature = z.object({
  type: z.literal('Feature'),
  id: z.string().exactOptional(),
  geometry: Point,
  properties: z.union([CameraClusterProperties, CameraPointProperties]),
});
export type CameraFeature = z.infer<typeof CameraFeature>;

/** A source a camera's status rests on. */
export const CameraSource = z.object({
  title: z.string(),
  publisher: z.string(),
  url: z.string().exactOptional(),
});

export const CameraCollection = z.object({
  type: z.literal('FeatureCollection'),
  /** `clusters` at low zoom, `cameras` at street zoom or when few are in view. */
  mode: z.enum(['clusters', 'cameras']),
  zoom: z.number(),
  /** Cameras in the view that match the filters. */
  total: z.number().int(),
  covered: z.number().int(),
  /** True when more cameras matched than the answer holds. */
  truncated: z.boolean(),
  features: z.array(CameraFeature),
  sources: z.record(z.string(), CameraSource),
  attribution: z.string(),
});
export type CameraCollection = z.infer<typeof CameraCollection>;

export const CameraStatsAnswer = z.object({
  total: z.number().int(),
  covered: z.number().int(),
  byMaker: z.array(
    z.object({
      maker: z.string(),
      name: z.string(),
      count: z.number().int(),
      covered: z.number().int(),
    }),
  ),
  byOperatorType: z.record(z.string(), z.number().int()),
  byType: z.record(z.string(), z.number().int()),
  /** By country (Natural Earth name, set at import), largest first; `unknown` where none. */
  byCountry: z.array(
    z.object({ name: z.string(), count: z.number().int(), covered: z.number().int() }),
  ),
  /** By city or area (`addr:city`, else the nearest OSM place), the 50 largest. */
  byCity: z.array(
    z.object({
      name: z.string(),
      country: z.string(),
      count: z.number().int(),
      covered: z.number().int(),
    }),
  ),
  attribution: z.string(),
});
export type CameraStatsAnswer = z.infer<typeof CameraStatsAnswer>;

/**
 * The street basemap `serve --basemap FILE.pmtiles` serves (PMTiles v3, read by the browser with
 * range requests to `url` on this server), or `configured: false`.
 */
export const BasemapAnswer = z.union([
  z.object({ configured: z.literal(false) }),
  z.object({
    configured: z.literal(true),
    /** Where the file is, on this server (same origin). */
    url: z.string(),
    tileType: z.enum(['mvt', 'png', 'jpeg', 'webp']),
    minZoom: z.number().int(),
    maxZoom: z.number().int(),
    /** [west, south, east, north] in degrees. */
    bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
    /** MVT: the layers the file's metadata names, drawn with a plain style (no labels). */
    vectorLayers: z.array(z.object({ id: z.string(), geometry: z.string().exactOptional() })),
    attribution: z.string().nullable(),
  }),
]);
export type BasemapAnswer = z.infer<typeof BasemapAnswer>;
