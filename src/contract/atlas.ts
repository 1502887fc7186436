// The atlas's answers (pure, zod): country and project lists and pages, with figures and sources.
import { z } from 'zod';
import { Cites, Figure, FigureClaim, Ref, SourceEntry, TimelineEntry } from './common.js';

export const ProjectClass = z.enum(['surveillance', 'infrastructure']);

/** A supplier or financier, with the page that shows it: a vendor's page, or its projects. */
export const Party = Ref.extend({ url: z.string() });

/** A project as lists show it. */
export const ProjectItem = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  class: ProjectClass,
  country: Ref,
  status: z.string(),
  statusLabel: z.string(),
  started: z.string().exactOptional(),
  startedText: z.string().exactOptional(),
  /** Start year, for filters; absent where no record dates the project. */
  year: z.number().int().exactOptional(),
  suppliers: z.array(Party),
  financiers: z.array(Party),
  capabilities: z.array(Ref),
  bri: z.boolean(),
});
export type ProjectItem = z.infer<typeof ProjectItem>;
export const ProjectList = z.array(ProjectItem);

/** A place on a project's map. */
export const PlaceItem = z.object({
  id: z.string(),
  name: z.string(),
  kindLabel: z.string(),
  lat: z.number(),
  lon: z.number(),
});

/** A project's own page. */
export const ProjectPage = ProjectItem.extend({
  aliases: z.array(z.string()),
  summary: z.string(),
  places: z.array(PlaceItem),
  /** Financing and contract figures, each amount in its own currency. */
  financing: z.array(FigureClaim),
  figures: z.array(Figure),
  timeline: z.array(TimelineEntry),
  agreements: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kindLabel: z.string(),
      date: z.string().exactOptional(),
      dateText: z.string().exactOptional(),
      parties: z.array(Ref),
      cites: Cites,
    }),
  ),
  /** Projects in the same country or with the same suppliers. */
  related: z.array(ProjectItem),
  cites: Cites,
  sources: z.array(SourceEntry),
});
export type ProjectPage = z.infer<typeof ProjectPage>;

/** A country as the list and the map show it. */
export const CountryItem = z.object({
  id: z.string(),
  name: z.string(),
  iso3: z.string(),
  numeric: z.string(),
  region: z.string(),
  surveillanceProjects: z.number().int(),
  infrastructureProjects: z.number().int(),
  claims: z.number().int(),
  suppliers: z.array(Ref),
  restrictions: z.number().int(),
});
export type CountryItem = z.infer<typeof CountryItem>;
export const CountryList = z.array(CountryItem);

/** A restriction as a line on a page. */
export const RestrictionLine = z.object({
  id: z.string(),
  short: z.string(),
  title: z.string(),
  jurisdiction: z.string(),
  jurisdictionName: z.string(),
  kindLabel: z.string(),
  effective: z.string(),
  effectiveText: z.string(),
  until: z.string().exactOptional(),
  untilText: z.string().exactOptional(),
  cites: Cites,
});
export type RestrictionLine = z.infer<typeof RestrictionLine>;

/** A country's page: its projects (surveillance and infrastructure apart), figures, rules. */
export const CountryPage = z.object({
  id: z.string(),
  name: z.string(),
  region: z.string(),
  figures: z.array(Figure),
  projects: z.array(ProjectItem),
  trainings: z.array(
    z.object({ id: z.string(), name: z.string(), summary: z.string(), cites: Cites }),
  ),
  restrictions: z.array(RestrictionLine),
  sources: z.array(SourceEntry),
});
export type CountryPage = z.infer<typeof CountryPage>;
