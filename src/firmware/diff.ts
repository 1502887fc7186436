import type { FirmwareReport } from './report.js';

/** What changed between two audits of firmware (usually two versions of one product). */
export interface FirmwareReportDiff {
  readonly from: { readonly file: string; readonly version: string | undefined };
  readonly to: { readonly file: string; readonly version: string | undefined };
  readonly makerChanged: boolean;
  readonly brandChanged: boolean;
  readonly modelsAdded: readonly string[];
  readonly modelsRemoved: readonly string[];
  /** `busybox 1.19.3 -> 1.31.1`, or added/removed versions. */
  readonly componentsChanged: readonly string[];
  readonly componentsAdded: readonly string[];
  readonly componentsRemoved: readonly string[];
  readonly indicatorsAdded: readonly string[];
  readonly indicatorsRemoved: readonly string[];
  readonly advisoriesAdded: readonly string[];
  readonly advisoriesRemoved: readonly string[];
}

const minus = (x: readonly string[], y: readonly string[]): string[] => {
  const ys = new Set(y);
  return [...new Set(x.filter((v) => !ys.has(v)))].sort();
};

/** Compares two reports: models, components (by name, then version), indicators, affected advisories. */
export function diffFirmwareReports(a: FirmwareReport, b: FirmwareReport): FirmwareReportDiff {
  const versions = (r: FirmwareReport): Map<string, string[]> => {
    const m = new Map<string, string[]>();
    for (const c of r.components) m.set(c.name, [...(m.get(c.name) ?? []), c.version]);
    return m;
  };
  const va = versions(a);
  const vb = versions(b);
  const changed: string[] = [];
  for (const [name, vs] of vb) {
    const before = va.get(name);
    if (before !== undefined && before.join(',') !== vs.join(','))
      changed.push(`${name} ${before.join(', ')} -> ${vs.join(', ')}`);
  }
  const affected = (r: FirmwareReport): string[] =>
    r.advisories.filter((x) => x.status === 'affected').map((x) => x.cve);
  return {
    from: { file: a.file, version: a.identity.version },
    to: { file: b.file, version: b.identity.version },
    makerChanged: a.identity.maker?.id !== b.identity.maker?.id,
    brandChanged: a.identity.brand?.name !== b.identity.brand?.name,
    modelsAdded: minus(b.identity.models, a.identity.models),
    modelsRemoved: minus(a.identity.models, b.identity.models),
    componentsChanged: changed.sort(),
    componentsAdded: minus([...vb.keys()], [...va.keys()]),
    componentsRemoved: minus([...va.keys()], [...vb.keys()]),
    indicatorsAdded: minus(
      b.indicators.map((i) => i.id),
      a.indicators.map((i) => i.id),
    ),
    indicatorsRemoved: minus(
      a.indicators.map((i) => i.id),
      b.indicators.map((i) => i.id),
    ),
    advisoriesAdded: minus(affected(b), affected(a)),
    advisoriesRemoved: minus(affected(a), affected(b)),
  };
}

/** The diff as lines for a terminal. */
export function formatFirmwareDiff(d: FirmwareReportDiff): string {
  const lines = [
    `${d.from.file} (${d.from.version ?? '?'}) -> ${d.to.file} (${d.to.version ?? '?'})`,
  ];
  const list = (label: string, xs: readonly string[]): void => {
    if (xs.length > 0) lines.push(`  ${label}: ${xs.join(', ')}`);
  };
  if (d.makerChanged) lines.push('  maker changed');
  if (d.brandChanged) lines.push('  brand changed');
  list('models added', d.modelsAdded);
  list('models removed', d.modelsRemoved);
  list('components changed', d.componentsChanged);
  list('components added', d.componentsAdded);
  list('components removed', d.componentsRemoved);
  list('indicators added', d.indicatorsAdded);
  list('indicators removed', d.indicatorsRemoved);
  list('advisories now affecting', d.advisoriesAdded);
  list('advisories no longer affecting', d.advisoriesRemoved);
  if (lines.length === 1)
    lines.push('  no difference in models, components, indicators or advisories');
  return `${lines.join('\n')}\n`;
}
