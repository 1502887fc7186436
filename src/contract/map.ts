// The world map's data (pure, zod): country shapes with what the atlas records for each.
import { z } from 'zod';

export const MapCountryProperties = z.object({
  /** ISO 3166-1 numeric code (the shapes' key). */
  numeric: z.string(),
  /** ISO 3166-1 alpha-2 where the atlas knows the country. */
  id: z.string().exactOptional(),
  name: z.string(),
  surveillanceProjects: z.number().int(),
  infrastructureProjects: z.number().int(),
  restrictions: z.number().int(),
});

export const MapCountries = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string().exactOptional(),
      properties: MapCountryProperties,
      geometry: z.unknown(),
    }),
  ),
  /** Small states without a shape at this scale, drawn as dots so they can be clicked. */
  dots: z.array(z.object({ properties: MapCountryProperties, lon: z.number(), lat: z.number() })),
});
export type MapCountries = z.infer<typeof MapCountries>;

export const PlaceCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string(),
      geometry: z.object({
        type: z.literal('Point'),
        coordinates: z.tuple([z.number(), z.number()]),
      }),
      properties: z.object({
        name: z.string(),
        kindLabel: z.string(),
        country: z.object({ id: z.string(), name: z.string() }),
        projects: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            class: z.string(),
            suppliers: z.array(z.string()),
          }),
        ),
      }),
    }),
  ),
});
export type PlaceCollection = z.infer<typeof PlaceCollection>;
