// Shapes of the API replies the UI reads (a subset of what /api/v1 sends).

export interface CountrySummary {
  id: string;
  iso3: string;
  numeric: string;
  name: string;
  region: string;
  projects: number;
  claims: number;
  suppliers: string[];
  restrictions: number;
}

export interface SourceView {
  n: number;
  id: string;
  title: string;
  publisher: string;
  date: string;
  url?: string;
}

export interface FigureClaim {
  id: string;
  text: string;
  asOf?: string;
  confidence: string;
  status: string;
  sources: number[];
  quote?: string;
  note?: string;
}

export interface Figure {
  property: string;
  label: string;
  claims: FigureClaim[];
  disagree: boolean;
}

export interface ProjectView {
  id: string;
  name: string;
  aliases: string[];
  kind: string;
  country: string;
  status: string;
  started?: string;
  bri: boolean;
  summary: string;
  places: string[];
  suppliers: Array<{ id: string; name: string }>;
  financiers: Array<{ id: string; name: string }>;
  capabilities: string[];
  figures: Figure[];
  agreements: Array<{ id: string; name: string; kind: string; date?: string; sources: number[] }>;
  sources: number[];
}

export interface SubjectView {
  kind: string;
  id: string;
  name: string;
  about: string;
  figures: Figure[];
  projects: ProjectView[];
  trainings: Array<{ id: string; name: string; summary: string; sources: number[] }>;
  restrictions: Array<{
    id: string;
    short: string;
    title: string;
    effective: string;
    jurisdiction: string;
  }>;
  sources: SourceView[];
}

export interface HostVerdict {
  address: string;
  mac?: string;
  maker?: string;
  makerName?: string;
  brand?: string;
  brandName?: string;
  model?: string;
  firmware?: string;
  deviceType?: string;
  confidence?: string;
  covered: boolean;
  restrictions: Array<{ restriction: string; short: string; status: string; since?: string }>;
  advisories: string[];
  evidence: Array<{ probe: string; seen: string; fingerprint: string; weight: number }>;
  /** E.g. "imported, unverified: …" on an uploaded verdict its evidence does not bear out. */
  notes?: string[];
}
