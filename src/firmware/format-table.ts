import type { FirmwareReport } from './report.js';

const maxListed = 12;
const some = (xs: readonly string[]): string =>
  xs.length <= maxListed
    ? xs.join(', ')
    : `${xs.slice(0, maxListed).join(', ')} … (${xs.length} in all)`;

/** A terminal report: identity, advisories with KEV status, indicators, components, notes. */
export function formatFirmwareTable(r: FirmwareReport): string {
  const id = r.identity;
  const lines: string[] = [];
  const who = id.maker === undefined ? 'maker unknown' : id.maker.name;
  const brand = id.brand === undefined ? '' : `, built for ${id.brand.name}`;
  lines.push(`${r.file}: ${who}${brand} ${id.version ?? ''}`.trimEnd());
  lines.push(
    `  ${r.container}${r.encrypted ? ' (encrypted)' : ''}, ${r.sizeBytes} bytes, ${r.layers.length} layers, ${r.fileCount} files searched, sha256 ${r.sha256.slice(0, 16)}…`,
  );
  const facts: [string, string | undefined][] = [
    ['product line', id.productLine],
    ['device type', id.deviceType],
    ['platform', id.platform],
    ['families', id.families.length > 0 ? some(id.families) : undefined],
    ['models', id.models.length > 0 ? some(id.models) : undefined],
    ['build date', id.buildDate],
    ['language', id.language],
  ];
  for (const [k, v] of facts) if (v !== undefined) lines.push(`  ${k.padEnd(13)} ${v}`);
  for (const e of id.evidence) lines.push(`  evidence      ${e}`);
  for (const rel of id.relations) lines.push(`  relation      ${rel}`);
  if (id.restrictions.length > 0) lines.push(`  maker covered by: ${id.restrictions.join('; ')}`);
  if (r.advisories.length === 0) lines.push('  no kb advisory applies');
  for (const a of r.advisories) {
    const kev = a.kev === undefined ? '' : ` KEV since ${a.kev.added}`;
    const why = a.status === 'affected' ? '' : ` (${a.reason ?? 'may apply'})`;
    lines.push(
      `  ${a.status === 'affected' ? 'AFFECTED ' : 'may apply'} ${a.cve}${kev} — ${a.title} [${a.product}]${why}`,
    );
  }
  for (const i of r.indicators)
    lines.push(
      `  indicator ${i.severity.toUpperCase().padEnd(6)} ${i.title}: ${i.hits.map((h) => h.path).join(', ')}`,
    );
  if (r.components.length > 0)
    lines.push(`  components: ${r.components.map((c) => `${c.name} ${c.version}`).join(', ')}`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return `${lines.join('\n')}\n`;
}
