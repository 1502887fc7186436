// Shared readings of atlas records (pure): claim ranking, display names, project suppliers and
// years, and the JSON-able view of a claim.
import type { Kb } from '../kb/index.js';
import { byId, claimsBySubject } from './lookup.js';
import { MONEY_UNITS } from './properties.js';
import type { Atlas, Claim, Project } from './schema.js';

/** Where a seed-article claim comes from: the source id every such claim cites. */
export const SEED_SOURCE = 'seed-article';

const STATUS_RANK = { confirmed: 3, reported: 2, disputed: 1, refuted: 0 } as const;
const CONFIDENCE_RANK = { high: 3, medium: 2, low: 1, unverified: 0 } as const;

/** Best first: confirmed over reported over disputed, then confidence, then the newer figure. */
export function compareClaims(a: Claim, b: Claim): number {
  return (
    STATUS_RANK[b.status] - STATUS_RANK[a.status] ||
    CONFIDENCE_RANK[b.confidence] - CONFIDENCE_RANK[a.confidence] ||
    (b.asOf ?? '').localeCompare(a.asOf ?? '') ||
    a.id.localeCompare(b.id)
  );
}

/** True when a vendor id (kb) or organisation id (atlas) belongs to a company based in China. */
export function isChinese(atlas: Atlas, kb: Kb, id: string): boolean {
  const v = kb.vendors.get(id);
  if (v !== undefined) return v.country === 'CN';
  return byId(atlas.organisations).get(id)?.country === 'CN';
}

export function nameOf(atlas: Atlas, kb: Kb, id: string): string {
  return (
    kb.vendors.get(id)?.name ??
    byId(atlas.organisations).get(id)?.name ??
    byId(atlas.countries).get(id)?.name ??
    id
  );
}

/** A claim subject's display name: `project:x`, `vendor:x`, `country:XX`, `org:x` or `world`. */
export function subjectName(atlas: Atlas, kb: Kb, subject: string): string {
  if (subject === 'world') return 'the world';
  const [kind, id = ''] = subject.split(':');
  if (kind === 'project') return byId(atlas.projects).get(id)?.name ?? subject;
  return nameOf(atlas, kb, id);
}

/** The year a project started: its `started` field, else its best `started` claim. */
export function projectYear(atlas: Atlas, p: Project): number | undefined {
  const started =
    p.started ??
    (claimsBySubject(atlas.claims).get(`project:${p.id}`) ?? [])
      .filter((c) => c.property === 'started' && c.status !== 'refuted')
      .sort(compareClaims)
      .map((c) => String(c.value))[0];
  return started === undefined ? undefined : Number(started.slice(0, 4));
}

/** Suppliers of a project: its `vendors` plus the objects of its `supplier` claims. */
export function projectSuppliers(atlas: Atlas, p: Project): string[] {
  const out = new Set(p.vendors);
  for (const c of claimsBySubject(atlas.claims).get(`project:${p.id}`) ?? []) {
    if (c.property !== 'supplier' || c.status === 'refuted') continue;
    const id = String(c.value).split(':')[1];
    if (id !== undefined) out.add(id);
  }
  return [...out];
}

export interface ClaimView {
  id: string;
  property: string;
  value: Claim['value'];
  /** The figure as words, with its unit or currency: `CNY 97,000,000`, `4,500+ cameras`, `38.88 %`. */
  display: string;
  valueMax?: number;
  precision: Claim['precision'];
  unit?: string;
  /** The area the figure covers where narrower than its subject (ISO 3166-1 alpha-2). */
  scope?: string;
  asOf?: string;
  status: Claim['status'];
  confidence: Claim['confidence'];
  sources: string[];
}

export function claimView(c: Claim): ClaimView {
  return {
    id: c.id,
    property: c.property,
    value: c.value,
    display: formatAmount(c),
    ...(c.valueMax !== undefined ? { valueMax: c.valueMax } : {}),
    precision: c.precision,
    ...(c.unit !== undefined ? { unit: c.unit } : {}),
    ...(c.scope !== undefined ? { scope: c.scope } : {}),
    ...(c.asOf !== undefined ? { asOf: c.asOf } : {}),
    status: c.status,
    confidence: c.confidence,
    sources: c.sources.map((s) => s.source),
  };
}

const number = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 4 });

/**
 * A claim's figure as words, keeping its unit: currencies before the amount (`USD 240,000,000`),
 * percentages after (`38.88 %`), other units as words (`1,800+ cameras`). Non-numbers as they are.
 */
export function formatAmount(c: Pick<Claim, 'value' | 'valueMax' | 'precision' | 'unit'>): string {
  const v = c.value;
  if (typeof v !== 'number') return String(v);
  const n =
    c.valueMax !== undefined
      ? `${number.format(v)}–${number.format(c.valueMax)}`
      : number.format(v);
  const prefix =
    c.precision === 'approximate' ? 'about ' : c.precision === 'at-most' ? 'at most ' : '';
  const suffix = c.precision === 'at-least' ? '+' : '';
  const unit = c.unit ?? '';
  if (MONEY_UNITS.includes(unit)) return `${prefix}${unit.toUpperCase()} ${n}${suffix}`;
  if (unit === 'percent') return `${prefix}${n}${suffix} %`;
  return `${prefix}${n}${suffix}${unit === '' ? '' : ` ${unit}`}`;
}
