// The statistics page's answer (pure, zod): the seed article's figures against the records, and
// counts by vendor, year, project and financier — surveillance and infrastructure apart.
import { z } from 'zod';
import { Cites, FigureClaim, Ref, SourceEntry } from './common.js';
import { Party, ProjectClass } from './atlas.js';

export const Support = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('computed'),
    n: z.number(),
    how: z.string(),
    verdict: z.enum(['supported', 'not-supported']),
    records: z.array(Ref),
  }),
  z.object({ kind: z.literal('corroborated'), claims: z.array(FigureClaim) }),
  z.object({ kind: z.literal('contradicted'), claims: z.array(FigureClaim) }),
  z.object({ kind: z.literal('none'), reason: z.string() }),
]);

export const Headline = z.object({
  subject: Ref,
  label: z.string(),
  claim: FigureClaim,
  by: z.array(z.string()),
  support: Support,
});
export type Headline = z.infer<typeof Headline>;

export const Statistics = z.object({
  counts: z.object({
    countries: z.number().int(),
    projects: z.number().int(),
    surveillanceProjects: z.number().int(),
    infrastructureProjects: z.number().int(),
    countriesWithSurveillanceProjects: z.number().int(),
    claims: z.number().int(),
    sources: z.number().int(),
  }),
  headlines: z.array(Headline),
  deployments: z.array(
    z.object({
      vendor: Party,
      class: ProjectClass,
      year: z.number().int().nullable(),
      countries: z.array(Ref),
      projects: z.array(Ref),
    }),
  ),
  /** Projects by start year and class, for the chart. */
  projectsByYear: z.array(
    z.object({ year: z.number().int(), surveillance: z.number(), infrastructure: z.number() }),
  ),
  cameras: z.array(
    z.object({
      project: Ref,
      country: Ref,
      claims: z.array(FigureClaim.extend({ property: z.string() })),
      disputed: z.boolean(),
    }),
  ),
  financing: z.array(
    z.object({
      financier: Ref,
      /** One total per currency, never converted: `USD 240,000,000`. */
      totals: z.array(z.object({ currency: z.string(), amount: z.number(), text: z.string() })),
      countries: z.array(Ref),
      cites: Cites,
    }),
  ),
  restrictions: z.array(
    z.object({
      jurisdiction: z.string(),
      jurisdictionName: z.string(),
      restrictions: z.array(
        z.object({
          id: z.string(),
          short: z.string(),
          kindLabel: z.string(),
          effective: z.string(),
          effectiveText: z.string(),
          until: z.string().exactOptional(),
          cites: Cites,
        }),
      ),
    }),
  ),
  sources: z.array(SourceEntry),
});
export type Statistics = z.infer<typeof Statistics>;
